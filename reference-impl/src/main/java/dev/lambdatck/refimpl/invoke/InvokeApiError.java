package dev.lambdatck.refimpl.invoke;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.http.Json;
import dev.lambdatck.refimpl.http.Replies;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** An Invoke API request error in AWS's shape: {@code X-Amzn-ErrorType} plus {@code {"Type":"User","message":…}}. */
public record InvokeApiError(HttpResponseStatus status, String errorType, String message) {

    public static final int MAX_SYNC_PAYLOAD = 6_291_456;
    public static final int MAX_ASYNC_PAYLOAD = 1_048_576;

    public static InvokeApiError notFound(String what) {
        return new InvokeApiError(HttpResponseStatus.NOT_FOUND, "ResourceNotFoundException", "Function not found: " + what);
    }

    public static InvokeApiError tooLarge(int limit) {
        return new InvokeApiError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "RequestTooLargeException",
                "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
    }

    /** The refusal of an oversized payload, as the platform's faults shape it. */
    public static InvokeApiError tooLarge(int limit, FaultSet faults) {
        InvokeApiError e = tooLarge(limit);
        // the fault borrows the Runtime API's name for the same condition (an easy mix-up)
        return faults.has(Fault.OVERSIZED_PAYLOAD_WRONG_TYPE) ? new InvokeApiError(e.status(), "RequestEntityTooLarge", e.message()) : e;
    }

    public static InvokeApiError invalidParameter(String message) {
        return new InvokeApiError(HttpResponseStatus.BAD_REQUEST, "InvalidParameterValueException", message);
    }

    public static InvokeApiError invalidContent(String message) {
        return new InvokeApiError(HttpResponseStatus.BAD_REQUEST, "InvalidRequestContentException", message);
    }

    public static InvokeApiError tooManyRequests() {
        return new InvokeApiError(HttpResponseStatus.TOO_MANY_REQUESTS, "TooManyRequestsException",
                "Rate Exceeded.");
    }

    public FullHttpResponse toResponse(String requestId) {
        var n = Json.MAPPER.createObjectNode();
        n.put("Type", "User");
        n.put("message", message);
        FullHttpResponse r = Replies.full(status, Replies.JSON, Json.bytes(n));
        r.headers().set("X-Amzn-ErrorType", errorType);
        r.headers().set("X-Amzn-RequestId", requestId);
        return r;
    }
}

package dev.lambdatck.refimpl.runtimeapi;

import dev.lambdatck.refimpl.http.Json;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The exact error answers of the Runtime API (status, errorType, errorMessage), as RAPID renders them. */
public record RuntimeApiErrors(HttpResponseStatus status, String errorType, String errorMessage) {

    public static final int MAX_PAYLOAD = 6_291_556;

    public static RuntimeApiErrors invalidRequestId() {
        return new RuntimeApiErrors(HttpResponseStatus.BAD_REQUEST, "InvalidRequestID", "Invalid request ID");
    }

    /** @param from the runtime state name as RAPID reports it (Started, Ready, Running, InitError, ...) */
    public static RuntimeApiErrors invalidStateTransition(String from, String to) {
        return new RuntimeApiErrors(HttpResponseStatus.FORBIDDEN, "InvalidStateTransition",
                "State transition from " + from + " to " + to + " failed for runtime. Error: State transition is not allowed");
    }

    public static RuntimeApiErrors tooLarge() {
        return new RuntimeApiErrors(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "RequestEntityTooLarge",
                "Exceeded maximum allowed payload size (" + MAX_PAYLOAD + " bytes).");
    }

    public static RuntimeApiErrors invalidResponseMode() {
        return new RuntimeApiErrors(HttpResponseStatus.BAD_REQUEST, "InvalidFunctionResponseMode",
                "Invalid function response mode");
    }

    public static RuntimeApiErrors truncated() {
        return new RuntimeApiErrors(HttpResponseStatus.BAD_REQUEST, "TruncatedHTTPRequest",
                "HTTP request detected as truncated");
    }

    /** Only under the refuse-chunked-response fault. */
    public static RuntimeApiErrors lengthRequired() {
        return new RuntimeApiErrors(HttpResponseStatus.LENGTH_REQUIRED, "LengthRequired", "Content-Length required");
    }

    /** Only under the reject-expect-continue fault. */
    public static RuntimeApiErrors expectationFailed() {
        return new RuntimeApiErrors(HttpResponseStatus.EXPECTATION_FAILED, "ExpectationFailed", "Expect: 100-continue is not supported");
    }

    public static RuntimeApiErrors internal() {
        return new RuntimeApiErrors(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalServerError",
                "Internal Server Error");
    }

    public byte[] body() {
        return Json.error(errorType, errorMessage);
    }
}

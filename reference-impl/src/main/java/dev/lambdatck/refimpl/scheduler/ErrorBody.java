package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.http.Json;
import dev.lambdatck.refimpl.invoke.FunctionError;
import dev.lambdatck.refimpl.invoke.Invocation;
import dev.lambdatck.refimpl.runtimeapi.BodyConsumer;
import dev.lambdatck.refimpl.runtimeapi.Reply;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiErrors;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/** The body of {@code POST /error}: passed to the invoker unchanged, or a default one when empty. */
final class ErrorBody implements BodyConsumer {

    static final String ERROR_CAUSE_JSON = "application/vnd.aws.lambda.error.cause+json";

    private final AnswerListener env;
    private final Invocation inv;
    private final String errorType;
    private final String contentType;
    private final LimitedBytes bytes = new LimitedBytes(RuntimeApiErrors.MAX_PAYLOAD);

    ErrorBody(AnswerListener env, Invocation inv, String errorType, String contentType) {
        this.env = env;
        this.inv = inv;
        this.errorType = errorType;
        this.contentType = contentType;
    }

    @Override
    public boolean content(ByteBuf content, Runnable resume) {
        bytes.add(content);
        return true;
    }

    @Override
    public Reply end(HttpHeaders trailers) {
        if (bytes.oversize()) {
            env.errorEnded(inv, FunctionError.platform(inv.requestId(), FunctionError.RESPONSE_TOO_LARGE,
                    "Response payload size (" + bytes.count() + " bytes) exceeded maximum allowed payload size ("
                            + RuntimeApiErrors.MAX_PAYLOAD + " bytes)."));
            return Reply.error(RuntimeApiErrors.tooLarge());
        }
        FunctionError e = functionError(errorType, contentType, bytes.toArray(), env.faults().has(Fault.EMPTY_DEFAULT_ERROR_BODY));
        if (env.faults().has(Fault.REWRITE_ERROR_BODY)) {
            e = new FunctionError(e.errorType(), Json.error(e.errorType(), "error body replaced by the platform"), "application/json", true);
        }
        if (env.faults().has(Fault.NO_FUNCTION_ERROR_HEADER)) e = FunctionError.unflagged(e.errorType(), e.body(), e.contentType());
        env.errorEnded(inv, e);
        return Reply.accepted();
    }

    /** RAPID's default when the runtime sent no body: {@code {"errorMessage":"Unknown application error occurred"[,"errorType":T]}}. */
    static FunctionError functionError(String errorType, String contentType, byte[] body, boolean keepEmpty) {
        String type = errorType == null || errorType.isEmpty() ? "Runtime.Unknown" : errorType;
        if (body.length == 0 && !keepEmpty) {
            var n = Json.MAPPER.createObjectNode();
            n.put("errorMessage", "Unknown application error occurred");
            n.put("errorType", type);
            return new FunctionError(type, Json.bytes(n), "application/json", true);
        }
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(ERROR_CAUSE_JSON)) {
            // RAPID strips the X-Ray cause and forwards the rest as JSON; an unreadable body becomes "Invalid error body"
            try {
                var node = Json.MAPPER.readTree(body);
                if (node != null && node.isObject()) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("errorCause");
                    return new FunctionError(type, Json.bytes(node), "application/json", true);
                }
            } catch (java.io.IOException notJson) {
                // fall through
            }
            return new FunctionError(type, "\"Invalid error body\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    "application/octet-stream", true);
        }
        String ct = contentType == null || contentType.isEmpty() ? "application/json" : contentType;
        return new FunctionError(type, body, ct, true);
    }

    @Override
    public void abort(String why) {
        bytes.release();
        env.bodyAborted(inv, why);
    }
}

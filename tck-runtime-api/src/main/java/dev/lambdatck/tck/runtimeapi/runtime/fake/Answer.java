package dev.lambdatck.tck.runtimeapi.runtime.fake;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How the fake platform answers one request instead of its normal, spec-conforming answer: another
 * status, a connection reset, a silent close, a truncated body, or a malformed chunked body.
 */
public sealed interface Answer {

    /** A complete answer with this status, headers and body ({@code Content-Length} framed; none for 204). */
    record Status(int status, List<Header> headers, byte[] body) implements Answer {
        public Status {
            headers = List.copyOf(headers);
            body = body == null ? new byte[0] : body.clone();
        }
    }

    /** The connection is reset (TCP RST) without an answer. */
    record Reset() implements Answer {
    }

    /** The connection is closed without an answer. */
    record Close() implements Answer {
    }

    /** The status line and headers announce {@code body.length} bytes; only {@code sent} of them come, then the connection closes. */
    record Truncated(int status, byte[] body, int sent) implements Answer {
    }

    /** A chunked answer whose second chunk size line is not hexadecimal; then the connection closes. */
    record MalformedChunks(int status) implements Answer {
    }

    static Answer reset() {
        return new Reset();
    }

    static Answer close() {
        return new Close();
    }

    /** The platform's error document for a status: 400 InvalidRequestID, 403 InvalidStateTransition, 413, 500, 2xx OK. */
    static Status status(int status) {
        return switch (status) {
            case 200, 201, 202 -> ok(status);
            case 204 -> new Status(204, List.of(), new byte[0]);
            case 400 -> error(400, "InvalidRequestID", "Invalid request ID");
            case 403 -> error(403, "InvalidStateTransition", "State transition is not allowed");
            case 413 -> error(413, "RequestEntityTooLarge", "Exceeded maximum allowed payload size (6291556 bytes).");
            case 500 -> error(500, "InternalServerError", "Internal Server Error");
            default -> error(status, "Tck.InjectedStatus", "status " + status + " injected by the TCK");
        };
    }

    static Status ok(int status) {
        return json(status, "{\"status\":\"OK\"}", List.of());
    }

    static Status error(int status, String errorType, String message) {
        return json(status, "{\"errorMessage\":\"" + message + "\",\"errorType\":\"" + errorType + "\"}", List.of());
    }

    static Status json(int status, String json, List<Header> extra) {
        List<Header> h = new java.util.ArrayList<>();
        h.add(new Header("Content-Type", "application/json"));
        h.addAll(extra);
        return new Status(status, h, json.getBytes(StandardCharsets.UTF_8));
    }

    static Answer truncated(int status, byte[] body, int sent) {
        return new Truncated(status, body.clone(), sent);
    }

    static Answer malformedChunks(int status) {
        return new MalformedChunks(status);
    }
}

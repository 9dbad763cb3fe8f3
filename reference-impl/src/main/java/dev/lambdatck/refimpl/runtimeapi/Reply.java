package dev.lambdatck.refimpl.runtimeapi;

import dev.lambdatck.refimpl.http.Replies;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;

/** What the Runtime API answers to one request that is not a /next. */
public record Reply(HttpResponseStatus status, String contentType, byte[] body) {

    private static final byte[] STATUS_OK = "{\"status\":\"OK\"}".getBytes(StandardCharsets.US_ASCII);

    public static Reply accepted() {
        return new Reply(HttpResponseStatus.ACCEPTED, Replies.JSON, STATUS_OK);
    }

    public static Reply error(RuntimeApiErrors e) {
        return new Reply(e.status(), Replies.JSON, e.body());
    }

    public FullHttpResponse toResponse() {
        return Replies.full(status, contentType, body);
    }
}

package dev.lambdatck.refimpl.runtimeapi;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/** Consumes one request body as it streams in (never aggregated by the server). */
public interface BodyConsumer {

    /**
     * Takes ownership of {@code content}.
     *
     * @param resume run once when the consumer can take more after this returned false
     * @return false to pause reading (back-pressure from a slow streaming invoker)
     */
    boolean content(ByteBuf content, Runnable resume);

    /** The body ended; {@code trailers} may be empty. Returns the answer for the runtime. */
    Reply end(HttpHeaders trailers);

    /** The body will never end: connection lost or malformed chunked encoding. */
    void abort(String why);
}

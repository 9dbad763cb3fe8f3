package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.invoke.FunctionError;
import dev.lambdatck.refimpl.invoke.Invocation;
import dev.lambdatck.refimpl.runtimeapi.BodyConsumer;
import dev.lambdatck.refimpl.runtimeapi.Reply;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;

import java.io.ByteArrayOutputStream;
import java.util.function.Function;

/**
 * The refused-post-overwrites-result fault: a buffered /response collected and handed to the invoker only after a
 * delay, during which a later post that the platform refuses still replaces it (the bug: store, then validate).
 */
final class HeldResult {

    private final Invocation inv;
    private byte[] body;
    private String contentType;
    private FunctionError error;

    HeldResult(Invocation inv) {
        this.inv = inv;
    }

    Invocation invocation() {
        return inv;
    }

    synchronized void succeedWith(byte[] body, String contentType) {
        this.body = body;
        this.contentType = contentType;
        this.error = null;
    }

    synchronized void failWith(FunctionError error) {
        this.error = error;
    }

    /** Hands whatever the held result now is to the invoker. */
    void deliver() {
        byte[] b;
        String ct;
        FunctionError e;
        synchronized (this) {
            b = body;
            ct = contentType;
            e = error;
        }
        if (e != null) {
            inv.fail(e);
        } else if (b != null) {
            inv.begin(ct);
            inv.chunk(Unpooled.wrappedBuffer(b), () -> { });
            inv.succeed();
        }
    }

    /** Collects a small body, then lets {@code onEnd} decide the reply. */
    static final class Collect implements BodyConsumer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Function<byte[], Reply> onEnd;
        private final Runnable onAbort;

        Collect(Function<byte[], Reply> onEnd, Runnable onAbort) {
            this.onEnd = onEnd;
            this.onAbort = onAbort;
        }

        @Override
        public boolean content(ByteBuf content, Runnable resume) {
            try {
                if (bytes.size() < RuntimeApiErrors.MAX_PAYLOAD) content.readBytes(bytes, content.readableBytes());
            } catch (java.io.IOException impossible) {
                throw new java.io.UncheckedIOException(impossible);
            } finally {
                content.release();
            }
            return true;
        }

        @Override
        public Reply end(HttpHeaders trailers) {
            return onEnd.apply(bytes.toByteArray());
        }

        @Override
        public void abort(String why) {
            onAbort.run();
        }
    }
}

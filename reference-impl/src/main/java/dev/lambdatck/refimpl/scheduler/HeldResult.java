package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.invoke.FunctionError;
import dev.lambdatck.refimpl.invoke.Invocation;
import io.netty.buffer.Unpooled;

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
}

package dev.lambdatck.refimpl.invoke;

import io.netty.buffer.ByteBuf;

/** Result sink of an Event (asynchronous) invocation: nobody waits; the outcome is only logged. */
public final class DiscardingSink implements ResultSink {

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public void begin(String contentType) {
    }

    @Override
    public boolean chunk(ByteBuf chunk, Runnable resume) {
        chunk.release();
        return true;
    }

    @Override
    public void end() {
    }

    @Override
    public void fail(FunctionError error) {
    }
}

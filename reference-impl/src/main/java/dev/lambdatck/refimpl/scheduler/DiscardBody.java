package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.runtimeapi.BodyConsumer;
import dev.lambdatck.refimpl.runtimeapi.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/** Reads a body, drops it, answers 202 (only the faults that accept what they should refuse use this). */
final class DiscardBody implements BodyConsumer {

    @Override
    public boolean content(ByteBuf content, Runnable resume) {
        content.release();
        return true;
    }

    @Override
    public Reply end(HttpHeaders trailers) {
        return Reply.accepted();
    }

    @Override
    public void abort(String why) {
    }
}

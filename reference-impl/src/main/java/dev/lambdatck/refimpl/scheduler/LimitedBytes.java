package dev.lambdatck.refimpl.scheduler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/** Collects a body up to a limit; beyond it counts and drops, so an oversized body never stays in memory. */
final class LimitedBytes {

    private final long limit;
    private CompositeByteBuf buf = Unpooled.compositeBuffer(Integer.MAX_VALUE);
    private long count;

    LimitedBytes(long limit) {
        this.limit = limit;
    }

    void add(ByteBuf content) {
        count += content.readableBytes();
        if (count > limit || buf == null) {
            content.release();
            release();
        } else {
            buf.addComponent(true, content);
        }
    }

    boolean oversize() {
        return count > limit;
    }

    long count() {
        return count;
    }

    byte[] toArray() {
        if (buf == null) return new byte[0];
        byte[] b = ByteBufUtil.getBytes(buf);
        release();
        return b;
    }

    void release() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }
}

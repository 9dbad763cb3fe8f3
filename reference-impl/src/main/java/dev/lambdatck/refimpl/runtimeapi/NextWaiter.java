package dev.lambdatck.refimpl.runtimeapi;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.util.concurrent.atomic.AtomicBoolean;

/** A parked {@code GET /next}: answered exactly once, with an invocation or an error. */
public final class NextWaiter {

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private final AtomicBoolean answered = new AtomicBoolean();

    NextWaiter(ChannelHandlerContext ctx, boolean keepAlive) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
    }

    /** The connection the /next came on. */
    public io.netty.channel.Channel channel() {
        return ctx.channel();
    }

    public boolean isLive() {
        return !answered.get() && ctx.channel().isActive();
    }

    /**
     * Sends the event. Takes ownership of {@code payload}.
     *
     * @return false when the connection was gone (the caller must hand the invocation to someone else)
     */
    public boolean deliver(HttpHeaders headers, ByteBuf payload) {
        if (!ctx.channel().isActive() || !answered.compareAndSet(false, true)) {
            payload.release();
            return false;
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, payload);
        r.headers().set(headers);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, payload.readableBytes());
        dev.lambdatck.refimpl.http.Replies.send(ctx, r, keepAlive);
        return true;
    }

    public void reject(RuntimeApiErrors error) {
        if (answered.compareAndSet(false, true)) {
            dev.lambdatck.refimpl.http.Replies.send(ctx, Reply.error(error).toResponse(), keepAlive);
        }
    }

    /** Answers a non-error reply (only used by faults). */
    public void reply(FullHttpResponse response) {
        if (answered.compareAndSet(false, true)) {
            dev.lambdatck.refimpl.http.Replies.send(ctx, response, keepAlive);
        } else {
            response.release();
        }
    }
}

package dev.lambdatck.refimpl.invoke;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.http.Replies;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.Base64;

/**
 * The answer to {@code POST /2021-11-15/functions/NAME/response-streaming-invocations}: a chunked 200 whose
 * chunks are relayed as the runtime writes them, ending with the trailers {@value #ERROR_TYPE} and
 * {@value #ERROR_BODY} (base64 of the error JSON) when the stream ended in an error. An invocation that
 * fails before the runtime starts its response gets the same complete answer as a buffered invoke.
 */
public final class StreamingInvokeResponse implements ResultSink {

    public static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    public static final String ERROR_BODY = "Lambda-Runtime-Function-Error-Body";

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private final String version;
    private final FaultSet faults;
    private Invocation invocation;
    private CompositeByteBuf held;
    private boolean started;

    public StreamingInvokeResponse(ChannelHandlerContext ctx, boolean keepAlive, String version, FaultSet faults) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
        this.version = version;
        this.faults = faults;
    }

    public void bind(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public synchronized void begin(String contentType) {
        started = true;
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType == null || contentType.isEmpty()
                || faults.has(Fault.DROP_STREAM_CONTENT_TYPE) ? "application/octet-stream" : contentType);
        r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        r.headers().set(HttpHeaderNames.TRAILER, ERROR_TYPE + ", " + ERROR_BODY);
        InvokerResponses.common(r.headers(), invocation, version, faults, false);
        if (!keepAlive) r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (faults.has(Fault.BUFFER_STREAM)) held = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        ctx.writeAndFlush(r);
    }

    @Override
    public synchronized boolean chunk(ByteBuf chunk, Runnable resume) {
        if (!ctx.channel().isActive()) {
            chunk.release();
            return true; // the invoker went away: drain the runtime, never stall it
        }
        if (held != null) {
            held.addComponent(true, chunk);
            return true;
        }
        ctx.writeAndFlush(new DefaultHttpContent(chunk));
        if (ctx.channel().isWritable()) return true;
        WritabilityWatcher w = new WritabilityWatcher(resume);
        ctx.pipeline().addLast(w);
        if (ctx.channel().isWritable()) w.fire(ctx); // drained while the watcher was being added
        return false;
    }

    @Override
    public synchronized void end() {
        finish(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    @Override
    public synchronized void fail(FunctionError error) {
        if (!started) {
            FullHttpResponse r = Replies.full(HttpResponseStatus.OK, error.contentType(), error.body());
            InvokerResponses.common(r.headers(), invocation, version, faults, false);
            InvokerResponses.functionError(r.headers(), error, faults);
            Replies.send(ctx, r, keepAlive);
            return;
        }
        if (faults.has(Fault.TIMEOUT_ENDS_STREAM_CLEANLY) && FunctionError.TIMEDOUT.equals(error.errorType())) {
            finish(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        LastHttpContent last = new DefaultLastHttpContent();
        last.trailingHeaders().set(ERROR_TYPE, error.errorType());
        last.trailingHeaders().set(ERROR_BODY, Base64.getEncoder().encodeToString(error.body()));
        finish(last);
    }

    private void finish(LastHttpContent last) {
        if (!ctx.channel().isActive()) {
            if (held != null) held.release();
            return;
        }
        if (held != null) {
            ctx.write(new DefaultHttpContent(held));
            held = null;
        }
        var f = ctx.writeAndFlush(last);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }

    /** Resumes the runtime's upload once the invoker's socket drained (back-pressure end to end). */
    private static final class WritabilityWatcher extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final Runnable resume;
        private final java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();

        WritabilityWatcher(Runnable resume) {
            this.resume = resume;
        }

        void fire(ChannelHandlerContext any) {
            if (fired.compareAndSet(false, true)) {
                any.channel().eventLoop().execute(() -> {
                    if (any.pipeline().context(this) != null) any.pipeline().remove(this);
                });
                resume.run();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable()) fire(ctx);
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            fire(ctx);
            super.channelInactive(ctx);
        }
    }
}

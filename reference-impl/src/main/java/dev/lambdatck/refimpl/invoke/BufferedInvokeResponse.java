package dev.lambdatck.refimpl.invoke;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.http.EventLoops;
import dev.lambdatck.refimpl.http.Replies;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The answer to a synchronous (RequestResponse) Invoke: collects the runtime's body (the Runtime API side
 * enforces the size limit) and writes one complete 200 response, passing the bytes through unchanged.
 */
public final class BufferedInvokeResponse implements ResultSink {

    /** Lets the log pump catch up with lines written just before /response (pipes are read by another thread). */
    static final long TAIL_SETTLE_MILLIS = 25;
    /** What the truncate-response fault keeps of a larger body: a fixed 1 MiB buffer, as a real bug would have. */
    static final int TRUNCATED_SIZE = 1024 * 1024;

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private final String version;
    private final FaultSet faults;
    private final EventLoops loops;
    private Invocation invocation;
    private String contentType;
    private CompositeByteBuf body;

    public BufferedInvokeResponse(ChannelHandlerContext ctx, boolean keepAlive, String version, FaultSet faults,
                                  EventLoops loops) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
        this.version = version;
        this.faults = faults;
        this.loops = loops;
    }

    public void bind(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public synchronized void begin(String contentType) {
        this.contentType = contentType;
        this.body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    }

    @Override
    public synchronized boolean chunk(ByteBuf chunk, Runnable resume) {
        if (body == null) {
            chunk.release();
        } else {
            body.addComponent(true, chunk);
        }
        return true;
    }

    @Override
    public synchronized void end() {
        ByteBuf b = body == null ? Unpooled.EMPTY_BUFFER : body;
        body = null;
        if (faults.has(Fault.TRUNCATE_RESPONSE) && b.readableBytes() > TRUNCATED_SIZE) b.writerIndex(b.readerIndex() + TRUNCATED_SIZE);
        String ct = contentType == null || contentType.isEmpty() ? "application/json" : contentType;
        boolean flagInvalidJson = faults.has(Fault.FLAG_INVALID_JSON_RESPONSE) && ct.startsWith("application/json")
                && !dev.lambdatck.refimpl.http.Json.isJson(io.netty.buffer.ByteBufUtil.getBytes(b));
        answer(() -> {
            FullHttpResponse r = Replies.full(HttpResponseStatus.OK, ct, b);
            InvokerResponses.common(r.headers(), invocation, version, faults, true);
            if (flagInvalidJson) r.headers().set(InvokerResponses.FUNCTION_ERROR, InvokerResponses.UNHANDLED);
            return r;
        }, b);
    }

    @Override
    public synchronized void fail(FunctionError error) {
        if (body != null) {
            body.release();
            body = null;
        }
        answer(() -> {
            HttpResponseStatus status = faults.has(Fault.FUNCTION_ERROR_AS_500) && !error.platformDetected()
                    ? HttpResponseStatus.INTERNAL_SERVER_ERROR : HttpResponseStatus.OK;
            FullHttpResponse r = Replies.full(status, error.contentType(), error.body());
            InvokerResponses.common(r.headers(), invocation, version, faults, true);
            InvokerResponses.functionError(r.headers(), error, faults);
            return r;
        }, null);
    }

    private void answer(java.util.function.Supplier<FullHttpResponse> response, ByteBuf toReleaseIfDropped) {
        Runnable write = () -> {
            if (!ctx.channel().isActive()) {
                if (toReleaseIfDropped != null) toReleaseIfDropped.release();
                return;
            }
            Replies.send(ctx, response.get(), keepAlive);
        };
        boolean tail = invocation.metadata().wantsLogTail() && !faults.has(Fault.NO_LOG_TAIL);
        if (faults.has(Fault.WAIT_FOR_NEXT_BEFORE_RESULT)) {
            invocation.released().whenComplete((v, t) -> loops.schedule(write, tail ? TAIL_SETTLE_MILLIS : 0));
        } else if (tail) {
            loops.schedule(write, TAIL_SETTLE_MILLIS);
        } else {
            ctx.executor().execute(write);
        }
    }
}

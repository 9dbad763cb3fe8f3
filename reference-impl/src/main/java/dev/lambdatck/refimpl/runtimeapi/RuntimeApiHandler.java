package dev.lambdatck.refimpl.runtimeapi;

import dev.lambdatck.refimpl.http.Json;
import dev.lambdatck.refimpl.http.Replies;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * One Runtime API connection: routes requests under {@code /2018-06-01}, streams request bodies into the
 * backend's {@link BodyConsumer} (no aggregation), answers when a body has ended, and turns malformed HTTP
 * into a JSON 4xx plus a log line before closing the connection.
 */
final class RuntimeApiHandler extends ChannelInboundHandlerAdapter {

    static final String PREFIX = "/2018-06-01";
    private static final String INVOCATION = PREFIX + "/runtime/invocation/";
    private static final String NEXT = INVOCATION + "next";
    private static final String INIT_ERROR = PREFIX + "/runtime/init/error";

    private final RuntimeApiBackend backend;
    private BodyConsumer consumer;
    private Reply pending;
    private String allow;
    private boolean keepAlive = true;
    private boolean answeredEarly;
    private NextWaiter waiter;

    RuntimeApiHandler(RuntimeApiBackend backend) {
        this.backend = backend;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) onRequest(ctx, req);
            if (msg instanceof HttpContent c) onContent(ctx, c);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        DecoderResult dr = req.decoderResult();
        if (dr.isFailure()) {
            badHttp(ctx, dr.cause(), req.uri());
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(req);
        consumer = null;
        pending = null;
        allow = null;
        answeredEarly = false;
        // raw: request ids are percent-decoded exactly once, below (RequestIdPath)
        String path = new QueryStringDecoder(req.uri()).rawPath();
        if (path.equals(NEXT)) {
            if (req.method().equals(HttpMethod.GET)) {
                waiter = new NextWaiter(ctx, keepAlive);
                backend.next(waiter);
            } else {
                methodNotAllowed("GET");
            }
        } else if (path.equals(INIT_ERROR)) {
            if (req.method().equals(HttpMethod.POST)) admit(ctx, backend.initError(req));
            else methodNotAllowed("POST");
        } else if (path.startsWith(INVOCATION) && (path.endsWith("/response") || path.endsWith("/error"))) {
            boolean response = path.endsWith("/response");
            String raw = path.substring(INVOCATION.length(), path.lastIndexOf('/'));
            if (raw.contains("/")) {
                pending = backend.unknownPath(req);
            } else if (!req.method().equals(HttpMethod.POST)) {
                methodNotAllowed("POST");
            } else {
                String id = backend.decodesRequestIds() ? RequestIdPath.decode(raw) : raw;
                admit(ctx, response ? backend.response(id, req, ctx.channel()) : backend.error(id, req, ctx.channel()));
            }
        } else {
            pending = backend.unknownPath(req);
        }
    }

    private void admit(ChannelHandlerContext ctx, Admission a) {
        if (a.early()) {
            // answered before the body has arrived; what still comes of it is dropped (RT-LIMIT-007)
            // (closing now could reset a connection whose body is still coming, and lose the answer: with
            // Connection: close only the sending side is shut, and the connection closes when the body has ended)
            answeredEarly = true;
            FullHttpResponse resp = a.rejection().toResponse();
            if (keepAlive) {
                ctx.writeAndFlush(resp);
            } else {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(resp).addListener(f -> {
                    if (ctx.channel() instanceof SocketChannel sc && sc.isActive()) sc.shutdownOutput();
                });
            }
        } else if (a.consumer() != null) {
            consumer = a.consumer();
        } else {
            pending = a.rejection();
        }
    }

    private void methodNotAllowed(String allowed) {
        pending = new Reply(HttpResponseStatus.METHOD_NOT_ALLOWED, null, new byte[0]);
        allow = allowed;
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent c) {
        if (c.decoderResult().isFailure()) {
            if (consumer != null) {
                consumer.abort("malformed request body: " + c.decoderResult().cause().getMessage());
                consumer = null;
            }
            backend.log("Runtime API: malformed request body (" + c.decoderResult().cause().getMessage()
                    + "), answered 400 TruncatedHTTPRequest and closed the connection");
            closeWith(ctx, Reply.error(RuntimeApiErrors.truncated()).toResponse());
            return;
        }
        if (consumer != null && c.content().isReadable()) {
            boolean more = consumer.content(c.content().retain(), () -> ctx.executor().execute(() -> {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            }));
            if (!more) ctx.channel().config().setAutoRead(false);
        }
        if (c instanceof LastHttpContent last) {
            Reply r = null;
            if (consumer != null) {
                BodyConsumer done = consumer;
                consumer = null;
                r = done.end(last.trailingHeaders());
            } else if (pending != null) {
                r = pending;
            }
            pending = null;
            if (answeredEarly && !keepAlive) ctx.close();
            if (r != null) {
                FullHttpResponse resp = r.toResponse();
                if (allow != null) resp.headers().set(HttpHeaderNames.ALLOW, allow);
                Replies.send(ctx, resp, keepAlive);
            }
        }
    }

    private void badHttp(ChannelHandlerContext ctx, Throwable cause, String uri) {
        HttpResponseStatus status;
        String type;
        if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            type = "RequestHeaderFieldsTooLarge";
        } else if (cause instanceof TooLongHttpLineException || cause instanceof TooLongFrameException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            type = "RequestURITooLong";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            type = "BadRequest";
        }
        String message = "Malformed HTTP request: " + cause.getMessage();
        backend.log("Runtime API: " + message + " (answered " + status.code() + ")");
        closeWith(ctx, Replies.full(status, Replies.JSON, Json.error(type, message)));
    }

    private void closeWith(ChannelHandlerContext ctx, FullHttpResponse resp) {
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (consumer != null) {
            consumer.abort("connection closed before the request body ended");
            consumer = null;
        }
        if (waiter != null) backend.waiterGone(waiter);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        backend.log("Runtime API: connection error: " + cause);
        ctx.close();
    }
}

package dev.lambdatck.refimpl.runtimeapi;

import dev.lambdatck.refimpl.http.Json;
import dev.lambdatck.refimpl.http.Replies;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.EmptyHttpHeaders;
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
import dev.lambdatck.refimpl.faults.Fault;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

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
    private static final long SERIAL_RECHECK_MILLIS = 20;

    private final RuntimeApiBackend backend;
    private BodyConsumer consumer;
    private Reply pending;
    private String allow;
    private boolean keepAlive = true;
    private boolean answeredEarly;
    private boolean responsePath;
    private boolean extensionPath;
    private NextWaiter waiter;
    /** The last event/next parked on this connection (Extensions API). */
    private NextWaiter extensionWaiter;
    /** Messages held back under the serial-runtime-api fault while a /next waits on another connection. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();

    RuntimeApiHandler(RuntimeApiBackend backend) {
        this.backend = backend;
    }

    private boolean has(Fault f) {
        return backend.faults().has(f);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (has(Fault.SERIAL_RUNTIME_API) && (!held.isEmpty()
                || (msg instanceof HttpRequest r && !isExtensionPath(r) && backend.nextWaitingElsewhere(ctx.channel())))) {
            boolean first = held.isEmpty();
            held.add(msg);
            if (first) ctx.executor().schedule(() -> drainHeld(ctx), SERIAL_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        process(ctx, msg);
    }

    private void process(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) onRequest(ctx, req);
            if (msg instanceof HttpContent c) onContent(ctx, c);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The Runtime API faults of the listener leave the Extensions API (same listener, own paths) alone. */
    private static boolean isExtensionPath(HttpRequest r) {
        return r.uri().startsWith(ExtensionsBackend.PREFIX);
    }

    /** serial-runtime-api: goes on with the held requests once no /next waits on another connection. */
    private void drainHeld(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            releaseHeld();
            return;
        }
        while (!held.isEmpty()) {
            if (held.peek() instanceof HttpRequest r && !isExtensionPath(r) && backend.nextWaitingElsewhere(ctx.channel())) {
                ctx.executor().schedule(() -> drainHeld(ctx), SERIAL_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            process(ctx, held.poll());
        }
    }

    private void releaseHeld() {
        while (!held.isEmpty()) ReferenceCountUtil.release(held.poll());
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        DecoderResult dr = req.decoderResult();
        if (dr.isFailure()) {
            badHttp(ctx, dr.cause(), req.uri());
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(req) && !has(Fault.CLOSE_AFTER_EVERY_ANSWER);
        consumer = null;
        pending = null;
        allow = null;
        answeredEarly = false;
        responsePath = false;
        extensionPath = isExtensionPath(req);
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
            String id = backend.decodesRequestIds() ? RequestIdPath.decode(raw) : raw;
            if (raw.contains("/")) {
                pending = backend.unknownPath(req);
            } else if (!req.method().equals(HttpMethod.POST)) {
                if (has(Fault.WRONG_METHOD_FAILS_INVOCATION)) {
                    // the fault: routed to the state machine before the method check, as an empty /error
                    Admission a = backend.error(id, req, ctx.channel());
                    if (a.consumer() != null) a.consumer().end(EmptyHttpHeaders.INSTANCE);
                }
                methodNotAllowed("POST");
            } else if (response && has(Fault.REFUSE_CHUNKED_RESPONSE) && HttpUtil.isTransferEncodingChunked(req)
                    && !"streaming".equals(req.headers().get("Lambda-Runtime-Function-Response-Mode"))) {
                pending = Reply.error(RuntimeApiErrors.lengthRequired());
            } else {
                responsePath = response;
                admit(ctx, response ? backend.response(id, req, ctx.channel()) : backend.error(id, req, ctx.channel()));
            }
        } else if (path.startsWith(ExtensionsBackend.PREFIX) && backend.extensions() != null) {
            extensionRequest(ctx, req, path.substring(ExtensionsBackend.PREFIX.length()), backend.extensions());
        } else {
            pending = backend.unknownPath(req);
        }
    }

    /** The Extensions API paths (register, event/next, init/error, exit/error); anything else there is unknown. */
    private void extensionRequest(ChannelHandlerContext ctx, HttpRequest req, String endpoint, ExtensionsBackend ext) {
        boolean get = req.method().equals(HttpMethod.GET);
        boolean post = req.method().equals(HttpMethod.POST);
        switch (endpoint) {
            case "event/next" -> {
                if (!get) {
                    methodNotAllowed("GET");
                    return;
                }
                extensionWaiter = new NextWaiter(ctx, keepAlive);
                ext.next(req, extensionWaiter);
            }
            case "register" -> {
                if (post) admit(ctx, ext.register(req, new NextWaiter(ctx, keepAlive)));
                else methodNotAllowed("POST");
            }
            case "init/error" -> {
                if (post) admit(ctx, ext.initError(req));
                else methodNotAllowed("POST");
            }
            case "exit/error" -> {
                if (post) admit(ctx, ext.exitError(req));
                else methodNotAllowed("POST");
            }
            default -> pending = backend.unknownPath(req);
        }
    }

    private void admit(ChannelHandlerContext ctx, Admission a) {
        if (a.early()) {
            // answered before the body has arrived; what still comes of it is dropped (RT-LIMIT-007)
            // (closing now could reset a connection whose body is still coming, and lose the answer: with
            // Connection: close only the sending side is shut, and the connection closes when the body has ended)
            answeredEarly = true;
            FullHttpResponse resp = shaped(a.rejection()).toResponse();
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
                FullHttpResponse resp = shaped(r).toResponse();
                if (allow != null) resp.headers().set(HttpHeaderNames.ALLOW, allow);
                Replies.send(ctx, resp, keepAlive);
            }
        }
    }

    /** The answer as the listener's faults shape it (the conforming platform sends {@code r} as it is). */
    private Reply shaped(Reply r) {
        if (has(Fault.EMPTY_ACCEPTED_ANSWER) && responsePath && r.status().equals(HttpResponseStatus.ACCEPTED)) {
            return new Reply(r.status(), null, new byte[0]);
        }
        if (has(Fault.TEXT_PLAIN_ERROR_ANSWERS) && !extensionPath && r.status().code() >= 400 && Replies.JSON.equals(r.contentType())) {
            return new Reply(r.status(), "text/plain; charset=utf-8", r.body());
        }
        return r;
    }

    private void badHttp(ChannelHandlerContext ctx, Throwable cause, String uri) {
        HttpResponseStatus status;
        String type;
        if (has(Fault.MALFORMED_REQUEST_500) && !(cause instanceof TooLongFrameException)) {
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
            type = "InternalServerError";
        } else if (cause instanceof TooLongHttpHeaderException) {
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
        releaseHeld();
        if (consumer != null) {
            consumer.abort("connection closed before the request body ended");
            consumer = null;
        }
        if (waiter != null) backend.waiterGone(waiter);
        if (extensionWaiter != null && backend.extensions() != null) backend.extensions().waiterGone(extensionWaiter);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        backend.log("Runtime API: connection error: " + cause);
        ctx.close();
    }
}

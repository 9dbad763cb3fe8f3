package dev.lambdatck.refimpl.invoke;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.http.EventLoops;
import dev.lambdatck.refimpl.http.Replies;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Invoke API: {@code POST /2015-03-31/functions/NAME/invocations} (RequestResponse, Event, DryRun) and
 * {@code POST /2021-11-15/functions/NAME/response-streaming-invocations}. The payload is handed to the runtime
 * as the same buffer (no copy, no re-encoding).
 */
@ChannelHandler.Sharable
final class InvokeApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String INVOKE_PREFIX = "/2015-03-31/functions/";
    static final String INVOKE_SUFFIX = "/invocations";
    static final String STREAM_PREFIX = "/2021-11-15/functions/";
    static final String STREAM_SUFFIX = "/response-streaming-invocations";
    /** The function name the AWS emulator uses; reaches the first deployed function when none has that name. */
    static final String EMULATOR_NAME = "function";

    private final FunctionDirectory directory;
    private final FaultSet faults;
    private final EventLoops loops;
    private final Consumer<String> log;

    InvokeApiHandler(FunctionDirectory directory, FaultSet faults, EventLoops loops, Consumer<String> log) {
        super(false);
        this.directory = directory;
        this.faults = faults;
        this.loops = loops;
        this.log = log;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean handedOver = false;
        try {
            handedOver = handle(ctx, req);
        } finally {
            if (!handedOver) req.release();
        }
    }

    /** @return true when the request's content now belongs to an invocation */
    private boolean handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String requestId = UUID.randomUUID().toString();
        if (req.decoderResult().isFailure()) {
            log.accept("Invoke API: malformed request: " + req.decoderResult().cause());
            FullHttpResponse r = new InvokeApiError(HttpResponseStatus.BAD_REQUEST, "InvalidRequestContentException",
                    "Malformed HTTP request: " + req.decoderResult().cause().getMessage()).toResponse(requestId);
            Replies.send(ctx, r, false);
            return false;
        }
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        boolean streaming;
        String rawName;
        if (path.startsWith(INVOKE_PREFIX) && path.endsWith(INVOKE_SUFFIX)) {
            streaming = false;
            rawName = path.substring(INVOKE_PREFIX.length(), path.length() - INVOKE_SUFFIX.length());
        } else if (path.startsWith(STREAM_PREFIX) && path.endsWith(STREAM_SUFFIX)) {
            streaming = true;
            rawName = path.substring(STREAM_PREFIX.length(), path.length() - STREAM_SUFFIX.length());
        } else {
            Replies.send(ctx, new InvokeApiError(HttpResponseStatus.NOT_FOUND, "UnknownOperationException",
                    "Unknown operation " + req.method() + " " + path).toResponse(requestId), keepAlive);
            return false;
        }
        if (!req.method().equals(HttpMethod.POST)) {
            FullHttpResponse r = new InvokeApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, "MethodNotAllowedException",
                    "Use POST for " + path).toResponse(requestId);
            r.headers().set(HttpHeaderNames.ALLOW, "POST");
            Replies.send(ctx, r, keepAlive);
            return false;
        }
        String name = QueryStringDecoder.decodeComponent(rawName);
        String qualifier = first(q.parameters().get("Qualifier"));
        // accepted forms: name, name:qualifier, partial and full ARNs
        int fn = name.indexOf("function:");
        if (fn >= 0) name = name.substring(fn + "function:".length());
        int colon = name.indexOf(':');
        if (colon >= 0) {
            if (qualifier == null) qualifier = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        Optional<InvocationTarget> found = directory.find(name);
        if (found.isEmpty() && name.equals(EMULATOR_NAME)) found = directory.first();
        if (found.isEmpty()) {
            InvokeApiError nf = InvokeApiError.notFound(name);
            if (faults.has(Fault.UNKNOWN_FUNCTION_400)) nf = new InvokeApiError(HttpResponseStatus.BAD_REQUEST, nf.errorType(), nf.message());
            Replies.send(ctx, nf.toResponse(requestId), keepAlive);
            return false;
        }
        InvocationTarget target = found.get();
        if (qualifier != null && !qualifier.equals(target.version()) && !qualifier.equals("$LATEST")) {
            Replies.send(ctx, InvokeApiError.notFound(target.arn() + ":" + qualifier).toResponse(requestId), keepAlive);
            return false;
        }
        InvokeRequestParser.Parsed parsed = InvokeRequestParser.parse(req.headers(), faults);
        if (parsed.error() != null) {
            Replies.send(ctx, parsed.error().toResponse(requestId), keepAlive);
            return false;
        }
        InvocationType type = parsed.type();
        if (streaming && type == InvocationType.EVENT) {
            Replies.send(ctx, InvokeApiError.invalidParameter(
                    "InvokeWithResponseStream supports RequestResponse and DryRun only").toResponse(requestId), keepAlive);
            return false;
        }
        if (type == InvocationType.EVENT && req.content().readableBytes() > InvokeApiError.MAX_ASYNC_PAYLOAD) {
            Replies.send(ctx, InvokeApiError.tooLarge(InvokeApiError.MAX_ASYNC_PAYLOAD, faults).toResponse(requestId), keepAlive);
            return false;
        }
        if (type == InvocationType.DRY_RUN) {
            if (faults.has(Fault.DRY_RUN_RUNS)) {
                target.submit(new Invocation(target.name(), req.content().retain(), req.headers().get(HttpHeaderNames.CONTENT_TYPE),
                        parsed.metadata(), InvocationType.EVENT, new DiscardingSink()));
            }
            FullHttpResponse r = Replies.empty(HttpResponseStatus.NO_CONTENT);
            r.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            r.headers().set(InvokerResponses.REQUEST_ID, requestId);
            Replies.send(ctx, r, keepAlive);
            return false;
        }
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        Invocation inv;
        if (type == InvocationType.EVENT) {
            inv = new Invocation(target.name(), req.content(), contentType, parsed.metadata(), type, new DiscardingSink());
            if (!target.submit(inv)) {
                inv.fail(FunctionError.platform(inv.requestId(), "Sandbox.Failure", "queue full"));
                Replies.send(ctx, InvokeApiError.tooManyRequests().toResponse(requestId), keepAlive);
                return true;
            }
            FullHttpResponse r = Replies.empty(faults.has(Fault.EVENT_ANSWERS_200) ? HttpResponseStatus.OK : HttpResponseStatus.ACCEPTED);
            r.headers().set(InvokerResponses.REQUEST_ID, inv.requestId());
            Replies.send(ctx, r, keepAlive);
            return true;
        }
        if (faults.has(Fault.TRUNCATE_OVERSIZED_PAYLOAD) && req.content().readableBytes() > InvokeApiError.MAX_SYNC_PAYLOAD) {
            req.content().writerIndex(req.content().readerIndex() + InvokeApiError.MAX_SYNC_PAYLOAD);
        }
        String id = invocationId(target, req);
        if (streaming) {
            StreamingInvokeResponse sink = new StreamingInvokeResponse(ctx, keepAlive, target.version(), faults);
            inv = new Invocation(id, target.name(), req.content(), contentType, parsed.metadata(), type, sink);
            sink.bind(inv);
        } else {
            BufferedInvokeResponse sink = new BufferedInvokeResponse(ctx, keepAlive, target.version(), faults, loops);
            inv = new Invocation(id, target.name(), req.content(), contentType, parsed.metadata(), type, sink);
            sink.bind(inv);
        }
        if (!target.submit(inv)) {
            // answered by hand: the sink would report a function error, this is a request error
            inv.discard();
            Replies.send(ctx, InvokeApiError.tooManyRequests().toResponse(inv.requestId()), keepAlive);
        }
        return true;
    }

    /** A fresh random id; under the request-id-from-payload fault a name-based UUID of function and payload. */
    private String invocationId(InvocationTarget target, FullHttpRequest req) {
        if (!faults.has(Fault.REQUEST_ID_FROM_PAYLOAD)) return UUID.randomUUID().toString();
        byte[] name = target.name().getBytes(StandardCharsets.UTF_8);
        byte[] payload = ByteBufUtil.getBytes(req.content());
        byte[] key = Arrays.copyOf(name, name.length + payload.length);
        System.arraycopy(payload, 0, key, name.length, payload.length);
        return UUID.nameUUIDFromBytes(key).toString();
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.accept("Invoke API: connection error: " + cause);
        ctx.close();
    }
}

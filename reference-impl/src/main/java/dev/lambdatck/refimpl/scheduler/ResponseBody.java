package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.http.Json;
import dev.lambdatck.refimpl.invoke.FunctionError;
import dev.lambdatck.refimpl.invoke.Invocation;
import dev.lambdatck.refimpl.runtimeapi.BodyConsumer;
import dev.lambdatck.refimpl.runtimeapi.Reply;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiErrors;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.Base64;

/**
 * The body of {@code POST /response}, buffered or streaming: bytes go to the invoker as they arrive,
 * counted against the limit; above it the rest is read and dropped (never buffered) and the runtime gets 413.
 */
final class ResponseBody implements BodyConsumer {

    private static final String UNKNOWN = "Unknown application error occurred";

    private final AnswerListener env;
    private final Invocation inv;
    /** Whose invoker receives the body: {@code inv} itself except under the result-to-oldest-invoker fault. */
    private final Invocation target;
    private final String contentType;
    private final boolean streaming;
    private final long limit;
    private boolean oversize;
    private long count;

    ResponseBody(AnswerListener env, Invocation inv, Invocation target, String contentType,
                 boolean streaming, long limit, boolean declaredTooLarge) {
        this.env = env;
        this.inv = inv;
        this.target = target;
        this.contentType = contentType;
        this.streaming = streaming;
        this.limit = limit;
        this.oversize = declaredTooLarge;
    }

    @Override
    public boolean content(ByteBuf content, Runnable resume) {
        count += content.readableBytes();
        if (oversize || count > limit) {
            oversize = true;
            content.release();
            return true;
        }
        target.begin(contentType);
        return target.chunk(content, resume);
    }

    @Override
    public Reply end(HttpHeaders trailers) {
        if (oversize) {
            env.responseEnded(inv, target, tooLarge(target, count));
            return Reply.error(RuntimeApiErrors.tooLarge());
        }
        target.begin(contentType);
        String errorType = streaming ? trailers.get(ExecutionEnvironment.ERROR_TYPE) : null;
        if (errorType != null && !env.faults().has(Fault.DROP_STREAM_ERROR_TRAILER)) {
            env.responseEnded(inv, target, new FunctionError(errorType, errorBody(errorType,
                    trailers.get(ExecutionEnvironment.ERROR_BODY)), "application/json", true));
        } else {
            env.responseEnded(inv, target, null);
        }
        if (env.faults().has(Fault.RESPONSE_ANSWERS_200)) {
            Reply a = Reply.accepted();
            return new Reply(io.netty.handler.codec.http.HttpResponseStatus.OK, a.contentType(), a.body());
        }
        return Reply.accepted();
    }

    /** The base64 trailer decoded; when absent or not valid base64 the type is still reported. */
    private static byte[] errorBody(String type, String base64) {
        if (base64 != null && !base64.isEmpty()) {
            try {
                return Base64.getDecoder().decode(base64.trim());
            } catch (IllegalArgumentException notBase64) {
                // fall through: surface the type with a platform-built body
            }
        }
        return Json.error(type, UNKNOWN);
    }

    @Override
    public void abort(String why) {
        env.bodyAborted(inv, why, streaming);
    }

    /** What the invoker gets for a response above the limit ({@code size}: counted or declared bytes). */
    static FunctionError tooLarge(Invocation inv, long size) {
        return FunctionError.platform(inv.requestId(), FunctionError.RESPONSE_TOO_LARGE,
                "Response payload size (" + size + " bytes) exceeded maximum allowed payload size ("
                        + RuntimeApiErrors.MAX_PAYLOAD + " bytes).");
    }
}

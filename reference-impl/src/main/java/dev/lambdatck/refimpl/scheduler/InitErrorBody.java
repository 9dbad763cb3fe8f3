package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.runtimeapi.BodyConsumer;
import dev.lambdatck.refimpl.runtimeapi.Reply;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiErrors;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/** The body of {@code POST /runtime/init/error}: kept to be replayed to the invocation that waited for Init. */
final class InitErrorBody implements BodyConsumer {

    private final AnswerListener env;
    private final String errorType;
    private final String contentType;
    private final LimitedBytes bytes = new LimitedBytes(RuntimeApiErrors.MAX_PAYLOAD);

    InitErrorBody(AnswerListener env, String errorType, String contentType) {
        this.env = env;
        this.errorType = errorType;
        this.contentType = contentType;
    }

    @Override
    public boolean content(ByteBuf content, Runnable resume) {
        bytes.add(content);
        return true;
    }

    @Override
    public Reply end(HttpHeaders trailers) {
        if (bytes.oversize()) return Reply.error(RuntimeApiErrors.tooLarge());
        env.initErrorPosted(ErrorBody.functionError(errorType, contentType, bytes.toArray(), false));
        return Reply.accepted();
    }

    @Override
    public void abort(String why) {
        bytes.release();
        env.log("/init/error body ended early: " + why);
    }
}

package dev.lambdatck.refimpl.runtimeapi;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * A small request body (extension register events and error documents, and the bodies some faults keep), collected
 * whole; beyond {@link #LIMIT} it is only counted and the answer is 413.
 */
public final class CollectedBody implements BodyConsumer {

    public static final int LIMIT = 1024 * 1024;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Function<byte[], Reply> onEnd;
    private final Runnable onAbort;
    private long count;

    /** @param onEnd the answer for the whole body; null when it has answered by itself */
    public CollectedBody(Function<byte[], Reply> onEnd) {
        this(onEnd, () -> { });
    }

    /** @param onAbort run when the body will never end (connection lost) */
    public CollectedBody(Function<byte[], Reply> onEnd, Runnable onAbort) {
        this.onEnd = onEnd;
        this.onAbort = onAbort;
    }

    @Override
    public boolean content(ByteBuf content, Runnable resume) {
        try {
            count += content.readableBytes();
            if (count <= LIMIT) content.readBytes(bytes, content.readableBytes());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        } finally {
            content.release();
        }
        return true;
    }

    @Override
    public Reply end(HttpHeaders trailers) {
        if (count > LIMIT) return Reply.error(RuntimeApiErrors.tooLarge());
        return onEnd.apply(bytes.toByteArray());
    }

    @Override
    public void abort(String why) {
        onAbort.run();
    }
}

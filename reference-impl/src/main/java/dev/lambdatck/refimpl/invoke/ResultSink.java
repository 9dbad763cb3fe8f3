package dev.lambdatck.refimpl.invoke;

import io.netty.buffer.ByteBuf;

/**
 * Where an invocation's result goes: a waiting synchronous invoker, a streaming invoker, or nowhere (Event).
 * Called by the platform at most once per terminal method; {@link Invocation} enforces that.
 */
public interface ResultSink {

    /** True when the invoker reads the response as a stream (no buffered size limit applies). */
    boolean streaming();

    /** The runtime started its response; {@code contentType} is the runtime's, possibly null. */
    void begin(String contentType);

    /**
     * Body bytes, in order; the sink takes ownership of {@code chunk}.
     *
     * @param resume called once when the sink can take more after this call returned false
     * @return false when the reader should pause until {@code resume} runs (back-pressure)
     */
    boolean chunk(ByteBuf chunk, Runnable resume);

    /** The response completed successfully. */
    void end();

    /** The invocation failed; before {@link #begin} this is the whole answer, after it the stream's end. */
    void fail(FunctionError error);
}

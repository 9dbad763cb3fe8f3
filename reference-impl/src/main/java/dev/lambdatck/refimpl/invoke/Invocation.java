package dev.lambdatck.refimpl.invoke;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One invocation from the moment the Invoke API accepted it until its result was handed to the invoker.
 * The terminal methods are idempotent: the first outcome wins, later ones are dropped, so an invocation
 * is never answered twice however timers, crashes and runtime calls race.
 */
public final class Invocation {

    private final String requestId;
    private final String functionName;
    private final ByteBuf payload;
    private final String contentType;
    private final InvocationMetadata metadata;
    private final InvocationType type;
    private final ResultSink sink;
    private final LogTail tail = new LogTail();
    private final AtomicBoolean began = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CompletableFuture<FunctionError> outcome = new CompletableFuture<>();
    /** Completes when the environment is done with the invocation (the runtime's next /next, or a reset). */
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final long acceptedNanos = System.nanoTime();
    private volatile long deadlineEpochMs;
    private volatile long deliveredNanos;

    public Invocation(String functionName, ByteBuf payload, String contentType, InvocationMetadata metadata,
                      InvocationType type, ResultSink sink) {
        this(UUID.randomUUID().toString(), functionName, payload, contentType, metadata, type, sink);
    }

    public Invocation(String requestId, String functionName, ByteBuf payload, String contentType, InvocationMetadata metadata,
                      InvocationType type, ResultSink sink) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.payload = payload;
        this.contentType = contentType;
        this.metadata = metadata;
        this.type = type;
        this.sink = sink;
    }

    public String requestId() {
        return requestId;
    }

    public String functionName() {
        return functionName;
    }

    /** The payload; callers take {@code retainedDuplicate()} to send it, the invocation owns the original. */
    public ByteBuf payload() {
        return payload;
    }

    /** The invoker's content type, or null when it sent none. */
    public String contentType() {
        return contentType;
    }

    public InvocationMetadata metadata() {
        return metadata;
    }

    public InvocationType type() {
        return type;
    }

    public boolean streamingInvoker() {
        return sink.streaming();
    }

    public LogTail tail() {
        return tail;
    }

    public long deadlineEpochMs() {
        return deadlineEpochMs;
    }

    public void markDelivered(long deadlineEpochMs) {
        this.deadlineEpochMs = deadlineEpochMs;
        this.deliveredNanos = System.nanoTime();
    }

    public Duration sinceDelivery() {
        long d = deliveredNanos;
        return Duration.ofNanos(d == 0 ? 0 : System.nanoTime() - d);
    }

    public Duration sinceAccepted() {
        return Duration.ofNanos(System.nanoTime() - acceptedNanos);
    }

    public boolean isFinished() {
        return finished.get();
    }

    public boolean hasBegun() {
        return began.get();
    }

    public void begin(String runtimeContentType) {
        if (!finished.get() && began.compareAndSet(false, true)) sink.begin(runtimeContentType);
    }

    /** Forwards body bytes; takes ownership of {@code chunk}. */
    public boolean chunk(ByteBuf chunk, Runnable resume) {
        if (finished.get() || !began.get()) {
            ReferenceCountUtil.release(chunk);
            return true;
        }
        return sink.chunk(chunk, resume);
    }

    public void succeed() {
        if (finished.compareAndSet(false, true)) {
            payload.release();
            sink.end();
            outcome.complete(null);
        }
    }

    /** @return true when this call decided the outcome */
    public boolean fail(FunctionError error) {
        if (finished.compareAndSet(false, true)) {
            payload.release();
            sink.fail(error);
            outcome.complete(error);
            return true;
        }
        return false;
    }

    /** Drops an invocation that was never accepted (the invoker got a request error instead). */
    public void discard() {
        if (finished.compareAndSet(false, true)) {
            payload.release();
            outcome.complete(null);
            released.complete(null);
        }
    }

    /** Completes with null on success, or the error. */
    public CompletableFuture<FunctionError> outcome() {
        return outcome;
    }

    public CompletableFuture<Void> released() {
        return released;
    }

    public void release() {
        released.complete(null);
    }
}

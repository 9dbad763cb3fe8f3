package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.invoke.FunctionError;
import dev.lambdatck.refimpl.invoke.Invocation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deployed function: its environments (as many as its concurrency) and one FIFO queue of invocations.
 * An invocation leaves the queue only when an environment took it (a parked /next, or a fresh Init for it),
 * so nothing is lost and nothing is handed to two runtimes. Dispatch runs single-flight: whoever asks while
 * a dispatch is running makes it loop once more instead of racing it.
 */
public final class FunctionScheduler implements AutoCloseable {

    /** Queued invocations beyond this are refused with 429, so a flood cannot exhaust memory. */
    public static final int MAX_QUEUED = 10_000;
    private static final int LOG_CHARS = 4 * 1024 * 1024;

    private final FunctionConfig config;
    private final PreparedFunction prepared;
    private final FunctionLog log = new FunctionLog(LOG_CHARS);
    private final List<ExecutionEnvironment> environments = new ArrayList<>();
    private final ArrayDeque<Invocation> queue = new ArrayDeque<>();
    private final AtomicInteger dispatchRequests = new AtomicInteger();
    private boolean closed;

    public FunctionScheduler(PreparedFunction prepared, PlatformServices services) {
        this.prepared = prepared;
        this.config = prepared.function();
        for (int i = 0; i < config.concurrency(); i++) environments.add(new ExecutionEnvironment(this, services, i));
    }

    public FunctionConfig config() {
        return config;
    }

    PreparedFunction prepared() {
        return prepared;
    }

    public FunctionLog log() {
        return log;
    }

    /** @return false when the queue is full or the function is being removed */
    public boolean submit(Invocation inv) {
        synchronized (queue) {
            if (closed || queue.size() >= MAX_QUEUED) return false;
            queue.addLast(inv);
        }
        dispatch();
        return true;
    }

    void requeueFirst(Invocation inv) {
        synchronized (queue) {
            if (!closed) {
                queue.addFirst(inv);
                return;
            }
        }
        inv.fail(FunctionError.platform(inv.requestId(), "Sandbox.Failure", "platform shutting down"));
    }

    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    void dispatch() {
        if (dispatchRequests.getAndIncrement() != 0) return;
        int missed = 1;
        do {
            drain();
            missed = dispatchRequests.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drain() {
        while (true) {
            Invocation inv;
            synchronized (queue) {
                if (closed) return;
                inv = queue.peekFirst();
            }
            if (inv == null) return;
            if (!place(inv)) return; // every environment is busy: the next one to free up dispatches again
            synchronized (queue) {
                queue.removeFirstOccurrence(inv);
            }
        }
    }

    /** Warm environments first (no Init), then a cold one. */
    private boolean place(Invocation inv) {
        for (ExecutionEnvironment e : environments) {
            if (e.offerWarm(inv)) return true;
        }
        for (ExecutionEnvironment e : environments) {
            if (e.offerCold(inv)) return true;
        }
        return false;
    }

    /** Fails whatever is queued, kills every process and removes the unpacked trees. */
    @Override
    public void close() {
        List<Invocation> pending;
        synchronized (queue) {
            closed = true;
            pending = new ArrayList<>(queue);
            queue.clear();
        }
        for (Invocation inv : pending) {
            inv.fail(FunctionError.platform(inv.requestId(), "Sandbox.Failure", "platform shutting down"));
        }
        for (ExecutionEnvironment e : environments) e.close();
        try {
            prepared.close();
        } catch (RuntimeException e) {
            log.append("[platform] cleaning up the function's files failed: " + e);
        }
    }
}

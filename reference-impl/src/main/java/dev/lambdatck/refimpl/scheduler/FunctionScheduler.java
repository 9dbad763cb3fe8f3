package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.invoke.FunctionError;
import dev.lambdatck.refimpl.invoke.Invocation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
    private final List<SchedulableEnvironment> environments = new ArrayList<>();
    private final ArrayDeque<Invocation> queue = new ArrayDeque<>();
    private final AtomicInteger dispatchRequests = new AtomicInteger();
    private final PlatformServices services;
    /** Delivered invocations without a result, oldest first (kept only under the result-to-oldest-invoker fault). */
    private final Set<Invocation> awaitingResult = new LinkedHashSet<>();
    /** Request ids run a second time (retry-after-crash fault). */
    private final Set<String> retried = ConcurrentHashMap.newKeySet();
    private boolean closed;

    public FunctionScheduler(PreparedFunction prepared, PlatformServices services) {
        this.services = services;
        this.prepared = prepared;
        this.config = prepared.function();
        for (int i = 0; i < config.concurrency(); i++) {
            // maxConcurrency > 1: managed instances, one runtime serving several invocations at once (chapter lmi-concurrency)
            environments.add(config.managedInstances() ? new ConcurrentExecutionEnvironment(this, services, i)
                    : new ExecutionEnvironment(this, services, i));
        }
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
        if (services.faults().has(Fault.NO_QUEUE_WHEN_BUSY) && environments.stream().allMatch(SchedulableEnvironment::isRunningInvocation)) {
            inv.fail(FunctionError.platform(inv.requestId(), "Runtime.Unavailable", "every execution environment is busy"));
            return true;
        }
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

    /** result-to-oldest-invoker fault: {@code inv} was delivered and waits for its result. */
    void awaitingResult(Invocation inv) {
        synchronized (awaitingResult) {
            awaitingResult.add(inv);
        }
    }

    /** result-to-oldest-invoker fault: the oldest delivered invocation whose invoker has no result yet, taken. */
    Invocation oldestAwaitingResult(Invocation own) {
        synchronized (awaitingResult) {
            for (Iterator<Invocation> it = awaitingResult.iterator(); it.hasNext(); ) {
                Invocation i = it.next();
                it.remove();
                if (!i.isFinished() && !i.hasBegun()) return i;
            }
            return own;
        }
    }

    /** retry-after-crash fault: true the first time an invocation is to be run again. */
    boolean firstRetry(Invocation inv) {
        return retried.add(inv.requestId());
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
        for (SchedulableEnvironment e : environments) {
            if (e.offerWarm(inv)) return true;
        }
        for (SchedulableEnvironment e : environments) {
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
        if (services.faults().has(Fault.UNDEPLOY_LEAVES_PROCESSES) && !services.lifecycle().isShutdown()) {
            services.lifecycle().execute(this::closeEnvironmentsAtShutdown);
            return;
        }
        closeEnvironments();
    }

    private void closeEnvironments() {
        for (SchedulableEnvironment e : environments) e.close();
        try {
            prepared.close();
        } catch (RuntimeException e) {
            log.append("[platform] cleaning up the function's files failed: " + e);
        }
    }

    /**
     * undeploy-leaves-processes fault: the environments keep running until the platform shuts its lifecycle threads
     * down (or an hour passes), so no process outlives the platform.
     */
    private void closeEnvironmentsAtShutdown() {
        long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        try {
            while (!services.lifecycle().isShutdown() && System.nanoTime() < deadline) Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeEnvironments();
    }
}

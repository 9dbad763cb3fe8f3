package dev.lambdatck.refimpl.extensions;

import dev.lambdatck.refimpl.environment.EnvironmentException;
import dev.lambdatck.refimpl.environment.LogSink;
import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.http.EventLoops;
import dev.lambdatck.refimpl.runtimeapi.ExtensionsBackend;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Everything about extensions in one incarnation of an execution environment: the Extensions API served on the
 * incarnation's listener and the external extension processes. The environment calls, in order: {@link #launch}
 * (before the bootstrap), {@link #runtimeReady}/{@link #initComplete} (Init barrier), {@link #readyForInvoke} and
 * {@link #invoke} (per invocation), {@link #beginShutdown} and {@link #finishShutdown} (when the incarnation ends).
 * With no extension files and no registration every barrier is open at once, so nothing changes for plain runtimes.
 */
public final class Extensions {

    /** Documented shutdown budget with external extensions (runtime-api.md §3.1). */
    public static final long SHUTDOWN_BUDGET_MILLIS = 2000;

    private final ExtensionsApi api;
    private final ExtensionProcesses processes = new ExtensionProcesses();
    private final FaultSet faults;
    private final Consumer<String> log;
    private volatile long shutdownDeadlineNanos;
    private volatile boolean graceNeeded;

    /** @param log platform lines about extensions (they go to the function log) */
    public Extensions(FunctionConfig function, FaultSet faults, EventLoops loops, ExtensionHooks hooks, Consumer<String> log) {
        this.api = new ExtensionsApi(function, faults, loops, hooks);
        this.faults = faults;
        this.log = log;
    }

    public ExtensionsBackend backend() {
        return api;
    }

    /**
     * Starts every file in the function's /opt/extensions with AWS_LAMBDA_RUNTIME_API = {@code address}.
     *
     * @throws EnvironmentException errorType Extension.LaunchError when one cannot be executed (EXT-DISC-002)
     */
    public void launch(PreparedFunction prepared, String address, LogSink logs) {
        List<String> names = ExtensionFiles.list(prepared.optDir(), faults);
        if (names.isEmpty()) return;
        api.expect(names);
        processes.start(prepared, names, address, logs, api::processExited);
    }

    public boolean runtimeReady() {
        return api.runtimeReady();
    }

    public boolean initComplete() {
        return api.initComplete();
    }

    public boolean readyForInvoke() {
        return api.readyForInvoke();
    }

    /** {@code payload} is only read (never kept, never released), and only by the invoke-event-carries-payload fault. */
    public void invoke(String requestId, long deadlineMs, String arn, String traceId, ByteBuf payload) {
        api.invoke(requestId, deadlineMs, arn, traceId, payload);
    }

    /** SHUTDOWN events go out now (EXT-EVT-006); extension exits from here on are expected, not crashes. */
    public void beginShutdown(ShutdownReason reason) {
        long now = System.nanoTime();
        shutdownDeadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_BUDGET_MILLIS);
        processes.ending();
        graceNeeded = api.shutdown(reason, System.currentTimeMillis() + SHUTDOWN_BUDGET_MILLIS);
    }

    /**
     * Gives the extensions told about the shutdown (or that reported an error) the rest of the budget to exit, then kills every extension
     * process. Blocks (at most the budget plus the kills): lifecycle threads only.
     */
    public void finishShutdown() {
        if (processes.isEmpty()) return;
        if (graceNeeded) processes.awaitThenKill(shutdownDeadlineNanos, log);
        else processes.killAll();
    }
}

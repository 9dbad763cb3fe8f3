package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.environment.EnvironmentException;
import dev.lambdatck.refimpl.environment.ExitStatus;
import dev.lambdatck.refimpl.environment.RuntimeProcess;
import dev.lambdatck.refimpl.extensions.ExtensionHooks;
import dev.lambdatck.refimpl.extensions.Extensions;
import dev.lambdatck.refimpl.extensions.ShutdownReason;
import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.http.EventLoops;
import dev.lambdatck.refimpl.http.Replies;
import dev.lambdatck.refimpl.invoke.FunctionError;
import dev.lambdatck.refimpl.invoke.Invocation;
import dev.lambdatck.refimpl.runtimeapi.Admission;
import dev.lambdatck.refimpl.runtimeapi.CollectedBody;
import dev.lambdatck.refimpl.runtimeapi.ExtensionsBackend;
import dev.lambdatck.refimpl.runtimeapi.NextWaiter;
import dev.lambdatck.refimpl.runtimeapi.Reply;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiBackend;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiErrors;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One execution environment: a bootstrap process and its private Runtime API listener, with the runtime
 * state machine of RAPID (single concurrency). Every (re-)initialisation is a new {@link Incarnation} with
 * its own listener, so calls from a process that was reset can never touch the next one.
 * All state is guarded by {@code this}; the scheduler is only called after the lock is released.
 */
final class ExecutionEnvironment extends SchedulableEnvironment {

    static final String REQUEST_ID = "Lambda-Runtime-Aws-Request-Id";
    static final String DEADLINE = "Lambda-Runtime-Deadline-Ms";
    static final String FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn";
    static final String TRACE_ID = "Lambda-Runtime-Trace-Id";
    static final String CLIENT_CONTEXT = "Lambda-Runtime-Client-Context";
    static final String COGNITO = "Lambda-Runtime-Cognito-Identity";
    static final String TENANT = "Lambda-Runtime-Aws-Tenant-Id";
    static final String RESPONSE_MODE = "Lambda-Runtime-Function-Response-Mode";
    static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    static final String ERROR_BODY = "Lambda-Runtime-Function-Error-Body";
    /** Streamed responses may be this large (documented streaming maximum, 200 MB). */
    static final long STREAM_MAX = 200L * 1024 * 1024;
    /** How long a truncated /response waits for the process exit that usually explains it. */
    private static final long TRUNCATION_GRACE_MILLIS = 200;
    /** After /init/error the runtime should exit by itself; then it is killed. */
    private static final long INIT_ERROR_EXIT_GRACE_MILLIS = 2000;
    /** Stands in for "no limit" under the no-init-timeout fault: still a deadline, never a hang. */
    private static final long UNBOUNDED_INIT_MILLIS = TimeUnit.MINUTES.toMillis(15);
    /** How long an idle /next waits before the idle-next-gets-empty-event fault answers it. */
    private static final long IDLE_NEXT_FAULT_MILLIS = 450;
    /** How long a /next waits before the stale-next-refused fault refuses it when an invocation arrives. */
    private static final long STALE_NEXT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long the refused-post-overwrites-result fault holds a posted result before the invoker gets it. */
    private static final long HELD_RESULT_MILLIS = 400;
    /** How late the late-timeout fault fires: past the 2 s RT-LIFE-005 allows. */
    private static final long LATE_TIMEOUT_MILLIS = 2500;

    private final FunctionScheduler scheduler;
    private final PlatformServices services;
    private final FaultSet faults;
    private final int index;
    private final Teardowns teardowns;

    private EnvState state = EnvState.COLD;
    private Incarnation inc;
    private int generation;
    private Invocation current;
    private Invocation reserved;
    private boolean suppressedInit;
    private NextWaiter parked;
    private long parkedAtNanos;
    /** refused-post-overwrites-result: the posted result not yet handed to its invoker. */
    private HeldResult held;
    private ScheduledFuture<?> timer;
    private Channel respondingChannel;
    /** The current invocation when its /response or /error body was cut off and the truncation is not yet settled. */
    private Invocation truncated;
    private boolean truncatedAsSuccess;
    private boolean closed;
    private volatile Invocation logTarget;

    ExecutionEnvironment(FunctionScheduler scheduler, PlatformServices services, int index) {
        this.scheduler = scheduler;
        this.services = services;
        this.faults = services.faults();
        this.index = index;
        this.teardowns = new Teardowns(services);
    }

    private FunctionConfig config() {
        return scheduler.config();
    }

    /** Lines the environment's processes write: function log plus the tail of the running invocation. */
    void logLine(String line) {
        scheduler.log().append(line);
        Invocation t = logTarget;
        if (t != null) t.tail().append(line);
    }

    // ---------------------------------------------------------------- offers from the scheduler

    /** Delivers {@code inv} when a /next is parked here. */
    boolean offerWarm(Invocation inv) {
        synchronized (this) {
            if (closed || state != EnvState.IDLE || parked == null) return false;
            if (!inc.extensions.readyForInvoke()) return false; // extensions: not before each INVOKE extension called next again
            NextWaiter w = parked;
            parked = null;
            if (!w.isLive() && !faults.has(Fault.SWALLOW_ON_ABANDONED_NEXT)) return false;
            if (faults.has(Fault.STALE_NEXT_REFUSED) && System.nanoTime() - parkedAtNanos > STALE_NEXT_NANOS) {
                w.reject(RuntimeApiErrors.internal()); // the invocation stays queued for whichever /next comes next
                return false;
            }
            return deliverLocked(inv, w);
        }
    }

    private void parkLocked(NextWaiter w) {
        parked = w;
        parkedAtNanos = System.nanoTime();
    }

    /** Starts a fresh process for {@code inv} when this environment has none. */
    boolean offerCold(Invocation inv) {
        int gen;
        synchronized (this) {
            if (closed || state != EnvState.COLD) return false;
            state = EnvState.STARTING;
            reserved = inv;
            suppressedInit = false;
            gen = ++generation;
        }
        services.lifecycle().execute(() -> spawn(gen, services.initTimeout().toMillis()));
        return true;
    }

    boolean isCold() {
        synchronized (this) {
            return state == EnvState.COLD;
        }
    }

    /** An invocation was delivered and its result has not been posted yet. */
    boolean isRunningInvocation() {
        synchronized (this) {
            return state == EnvState.BUSY || state == EnvState.RESPONDING;
        }
    }

    // ---------------------------------------------------------------- process lifecycle

    private void spawn(int gen, long initLimitMillis) {
        teardowns.awaitPrevious();
        Incarnation i = new Incarnation(gen);
        try {
            i.listener = RuntimeApiServer.bind(services.loops(), services.bindHost(), i);
        } catch (RuntimeException e) {
            services.platformLog().accept("cannot open a Runtime API listener: " + e.getMessage());
            failReservedAndReset(gen, null, inv -> FunctionError.platform(inv.requestId(), "Sandbox.Failure",
                    "cannot open the Runtime API listener"));
            return;
        }
        synchronized (this) {
            if (generation != gen || closed) {
                i.listener.close();
                return;
            }
            inc = i;
            long limit = faults.has(Fault.NO_INIT_TIMEOUT) && !suppressedInit ? UNBOUNDED_INIT_MILLIS : initLimitMillis;
            timer = services.loops().schedule(() -> onInitTimeout(i), limit);
        }
        String address = services.bindHost() + ":" + EventLoops.port(i.listener);
        try {
            i.extensions.launch(scheduler.prepared(), address, (line, stderr) -> logLine(line)); // extensions: before the bootstrap
        } catch (EnvironmentException e) {
            failReservedAndReset(gen, i, inv -> {
                inv.release(); // never delivered, and no /next will ever complete it
                return FunctionError.platform(inv.requestId(), e.errorType(), e.getMessage());
            });
            return;
        }
        RuntimeProcess p;
        try {
            p = scheduler.prepared().start(address, (line, stderr) -> logLine(line));
        } catch (EnvironmentException e) {
            failReservedAndReset(gen, i, inv -> FunctionError.platform(inv.requestId(), e.errorType(), e.getMessage()));
            return;
        } catch (RuntimeException e) {
            services.platformLog().accept("cannot start the bootstrap: " + e);
            failReservedAndReset(gen, i, inv -> FunctionError.platform(inv.requestId(), "Sandbox.Failure",
                    "cannot start the bootstrap: " + e.getMessage()));
            return;
        }
        boolean stale;
        synchronized (this) {
            stale = inc != i;
            i.process = p;
        }
        if (stale) {
            p.killTree(); // the extensions are ended by the reset's own closeAsync
            return;
        }
        p.onExit().whenComplete((status, t) -> onExit(i, status));
    }

    private void failReservedAndReset(int gen, Incarnation i, java.util.function.Function<Invocation, FunctionError> error) {
        Invocation inv;
        synchronized (this) {
            if (generation != gen) return;
            inv = reserved;
            reserved = null;
            teardownLocked();
        }
        if (i != null) closeAsync(i, false);
        if (inv != null) inv.fail(error.apply(inv));
        scheduler.dispatch();
    }

    private void onInitTimeout(Incarnation i) {
        Invocation inv;
        boolean rerun;
        synchronized (this) {
            if (inc != i || state != EnvState.STARTING) return;
            inv = reserved;
            rerun = !suppressedInit && inv != null;
            teardownLocked();
            if (rerun) {
                // Init is re-run as part of the first invocation, under the function timeout (suppressed init).
                reserved = inv;
                suppressedInit = true;
                state = EnvState.STARTING;
                long timeoutMs = config().timeout().toMillis();
                inv.markDelivered(System.currentTimeMillis() + timeoutMs);
            } else {
                reserved = null;
            }
        }
        String secs = seconds(rerun ? services.initTimeout().toMillis() : config().timeout().toMillis());
        closeAsync(i, true, ShutdownReason.TIMEOUT);
        if (rerun) {
            logLine("INIT_REPORT Init Duration: " + services.initTimeout().toMillis() + " ms\tPhase: init\tStatus: timeout");
            int gen;
            synchronized (this) {
                gen = ++generation;
            }
            services.lifecycle().execute(() -> spawn(gen, config().timeout().toMillis()));
        } else {
            if (inv != null) {
                logLine(timeoutLine(inv, secs));
                inv.fail(timeoutError(inv, secs));
            }
            scheduler.dispatch();
        }
    }

    private void onExit(Incarnation i, ExitStatus status) {
        Invocation retry = null;
        Invocation failed = null;
        FunctionError error = null;
        Channel responding;
        synchronized (this) {
            if (inc != i) return;
            String why = status == null ? "Runtime exited" : exitMessage(status);
            responding = respondingChannel;
            switch (state) {
                case STARTING, INIT_ERROR -> {
                    failed = reserved;
                    reserved = null;
                    if (failed != null) {
                        error = faults.has(Fault.INIT_EXIT_AS_200) && state == EnvState.STARTING
                                ? FunctionError.unflagged(FunctionError.EXIT_ERROR, new byte[0], "application/json")
                                : FunctionError.platform(failed.requestId(), FunctionError.EXIT_ERROR, why);
                    }
                }
                case BUSY, RESPONDING -> {
                    if (state == EnvState.BUSY && faults.has(Fault.RETRY_AFTER_CRASH) && scheduler.firstRetry(current)) {
                        retry = current; // nothing was answered yet: the invocation is run again on a fresh runtime
                        break;
                    }
                    failed = current;
                    error = faults.has(Fault.CRASH_AS_200)
                            ? FunctionError.unflagged(FunctionError.EXIT_ERROR, new byte[0], "application/json")
                            : FunctionError.platform(current.requestId(), FunctionError.EXIT_ERROR, why);
                }
                default -> {
                }
            }
            if (current != null) current.release();
            teardownLocked();
            logLine("RuntimeProcess " + (status == null ? "ended" : status.describe()) + " (environment " + index + ")");
        }
        if (responding != null) responding.close();
        closeAsync(i, true); // grandchildren may have outlived the bootstrap
        if (failed != null) failed.fail(error);
        if (retry != null) scheduler.requeueFirst(retry);
        scheduler.dispatch();
    }

    private static String exitMessage(ExitStatus status) {
        if (status.code() != null && status.code() == 0) return "Runtime exited without providing a reason";
        return "Runtime exited with error: " + status.describe();
    }

    private void onInvokeTimeout(Incarnation i, Invocation inv) {
        FunctionError error = null;
        Channel responding;
        boolean kill;
        String secs = seconds(config().timeout().toMillis());
        synchronized (this) {
            if (inc != i || current != inv) return;
            responding = respondingChannel;
            if (state == EnvState.BUSY || state == EnvState.RESPONDING) {
                error = timeoutError(inv, secs);
            }
            if (faults.has(Fault.NO_KILL_ON_TIMEOUT) && error != null) {
                state = EnvState.RESPONDED; // the runtime's next /next is taken as the end of the invocation
                timer = null;
                kill = false;
            } else {
                inv.release();
                teardownLocked();
                kill = true;
            }
        }
        logLine(timeoutLine(inv, secs));
        if (kill) {
            if (responding != null) responding.close();
            closeAsync(i, true, ShutdownReason.TIMEOUT);
        }
        if (error != null) inv.fail(error);
        if (kill) scheduler.dispatch();
    }

    private static FunctionError truncatedError(Invocation inv, String why) {
        return FunctionError.platform(inv.requestId(), FunctionError.TRUNCATED_RESPONSE,
                "the runtime's response was truncated (" + why + ")");
    }

    private FunctionError timeoutError(Invocation inv, String secs) {
        if (faults.has(Fault.TIMEOUT_AS_200)) {
            return FunctionError.unflagged(FunctionError.TIMEDOUT,
                    ("Task timed out after " + secs + " seconds").getBytes(StandardCharsets.UTF_8), "text/plain");
        }
        return FunctionError.platform(inv.requestId(), FunctionError.TIMEDOUT, "Task timed out after " + secs + " seconds");
    }

    private static String timeoutLine(Invocation inv, String secs) {
        return java.time.Instant.now() + " " + inv.requestId() + " Task timed out after " + secs + " seconds";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f", millis / 1000.0);
    }

    /** Back to COLD; the caller closes the incarnation and fails whatever it took out first. */
    private void teardownLocked() {
        cancelTimerLocked();
        state = EnvState.COLD;
        current = null;
        truncated = null;
        parked = null;
        respondingChannel = null;
        inc = null;
        logTarget = null;
    }

    private void cancelTimerLocked() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void closeAsync(Incarnation i, boolean kill) {
        closeAsync(i, kill, ShutdownReason.FAILURE);
    }

    /** Ends {@code i} off the I/O threads; its extensions get SHUTDOWN with {@code reason} first. */
    private void closeAsync(Incarnation i, boolean kill, ShutdownReason reason) {
        teardowns.endAsync(() -> {
            synchronized (this) {
                return i.process;
            }
        }, i.listener, i.extensions, kill, reason);
    }

    /** Kills everything and waits (bounded) for the bootstrap to be gone. */
    void close() {
        Incarnation i;
        Invocation pending;
        Invocation running;
        synchronized (this) {
            closed = true;
            i = inc;
            pending = reserved;
            running = current;
            reserved = null;
            teardownLocked();
        }
        if (pending != null) pending.fail(FunctionError.platform(pending.requestId(), "Sandbox.Failure", "platform shutting down"));
        if (running != null) running.fail(FunctionError.platform(running.requestId(), "Sandbox.Failure", "platform shutting down"));
        if (i == null) return;
        RuntimeProcess p;
        synchronized (this) {
            p = i.process;
        }
        teardowns.endNow(p, i.listener, i.extensions);
    }

    // ---------------------------------------------------------------- delivery

    private boolean deliverLocked(Invocation inv, NextWaiter w) {
        long now = System.currentTimeMillis();
        long deadline = suppressedInit && inv.deadlineEpochMs() > 0 ? inv.deadlineEpochMs()
                : now + config().timeout().toMillis();
        if (faults.has(Fault.INIT_COUNTS_AGAINST_TIMEOUT) && state == EnvState.STARTING && inc != null && !suppressedInit) {
            deadline = inc.startedMillis + config().timeout().toMillis();
        }
        suppressedInit = false;
        HttpHeaders h = new DefaultHttpHeaders();
        if (!faults.has(Fault.OMIT_REQUEST_ID_HEADER)) h.set(REQUEST_ID, inv.requestId());
        if (!faults.has(Fault.OMIT_DEADLINE_HEADER)) {
            h.set(DEADLINE, Long.toString(faults.has(Fault.DEADLINE_IN_SECONDS) ? deadline / 1000 : deadline));
        }
        if (!faults.has(Fault.OMIT_FUNCTION_ARN_HEADER)) h.set(FUNCTION_ARN, config().arn());
        var md = inv.metadata();
        if (md.traceId() != null && !faults.has(Fault.OMIT_TRACE_HEADER)) h.set(TRACE_ID, md.traceId());
        if (md.clientContext() != null && !faults.has(Fault.NO_CLIENT_CONTEXT)) h.set(CLIENT_CONTEXT, md.clientContext());
        if (md.cognitoIdentity() != null) h.set(COGNITO, md.cognitoIdentity());
        if (md.tenantId() != null && !faults.has(Fault.NO_TENANT_ID)) h.set(TENANT, md.tenantId());
        String ct = inv.contentType() == null || inv.contentType().isEmpty() ? "application/json" : inv.contentType();
        h.set(HttpHeaderNames.CONTENT_TYPE, faults.has(Fault.WRONG_CONTENT_TYPE) ? "application/json" : ct);
        ByteBuf payload = inv.payload().retainedDuplicate();
        if (faults.has(Fault.TRUNCATE_PAYLOAD) && payload.isReadable()) payload.writerIndex(payload.writerIndex() - 1);

        inv.markDelivered(deadline);
        current = inv;
        state = EnvState.BUSY;
        logTarget = inv;
        logLine("START RequestId: " + inv.requestId() + " Version: " + config().version());
        Incarnation i = inc;
        long late = faults.has(Fault.LATE_TIMEOUT) ? LATE_TIMEOUT_MILLIS : 0;
        timer = services.loops().schedule(() -> onInvokeTimeout(i, inv), Math.max(0, deadline - now) + late);
        if (faults.has(Fault.RESULT_TO_OLDEST_INVOKER)) scheduler.awaitingResult(inv);
        if (w.deliver(h, payload) || faults.has(Fault.SWALLOW_ON_ABANDONED_NEXT)) {
            // extensions: INVOKE, with the deadline exactly as the runtime got it (one value, even when a fault skews it)
            i.extensions.invoke(inv.requestId(), faults.has(Fault.DEADLINE_IN_SECONDS) ? deadline / 1000 : deadline, config().arn(),
                    md.traceId(), inv.payload());
            return true;
        }
        // the runtime hung up between parking and delivery: undo, the scheduler hands the invocation on
        cancelTimerLocked();
        current = null;
        logTarget = null;
        state = EnvState.IDLE;
        return false;
    }

    /** Ends the current invocation at the runtime's next /next (END and REPORT lines, release). */
    private void completeCurrentLocked() {
        Invocation inv = current;
        current = null;
        cancelTimerLocked();
        if (inv == null) return;
        double ms = inv.sinceDelivery().toNanos() / 1e6;
        logLine("END RequestId: " + inv.requestId());
        logLine(String.format(Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB",
                inv.requestId(), ms, (long) Math.ceil(ms), config().memoryMb()));
        logTarget = null;
        inv.release();
    }

    // ---------------------------------------------------------------- extensions (state lives in refimpl.extensions)

    /** An extension called event/next or left: finish a waiting Init, or let the next invocation go. */
    private void extensionsReady(Incarnation i) {
        NextWaiter held = null;
        boolean dispatch = false;
        synchronized (this) {
            if (inc != i || closed) return;
            if (state == EnvState.STARTING && parked != null && i.extensions.initComplete()) {
                held = parked; // the runtime's /next, held back until Init was complete
                parked = null;
            } else if (state == EnvState.IDLE) {
                dispatch = true;
            }
        }
        if (held != null) i.next(held); // taken now like the runtime's first /next
        else if (dispatch) scheduler.dispatch();
    }

    /** An extension crashed or reported an init error: reset; the pending or running invocation ends with {@code errorType}. */
    private void extensionFailed(Incarnation i, String errorType, String message) {
        Invocation failed = null;
        Channel responding;
        synchronized (this) {
            if (inc != i || closed) return;
            responding = respondingChannel;
            switch (state) {
                case STARTING, INIT_ERROR -> {
                    failed = reserved;
                    reserved = null;
                    if (failed != null) failed.release(); // never delivered, and no /next will ever complete it
                }
                case BUSY, RESPONDING -> failed = current;
                default -> {
                }
            }
            if (current != null) current.release();
            teardownLocked();
        }
        logLine("[platform] " + message + ": " + errorType + ", environment " + index + " reset");
        if (responding != null) responding.close();
        closeAsync(i, true, ShutdownReason.FAILURE);
        if (failed != null) failed.fail(FunctionError.platform(failed.requestId(), errorType, message));
        scheduler.dispatch();
    }

    /** The invocation's deadline passed while an INVOKE extension was still working: reset (the invoker has its answer). */
    private void extensionsOverran(Incarnation i) {
        synchronized (this) {
            if (inc != i || closed || (state != EnvState.IDLE && state != EnvState.RESPONDED)) return;
            if (current != null) current.release();
            teardownLocked();
        }
        logLine("[platform] extensions did not call event/next before the invocation's deadline: environment " + index + " reset");
        closeAsync(i, true, ShutdownReason.TIMEOUT);
        scheduler.dispatch();
    }

    // ---------------------------------------------------------------- Runtime API

    /** The Runtime API of one incarnation; calls from an incarnation that was reset are refused. */
    final class Incarnation extends AnswerListener implements RuntimeApiBackend {
        final int gen;
        /** When this incarnation's Init began (the init-counts-against-timeout fault charges it to the invocation). */
        final long startedMillis = System.currentTimeMillis();
        volatile Channel listener;
        RuntimeProcess process;
        /** The Extensions API on this incarnation's listener, and its extension processes. */
        final Extensions extensions;

        Incarnation(int gen) {
            this.gen = gen;
            Incarnation self = this;
            this.extensions = new Extensions(config(), faults, services.loops(), new ExtensionHooks() {
                @Override
                public void readinessChanged() {
                    extensionsReady(self);
                }

                @Override
                public void failed(String errorType, String message) {
                    extensionFailed(self, errorType, message);
                }

                @Override
                public void overran() {
                    extensionsOverran(self);
                }
            }, line -> logLine("[platform] " + line));
        }

        @Override
        public ExtensionsBackend extensions() {
            return extensions.backend();
        }

        @Override
        public FaultSet faults() {
            return faults;
        }

        @Override
        public boolean nextWaitingElsewhere(Channel channel) {
            synchronized (ExecutionEnvironment.this) {
                return inc == this && parked != null && parked.isLive() && parked.channel() != channel;
            }
        }

        @Override
        public void log(String line) {
            services.platformLog().accept(config().name() + ": " + line);
            logLine("[platform] " + line);
        }

        @Override
        public void next(NextWaiter w) {
            next(w, false);
        }

        /**
         * {@code settled}: a /next that arrived while the response was still RESPONDING was held back once for the
         * truncation grace. A runtime that cut its streamed response off and asks for more work can be faster than
         * the event loop that sees its response connection end; held back, the /next then finds the truncation.
         */
        private void next(NextWaiter w, boolean settled) {
            synchronized (ExecutionEnvironment.this) {
                if (!settled && inc == this && state == EnvState.RESPONDING && truncated == null
                        && !faults.has(Fault.REDELIVER_ON_SECOND_NEXT)) {
                    services.loops().schedule(() -> next(w, true), TRUNCATION_GRACE_MILLIS);
                    return;
                }
            }
            boolean dispatch = false;
            Invocation requeue = null;
            Invocation cutOff = null;
            synchronized (ExecutionEnvironment.this) {
                if (inc != this) {
                    w.reject(RuntimeApiErrors.invalidStateTransition("Reset", "Ready"));
                    return;
                }
                if (state == EnvState.RESPONDING && truncated != null && truncated == current) {
                    // its response body was cut off and the runtime asks for more work: the truncation is final
                    cutOff = truncated;
                    truncated = null;
                    state = EnvState.RESPONDED;
                    respondingChannel = null;
                }
                switch (state) {
                    case STARTING -> {
                        if (!extensions.runtimeReady()) {
                            parkLocked(w); // extensions: Init ends when they have called event/next too
                            return;
                        }
                        cancelTimerLocked();
                        Invocation inv = reserved;
                        reserved = null;
                        if (inv != null) {
                            if (!deliverLocked(inv, w)) requeue = inv;
                        } else {
                            state = EnvState.IDLE;
                            parkLocked(w);
                            dispatch = true;
                        }
                    }
                    case RESPONDED -> {
                        if (cutOff != null && truncatedAsSuccess) cutOff.succeed();
                        else if (cutOff != null) cutOff.fail(truncatedError(cutOff, "the runtime asked for its next invocation"));
                        completeCurrentLocked();
                        state = EnvState.IDLE;
                        parkLocked(w);
                        dispatch = true;
                    }
                    case IDLE -> {
                        if (parked != null && (parked.isLive() || faults.has(Fault.SWALLOW_ON_ABANDONED_NEXT))) {
                            w.reject(RuntimeApiErrors.invalidStateTransition("Ready", "Ready"));
                        } else {
                            parkLocked(w);
                            dispatch = true;
                        }
                    }
                    case BUSY, RESPONDING -> {
                        if (faults.has(Fault.REDELIVER_ON_SECOND_NEXT)) {
                            w.reply(madeUpInvocation());
                        } else {
                            w.reject(RuntimeApiErrors.invalidStateTransition(state.rapidName(), "Ready"));
                        }
                    }
                    case INIT_ERROR -> {
                        if (faults.has(Fault.NEXT_AFTER_INIT_ERROR)) {
                            state = EnvState.IDLE;
                            parkLocked(w);
                            dispatch = true;
                        } else {
                            w.reject(RuntimeApiErrors.invalidStateTransition("InitError", "Ready"));
                        }
                    }
                    default -> w.reject(RuntimeApiErrors.invalidStateTransition(state.rapidName(), "Ready"));
                }
            }
            if (dispatch && faults.has(Fault.IDLE_NEXT_GETS_EMPTY_EVENT)) {
                services.loops().schedule(() -> answerIdleNext(w), IDLE_NEXT_FAULT_MILLIS);
            }
            if (requeue != null) scheduler.requeueFirst(requeue);
            if (dispatch || requeue != null) scheduler.dispatch();
        }

        /** idle-next-gets-empty-event: a /next still parked is answered with a made-up event. */
        private void answerIdleNext(NextWaiter w) {
            synchronized (ExecutionEnvironment.this) {
                if (inc != this || parked != w || state != EnvState.IDLE) return;
                parked = null;
            }
            w.reply(madeUpInvocation());
        }

        private DefaultFullHttpResponse madeUpInvocation() {
            var r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("{}", StandardCharsets.US_ASCII));
            r.headers().set(REQUEST_ID, UUID.randomUUID().toString());
            r.headers().set(DEADLINE, Long.toString(System.currentTimeMillis() + config().timeout().toMillis()));
            r.headers().set(FUNCTION_ARN, config().arn());
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 2);
            return r;
        }

        @Override
        public void waiterGone(NextWaiter w) {
            synchronized (ExecutionEnvironment.this) {
                if (parked == w && !faults.has(Fault.SWALLOW_ON_ABANDONED_NEXT)) parked = null;
            }
        }

        /** The id check, then the state check (RAPID's order), or the faulty order; null when admitted. */
        private Admission checkCurrent(String requestId, String to) {
            boolean stateOk = state == EnvState.BUSY;
            if (faults.has(Fault.STATE_CHECK_BEFORE_ID_CHECK) && !stateOk) {
                return Admission.reject(RuntimeApiErrors.invalidStateTransition(state.rapidName(), to));
            }
            boolean idOk = inc == this && current != null && current.requestId().equals(requestId);
            if (!idOk) {
                if (faults.has(Fault.ACCEPT_UNKNOWN_REQUEST_ID)) return Admission.accept(new DiscardBody());
                return Admission.reject(RuntimeApiErrors.invalidRequestId());
            }
            if (!stateOk) {
                if (faults.has(Fault.ACCEPT_SECOND_RESPONSE)) return Admission.accept(new DiscardBody());
                return Admission.reject(RuntimeApiErrors.invalidStateTransition(state.rapidName(), to));
            }
            return null;
        }

        @Override
        public Admission response(String requestId, HttpRequest request, Channel channel) {
            long declared = HttpUtil.getContentLength(request, -1L);
            synchronized (ExecutionEnvironment.this) {
                Admission overwrite = overwriteHeldLocked(requestId, request, "InvocationResponse");
                if (overwrite != null) return overwrite;
                Admission no = checkCurrent(requestId, "InvocationResponse");
                if (no != null) return no;
                Invocation inv = current;
                String mode = request.headers().get(RESPONSE_MODE);
                boolean streaming = "streaming".equals(mode);
                if (mode != null && !streaming && !faults.has(Fault.ACCEPT_BAD_RESPONSE_MODE)) {
                    state = EnvState.RESPONDED;
                    inv.fail(FunctionError.platform(inv.requestId(), FunctionError.INVALID_RESPONSE_MODE,
                            "Invalid function response mode"));
                    return Admission.reject(RuntimeApiErrors.invalidResponseMode());
                }
                long limit;
                if (streaming) {
                    limit = inv.streamingInvoker() || faults.has(Fault.NO_STREAM_LIMIT_FOR_BUFFERED)
                            ? STREAM_MAX : RuntimeApiErrors.MAX_PAYLOAD;
                } else {
                    limit = faults.has(Fault.NO_413_ON_LARGE_RESPONSE) ? STREAM_MAX : RuntimeApiErrors.MAX_PAYLOAD;
                }
                if (faults.has(Fault.REFUSED_POST_OVERWRITES_RESULT) && !streaming && declared >= 0
                        && declared <= Math.min(limit, CollectedBody.LIMIT)) {
                    state = EnvState.RESPONDING;
                    respondingChannel = channel;
                    return Admission.accept(holdingBody(inv, request.headers().get(HttpHeaderNames.CONTENT_TYPE)));
                }
                if (declared <= limit || faults.has(Fault.LATE_413_ON_DECLARED_OVERSIZE)) {
                    state = EnvState.RESPONDING;
                    respondingChannel = channel;
                    Invocation target = faults.has(Fault.RESULT_TO_OLDEST_INVOKER) ? scheduler.oldestAwaitingResult(inv) : inv;
                    return Admission.accept(new ResponseBody(this, inv, target, request.headers().get(HttpHeaderNames.CONTENT_TYPE),
                            streaming, limit, declared > limit));
                }
                // the declared length alone is over the limit: answer now, without waiting for the body (RT-LIMIT-007)
                state = EnvState.RESPONDED;
                inv.fail(ResponseBody.tooLarge(inv, declared)); // under the lock: before any later /next completes it
                return Admission.answerNow(RuntimeApiErrors.tooLarge());
            }
        }

        /** refused-post-overwrites-result: the first /response is collected and held back from its invoker. */
        private CollectedBody holdingBody(Invocation inv, String contentType) {
            HeldResult h = new HeldResult(inv);
            return new CollectedBody(body -> {
                h.succeedWith(body, contentType);
                synchronized (ExecutionEnvironment.this) {
                    if (inc == this && current == inv && state == EnvState.RESPONDING) {
                        state = EnvState.RESPONDED;
                        respondingChannel = null;
                    }
                    held = h;
                }
                services.loops().schedule(() -> {
                    synchronized (ExecutionEnvironment.this) {
                        if (held == h) held = null;
                    }
                    h.deliver();
                }, HELD_RESULT_MILLIS);
                return Reply.accepted();
            }, () -> bodyAborted(inv, "connection lost"));
        }

        /**
         * refused-post-overwrites-result: a second post for the invocation whose result is held is refused as due, but
         * its body replaces the held result; null when the fault does not apply.
         */
        private Admission overwriteHeldLocked(String requestId, HttpRequest request, String to) {
            HeldResult h = held;
            if (!faults.has(Fault.REFUSED_POST_OVERWRITES_RESULT) || h == null || inc != this || current != h.invocation()
                    || state == EnvState.BUSY || !current.requestId().equals(requestId)) {
                return null;
            }
            Reply refusal = Reply.error(RuntimeApiErrors.invalidStateTransition(state.rapidName(), to));
            boolean isError = to.equals("InvocationErrorResponse");
            String errorType = request.headers().get(ERROR_TYPE);
            String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            return Admission.accept(new CollectedBody(body -> {
                if (isError) h.failWith(ErrorBody.functionError(errorType, contentType, body, false));
                else h.succeedWith(body, contentType);
                return refusal;
            }, () -> { }));
        }

        @Override
        public boolean decodesRequestIds() {
            return !faults.has(Fault.NO_PERCENT_DECODED_REQUEST_ID);
        }

        @Override
        public Admission error(String requestId, HttpRequest request, Channel channel) {
            synchronized (ExecutionEnvironment.this) {
                if (faults.has(Fault.STRAY_ERROR_FAILS_CURRENT) && inc == this && state == EnvState.BUSY
                        && !current.requestId().equals(requestId)) {
                    Invocation victim = current;
                    return Admission.accept(new CollectedBody(body -> strayError(victim, body)));
                }
                Admission overwrite = overwriteHeldLocked(requestId, request, "InvocationErrorResponse");
                if (overwrite != null) return overwrite;
                Admission no = checkCurrent(requestId, "InvocationErrorResponse");
                if (no != null) return no;
                state = EnvState.RESPONDING;
                respondingChannel = channel;
                return Admission.accept(new ErrorBody(this, current, request.headers().get(ERROR_TYPE),
                        request.headers().get(HttpHeaderNames.CONTENT_TYPE)));
            }
        }

        @Override
        public Admission initError(HttpRequest request) {
            synchronized (ExecutionEnvironment.this) {
                if (inc == this && state == EnvState.STARTING) {
                    if (faults.has(Fault.INIT_ERROR_REFUSED)) {
                        return Admission.reject(RuntimeApiErrors.invalidStateTransition("Started", "InitError"));
                    }
                    return Admission.accept(new InitErrorBody(this, request.headers().get(ERROR_TYPE),
                            request.headers().get(HttpHeaderNames.CONTENT_TYPE)));
                }
                if (faults.has(Fault.REJECT_SECOND_INIT_ERROR_LATE)) return Admission.accept(new DiscardBody());
                return Admission.reject(RuntimeApiErrors.invalidStateTransition(
                        inc == this ? state.rapidName() : "Reset", "InitError"));
            }
        }

        @Override
        public Reply unknownPath(HttpRequest request) {
            if (faults.has(Fault.UNKNOWN_PATH_200)) return new Reply(HttpResponseStatus.OK, Replies.JSON, "{}".getBytes(StandardCharsets.US_ASCII));
            return new Reply(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    "404 page not found\n".getBytes(StandardCharsets.US_ASCII));
        }

        // ------------------------------------------------------------ outcomes reported by body consumers

        /** {@code target}: whose invoker gets the result; {@code inv} itself except under result-to-oldest-invoker. */
        void responseEnded(Invocation inv, Invocation target, FunctionError error) {
            synchronized (ExecutionEnvironment.this) {
                if (inc == this && current == inv && state == EnvState.RESPONDING) {
                    state = EnvState.RESPONDED;
                    respondingChannel = null;
                }
            }
            if (error == null) target.succeed();
            else target.fail(error);
        }

        void errorEnded(Invocation inv, FunctionError error) {
            boolean reset = false;
            synchronized (ExecutionEnvironment.this) {
                if (inc == this && current == inv && state == EnvState.RESPONDING) {
                    state = EnvState.RESPONDED;
                    respondingChannel = null;
                    if (faults.has(Fault.RESET_AFTER_ERROR)) {
                        inv.release();
                        teardownLocked();
                        reset = true;
                    }
                }
            }
            inv.fail(error);
            if (reset) {
                closeAsync(this, true);
                scheduler.dispatch();
            }
        }

        void bodyAborted(Invocation inv, String why) {
            bodyAborted(inv, why, false);
        }

        /** {@code streamed}: a streamed /response (RT-STREAM-012), which the truncated-stream-as-success fault ends normally. */
        void bodyAborted(Invocation inv, String why, boolean streamed) {
            log("request body of " + inv.requestId() + " ended early: " + why);
            boolean asSuccess = streamed && faults.has(Fault.TRUNCATED_STREAM_AS_SUCCESS);
            synchronized (ExecutionEnvironment.this) {
                if (inc == this && current == inv && state == EnvState.RESPONDING) {
                    truncated = inv;
                    truncatedAsSuccess = asSuccess;
                }
            }
            services.loops().schedule(() -> {
                synchronized (ExecutionEnvironment.this) {
                    if (inc != this || current != inv || state != EnvState.RESPONDING) return;
                    state = EnvState.RESPONDED;
                    respondingChannel = null;
                    truncated = null;
                }
                if (asSuccess) inv.succeed();
                else inv.fail(truncatedError(inv, why));
            }, TRUNCATION_GRACE_MILLIS);
        }

        void initErrorPosted(FunctionError error) {
            Invocation inv;
            synchronized (ExecutionEnvironment.this) {
                if (inc != this || state != EnvState.STARTING) return;
                state = EnvState.INIT_ERROR;
                cancelTimerLocked();
                inv = faults.has(Fault.DROP_INIT_ERROR) ? null : reserved;
                if (inv != null) reserved = null;
                timer = services.loops().schedule(this::killAfterInitError, INIT_ERROR_EXIT_GRACE_MILLIS);
            }
            logLine("INIT_REPORT Phase: init\tStatus: error\tError Type: " + error.errorType());
            if (inv != null) inv.fail(error);
        }

        private void killAfterInitError() {
            synchronized (ExecutionEnvironment.this) {
                if (inc != this || state != EnvState.INIT_ERROR) return;
            }
            log("runtime still running " + INIT_ERROR_EXIT_GRACE_MILLIS + " ms after /init/error: killed");
            RuntimeProcess p = process;
            if (p != null) services.lifecycle().execute(p::killTree);
        }
    }

    /** stray-error-fails-current: the wrong-id /error is refused, but an error document in it fails {@code victim}. */
    private static Reply strayError(Invocation victim, byte[] body) {
        try {
            var doc = dev.lambdatck.refimpl.http.Json.MAPPER.readTree(body);
            if (doc != null && doc.path("errorType").isTextual()) {
                victim.fail(new FunctionError(doc.path("errorType").asText(), body, Replies.JSON, true));
            }
        } catch (java.io.IOException notAnErrorDocument) {
            // refused all the same
        }
        return Reply.error(RuntimeApiErrors.invalidRequestId());
    }
}

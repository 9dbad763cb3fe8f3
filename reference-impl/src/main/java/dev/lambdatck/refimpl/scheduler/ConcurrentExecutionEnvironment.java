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
import dev.lambdatck.refimpl.invoke.FunctionError;
import dev.lambdatck.refimpl.invoke.Invocation;
import dev.lambdatck.refimpl.runtimeapi.Admission;
import dev.lambdatck.refimpl.runtimeapi.ExtensionsBackend;
import dev.lambdatck.refimpl.runtimeapi.NextWaiter;
import dev.lambdatck.refimpl.runtimeapi.Reply;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiBackend;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiErrors;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiServer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One execution environment of a Lambda Managed Instances function (maxConcurrency N &gt; 1, chapter
 * lmi-concurrency): one bootstrap (which runs its own workers) and its private Runtime API listener, serving up to
 * N invocations at once. Up to N {@code GET /next} may be parked (more are refused 500, as RIE's managed-instances
 * mode does); every invocation in flight has its own request id, deadline and timer, and a {@code /response} or
 * {@code /error} completes exactly the invocation its path names.
 * <p>
 * Differences from the single-concurrency {@link ExecutionEnvironment} (runtime-api.md §3.4, §3.5):
 * <ul>
 *   <li>a second answer for an invocation that was answered (or is being answered) is refused 400 InvalidRequestID,
 *       not 403;</li>
 *   <li>an invocation that exceeds the function timeout fails with Sandbox.Timedout, but the environment is not
 *       reset: the runtime's other invocations go on, and its late answer for the timed-out one gets 410
 *       InvokeTimeout (once; later ones 400). Only the runtime process exiting resets the environment, failing
 *       every invocation in flight with Runtime.ExitError;</li>
 *   <li>an invocation whose request id equals one in flight stays queued until that one is done (LMI-CONC-006);</li>
 *   <li>an Init timeout fails the invocation that waited for Init (no suppressed re-init);</li>
 *   <li>the runtime's output goes to the function log only (with several invocations at once no line belongs to one
 *       of them), so a Tail log result stays empty.</li>
 * </ul>
 * Every (re-)initialisation is a new {@link Incarnation} with its own listener. All state is guarded by
 * {@code this}; the scheduler is only called after the lock is released.
 */
final class ConcurrentExecutionEnvironment extends SchedulableEnvironment {

    /** How long a truncated answer waits for the process exit that usually explains it. */
    private static final long TRUNCATION_GRACE_MILLIS = 200;
    /** After /init/error the runtime should exit by itself; then it is killed. */
    private static final long INIT_ERROR_EXIT_GRACE_MILLIS = 2000;
    /** Request ids of answered and timed-out invocations remembered per incarnation, to word refusals. */
    private static final int REMEMBERED_IDS = 1024;
    private static final RuntimeApiErrors INVOKE_TIMEOUT =
            new RuntimeApiErrors(HttpResponseStatus.GONE, "InvokeTimeout", "Invoke timeout");

    /** How an invocation that left this environment ended, as far as a later post for its id is concerned. */
    private enum Ending { ANSWERED, TIMED_OUT, TIMED_OUT_REPORTED }

    /** One invocation in flight. */
    private static final class Slot {
        final Invocation inv;
        /** The id the runtime got in Lambda-Runtime-Aws-Request-Id (the invocation's own, except under a fault). */
        final String id;
        ScheduledFuture<?> timer;
        /** A /response or /error body for it is being received. */
        boolean answering;
        Channel channel;

        Slot(Invocation inv, String id) {
            this.inv = inv;
            this.id = id;
        }
    }

    private final FunctionScheduler scheduler;
    private final PlatformServices services;
    private final FaultSet faults;
    private final int index;

    private EnvState state = EnvState.COLD;
    private Incarnation inc;
    private int generation;
    private Invocation reserved;
    private ScheduledFuture<?> initTimer;
    private final ArrayDeque<NextWaiter> parked = new ArrayDeque<>();
    /** Oldest first. */
    private final List<Slot> inFlight = new ArrayList<>();
    private final Map<String, Ending> ended = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ending> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    /** lmi-answer-to-oldest fault: delivered ids whose runtime has not posted an answer yet. */
    private final java.util.Set<String> unposted = new java.util.HashSet<>();
    private boolean closed;
    private final Teardowns teardowns;

    ConcurrentExecutionEnvironment(FunctionScheduler scheduler, PlatformServices services, int index) {
        this.scheduler = scheduler;
        this.services = services;
        this.faults = services.faults();
        this.index = index;
        this.teardowns = new Teardowns(services);
    }

    private FunctionConfig config() {
        return scheduler.config();
    }

    /** Invocations delivered at once: AWS_LAMBDA_MAX_CONCURRENCY, or one under the serialising fault. */
    private int capacity() {
        return faults.has(Fault.LMI_ONE_INVOCATION_AT_A_TIME) ? 1 : config().maxConcurrency();
    }

    private void logLine(String line) {
        scheduler.log().append(line);
    }

    // ---------------------------------------------------------------- offers from the scheduler

    @Override
    boolean offerWarm(Invocation inv) {
        synchronized (this) {
            if (closed || state != EnvState.IDLE || inFlight.size() >= capacity()) return false;
            if (slotWithId(inv.requestId(), false) != null) return false; // held until the one in flight is done
            while (!parked.isEmpty()) {
                NextWaiter w = parked.pollFirst();
                if (w.isLive() && deliverLocked(inv, w)) return true;
            }
            return false;
        }
    }

    @Override
    boolean offerCold(Invocation inv) {
        int gen;
        synchronized (this) {
            if (closed || state != EnvState.COLD) return false;
            state = EnvState.STARTING;
            reserved = inv;
            gen = ++generation;
        }
        services.lifecycle().execute(() -> spawn(gen));
        return true;
    }

    @Override
    boolean isRunningInvocation() {
        synchronized (this) {
            return inFlight.size() >= capacity();
        }
    }

    // ---------------------------------------------------------------- process lifecycle

    private void spawn(int gen) {
        teardowns.awaitPrevious();
        Incarnation i = new Incarnation();
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
            initTimer = services.loops().schedule(() -> onInitTimeout(i), services.initTimeout().toMillis());
        }
        String address = services.bindHost() + ":" + EventLoops.port(i.listener);
        try {
            i.extensions.launch(scheduler.prepared(), address, (line, stderr) -> logLine(line)); // before the bootstrap
        } catch (EnvironmentException e) {
            failReservedAndReset(gen, i, inv -> FunctionError.platform(inv.requestId(), e.errorType(), e.getMessage()));
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
            p.killTree();
            return;
        }
        p.onExit().whenComplete((status, t) -> onExit(i, status));
    }

    private void failReservedAndReset(int gen, Incarnation i, Function<Invocation, FunctionError> error) {
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
        synchronized (this) {
            if (inc != i || state != EnvState.STARTING) return;
            inv = reserved;
            reserved = null;
            teardownLocked();
        }
        long ms = services.initTimeout().toMillis();
        logLine("INIT_REPORT Init Duration: " + ms + " ms\tPhase: init\tStatus: timeout");
        closeAsync(i, true);
        if (inv != null) {
            inv.fail(FunctionError.platform(inv.requestId(), FunctionError.TIMEDOUT, "Init timed out after " + seconds(ms) + " seconds"));
        }
        scheduler.dispatch();
    }

    /** The runtime exited: every invocation in flight (or waiting for Init) fails, and the environment is reset. */
    private void onExit(Incarnation i, ExitStatus status) {
        List<Invocation> failed = new ArrayList<>();
        List<Channel> answering = new ArrayList<>();
        String why;
        synchronized (this) {
            if (inc != i) return;
            why = status == null ? "Runtime exited" : status.code() != null && status.code() == 0
                    ? "Runtime exited without providing a reason" : "Runtime exited with error: " + status.describe();
            if (reserved != null) failed.add(reserved);
            reserved = null;
            for (Slot s : inFlight) {
                failed.add(s.inv);
                if (s.channel != null) answering.add(s.channel);
            }
            teardownLocked();
        }
        logLine("RuntimeProcess " + (status == null ? "ended" : status.describe()) + " (environment " + index + ")");
        answering.forEach(Channel::close);
        closeAsync(i, true); // the workers and anything else the bootstrap started
        for (Invocation inv : failed) {
            inv.fail(FunctionError.platform(inv.requestId(), FunctionError.EXIT_ERROR, why));
            inv.release();
        }
        scheduler.dispatch();
    }

    /** The function timeout of one invocation: it fails; the runtime and its other invocations go on. */
    private void onInvokeTimeout(Incarnation i, Slot slot) {
        Channel answering;
        synchronized (this) {
            if (inc != i || !inFlight.remove(slot)) return;
            ended.put(slot.id, Ending.TIMED_OUT);
            unposted.remove(slot.id);
            answering = slot.channel;
        }
        String secs = seconds(config().timeout().toMillis());
        logLine(Instant.now() + " " + slot.id + " Task timed out after " + secs + " seconds");
        if (answering != null) answering.close(); // an answer still coming in is cut off
        slot.inv.fail(FunctionError.platform(slot.inv.requestId(), FunctionError.TIMEDOUT, "Task timed out after " + secs + " seconds"));
        slot.inv.release();
        scheduler.dispatch();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f", millis / 1000.0);
    }

    /** Back to COLD; the caller closes the incarnation and fails whatever it took out first. */
    private void teardownLocked() {
        if (initTimer != null) {
            initTimer.cancel(false);
            initTimer = null;
        }
        for (Slot s : inFlight) {
            if (s.timer != null) s.timer.cancel(false);
        }
        inFlight.clear();
        parked.clear();
        ended.clear();
        unposted.clear();
        state = EnvState.COLD;
        inc = null;
    }

    /** Ends {@code i} off the I/O threads (here a reset is always a runtime or Init failure). */
    private void closeAsync(Incarnation i, boolean kill) {
        teardowns.endAsync(() -> {
            synchronized (this) {
                return i.process;
            }
        }, i.listener, i.extensions, kill, ShutdownReason.FAILURE);
    }

    @Override
    void close() {
        Incarnation i;
        List<Invocation> pending = new ArrayList<>();
        synchronized (this) {
            closed = true;
            i = inc;
            if (reserved != null) pending.add(reserved);
            reserved = null;
            for (Slot s : inFlight) pending.add(s.inv);
            teardownLocked();
        }
        for (Invocation inv : pending) {
            inv.fail(FunctionError.platform(inv.requestId(), "Sandbox.Failure", "platform shutting down"));
            inv.release();
        }
        if (i == null) return;
        RuntimeProcess p;
        synchronized (this) {
            p = i.process;
        }
        teardowns.endNow(p, i.listener, i.extensions);
    }

    // ---------------------------------------------------------------- delivery

    /** The invocation in flight with {@code id} (only one not being answered when {@code waiting}); null when none. */
    private Slot slotWithId(String id, boolean waiting) {
        for (Slot s : inFlight) {
            if (s.id.equals(id) && (!waiting || !s.answering)) return s;
        }
        return null;
    }

    private boolean deliverLocked(Invocation inv, NextWaiter w) {
        long now = System.currentTimeMillis();
        long deadline = now + config().timeout().toMillis();
        String id = faults.has(Fault.LMI_SHARED_REQUEST_ID) ? idOfSameEvent(inv) : inv.requestId();
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(ExecutionEnvironment.REQUEST_ID, id);
        h.set(ExecutionEnvironment.DEADLINE, Long.toString(deadline));
        h.set(ExecutionEnvironment.FUNCTION_ARN, config().arn());
        var md = inv.metadata();
        if (md.traceId() != null) h.set(ExecutionEnvironment.TRACE_ID, md.traceId());
        if (md.clientContext() != null) h.set(ExecutionEnvironment.CLIENT_CONTEXT, md.clientContext());
        if (md.cognitoIdentity() != null) h.set(ExecutionEnvironment.COGNITO, md.cognitoIdentity());
        if (md.tenantId() != null) h.set(ExecutionEnvironment.TENANT, md.tenantId());
        String ct = inv.contentType() == null || inv.contentType().isEmpty() ? "application/json" : inv.contentType();
        h.set(HttpHeaderNames.CONTENT_TYPE, ct);
        ByteBuf payload = inv.payload().retainedDuplicate();

        Slot slot = new Slot(inv, id);
        inv.markDelivered(deadline);
        Incarnation i = inc;
        inFlight.add(slot);
        slot.timer = services.loops().schedule(() -> onInvokeTimeout(i, slot), Math.max(0, deadline - now));
        if (!w.deliver(h, payload)) {
            // the runtime hung up between parking and delivery: the next waiter gets it
            inFlight.remove(slot);
            slot.timer.cancel(false);
            return false;
        }
        ended.remove(id); // a repeated id starts afresh
        if (faults.has(Fault.LMI_ANSWER_TO_OLDEST)) unposted.add(id);
        logLine("START RequestId: " + id + " Version: " + config().version());
        return true;
    }

    /** lmi-shared-request-id fault: the id of an invocation in flight with the same event, else the invocation's own. */
    private String idOfSameEvent(Invocation inv) {
        for (Slot s : inFlight) {
            try {
                if (!s.inv.isFinished() && s.inv.payload().equals(inv.payload())) return s.id;
            } catch (IllegalReferenceCountException finishedMeanwhile) {
                // no longer in flight
            }
        }
        return inv.requestId();
    }

    /** Removes {@code inv}'s slot after its answer ended; false when it had already left (timed out, reset). */
    private boolean finishLocked(Incarnation i, Invocation inv) {
        if (inc != i) return false;
        for (Slot s : inFlight) {
            if (s.inv != inv) continue;
            inFlight.remove(s);
            if (s.timer != null) s.timer.cancel(false);
            ended.put(s.id, Ending.ANSWERED);
            double ms = inv.sinceDelivery().toNanos() / 1e6;
            logLine("END RequestId: " + s.id);
            logLine(String.format(Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB",
                    s.id, ms, (long) Math.ceil(ms), config().memoryMb()));
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- extensions (state lives in refimpl.extensions)

    /** An extension called event/next or left: a runtime /next held back for them may end Init now. */
    private void extensionsReady(Incarnation i) {
        NextWaiter held;
        synchronized (this) {
            if (inc != i || closed || state != EnvState.STARTING || parked.isEmpty() || !i.extensions.initComplete()) return;
            held = parked.pollFirst();
        }
        i.next(held); // Init is complete: taken like the runtime's first /next
    }

    /** An extension crashed or reported an init error: reset; the pending and running invocations end with {@code errorType}. */
    private void extensionFailed(Incarnation i, String errorType, String message) {
        List<Invocation> failed = new ArrayList<>();
        List<Channel> answering = new ArrayList<>();
        synchronized (this) {
            if (inc != i || closed) return;
            if (reserved != null) failed.add(reserved);
            reserved = null;
            for (Slot s : inFlight) {
                failed.add(s.inv);
                if (s.channel != null) answering.add(s.channel);
            }
            teardownLocked();
        }
        logLine("[platform] " + message + ": " + errorType + ", environment " + index + " reset");
        answering.forEach(Channel::close);
        closeAsync(i, true);
        for (Invocation inv : failed) {
            inv.fail(FunctionError.platform(inv.requestId(), errorType, message));
            inv.release();
        }
        scheduler.dispatch();
    }

    // ---------------------------------------------------------------- Runtime API

    /** The Runtime API of one incarnation; calls from an incarnation that was reset are refused. */
    final class Incarnation extends AnswerListener implements RuntimeApiBackend {
        volatile Channel listener;
        RuntimeProcess process;
        /** Extensions register for SHUTDOWN only here (LMI-EXT-001), so they never hold an invocation back. */
        final Extensions extensions;

        Incarnation() {
            Incarnation self = this;
            extensions = new Extensions(config(), faults, services.loops(), new ExtensionHooks() {
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
                    // no INVOKE events on managed instances, so no extension can overrun one
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
        public void log(String line) {
            services.platformLog().accept(config().name() + ": " + line);
            logLine("[platform] " + line);
        }

        @Override
        public void next(NextWaiter w) {
            Invocation requeue = null;
            boolean dispatch = false;
            synchronized (ConcurrentExecutionEnvironment.this) {
                if (inc != this) {
                    w.reject(RuntimeApiErrors.invalidStateTransition("Reset", "Ready"));
                    return;
                }
                switch (state) {
                    case STARTING -> {
                        if (!extensions.runtimeReady()) {
                            parked.addLast(w); // Init ends when the extensions have called event/next too
                            return;
                        }
                        // the first /next ends Init; the invocation that waited for it goes to this /next
                        if (initTimer != null) initTimer.cancel(false);
                        initTimer = null;
                        state = EnvState.IDLE;
                        Invocation inv = reserved;
                        reserved = null;
                        if (inv == null) parked.addLast(w);
                        else if (!deliverLocked(inv, w)) requeue = inv;
                        dispatch = true;
                    }
                    case IDLE -> {
                        parked.removeIf(p -> !p.isLive());
                        if (parked.size() >= config().maxConcurrency()) {
                            // more idle /next than AWS_LAMBDA_MAX_CONCURRENCY (RIE: Runtime.TooManyIdleRuntimes)
                            w.reject(RuntimeApiErrors.internal());
                            log("GET /next refused: " + parked.size() + " already waiting, AWS_LAMBDA_MAX_CONCURRENCY is "
                                    + config().maxConcurrency());
                        } else {
                            parked.addLast(w);
                            dispatch = true;
                        }
                    }
                    case INIT_ERROR -> w.reject(RuntimeApiErrors.invalidStateTransition("InitError", "Ready"));
                    default -> w.reject(RuntimeApiErrors.invalidStateTransition(state.rapidName(), "Ready"));
                }
            }
            if (requeue != null) scheduler.requeueFirst(requeue);
            if (dispatch) scheduler.dispatch();
        }

        @Override
        public void waiterGone(NextWaiter w) {
            synchronized (ConcurrentExecutionEnvironment.this) {
                parked.remove(w);
            }
        }

        /** The invocation a post for {@code requestId} answers, marked as being answered; null when there is none. */
        private Slot admitLocked(String requestId) {
            if (inc != this) return null;
            Slot target = null;
            if (faults.has(Fault.LMI_ANSWER_TO_OLDEST)) {
                // the first post for each delivered id answers the oldest invocation still waiting (arrival order)
                if (unposted.remove(requestId)) {
                    for (Slot s : inFlight) {
                        if (!s.answering) {
                            target = s;
                            break;
                        }
                    }
                }
            } else {
                target = slotWithId(requestId, true);
            }
            if (target != null) target.answering = true;
            return target;
        }

        /** Why a post for {@code requestId} is refused: answered before (LMI-CONC-004), timed out (LMI-CONC-005), unknown. */
        private RuntimeApiErrors refusalLocked(String requestId, String to) {
            Ending e = inc == this ? ended.get(requestId) : null;
            boolean inProgress = inc == this && slotWithId(requestId, false) != null;
            if (e == Ending.TIMED_OUT) {
                ended.put(requestId, Ending.TIMED_OUT_REPORTED); // only the first late post is told; later ones get 400
                return faults.has(Fault.LMI_LATE_ANSWER_400) ? RuntimeApiErrors.invalidRequestId() : INVOKE_TIMEOUT;
            }
            if ((e == Ending.ANSWERED || inProgress) && faults.has(Fault.LMI_SECOND_ANSWER_403)) {
                return RuntimeApiErrors.invalidStateTransition(EnvState.RESPONDED.rapidName(), to);
            }
            return RuntimeApiErrors.invalidRequestId();
        }

        @Override
        public Admission response(String requestId, HttpRequest request, Channel channel) {
            long declared = HttpUtil.getContentLength(request, -1L);
            Invocation tooLarge = null;
            Admission a;
            synchronized (ConcurrentExecutionEnvironment.this) {
                Slot s = admitLocked(requestId);
                if (s == null) return Admission.reject(refusalLocked(requestId, "InvocationResponse"));
                Invocation inv = s.inv;
                String mode = request.headers().get(ExecutionEnvironment.RESPONSE_MODE);
                boolean streaming = "streaming".equals(mode);
                if (mode != null && !streaming) {
                    finishLocked(this, inv);
                    inv.fail(FunctionError.platform(inv.requestId(), FunctionError.INVALID_RESPONSE_MODE, "Invalid function response mode"));
                    inv.release();
                    a = Admission.reject(RuntimeApiErrors.invalidResponseMode());
                } else {
                    long limit = streaming && inv.streamingInvoker() ? ExecutionEnvironment.STREAM_MAX : RuntimeApiErrors.MAX_PAYLOAD;
                    if (declared > limit) {
                        // the declared length alone is over the limit: answer now, without waiting for the body
                        finishLocked(this, inv);
                        tooLarge = inv;
                        a = Admission.answerNow(RuntimeApiErrors.tooLarge());
                    } else {
                        s.channel = channel;
                        return Admission.accept(new ResponseBody(this, inv, inv,
                                request.headers().get(HttpHeaderNames.CONTENT_TYPE), streaming, limit, false));
                    }
                }
            }
            if (tooLarge != null) {
                tooLarge.fail(ResponseBody.tooLarge(tooLarge, declared));
                tooLarge.release();
            }
            scheduler.dispatch();
            return a;
        }

        @Override
        public Admission error(String requestId, HttpRequest request, Channel channel) {
            synchronized (ConcurrentExecutionEnvironment.this) {
                Slot s = admitLocked(requestId);
                if (s == null) return Admission.reject(refusalLocked(requestId, "InvocationErrorResponse"));
                s.channel = channel;
                return Admission.accept(new ErrorBody(this, s.inv, request.headers().get(ExecutionEnvironment.ERROR_TYPE),
                        request.headers().get(HttpHeaderNames.CONTENT_TYPE)));
            }
        }

        @Override
        public Admission initError(HttpRequest request) {
            synchronized (ConcurrentExecutionEnvironment.this) {
                if (inc == this && state == EnvState.STARTING) {
                    return Admission.accept(new InitErrorBody(this, request.headers().get(ExecutionEnvironment.ERROR_TYPE),
                            request.headers().get(HttpHeaderNames.CONTENT_TYPE)));
                }
                return Admission.reject(RuntimeApiErrors.invalidStateTransition(
                        inc == this ? state.rapidName() : "Reset", "InitError"));
            }
        }

        @Override
        public Reply unknownPath(HttpRequest request) {
            return new Reply(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    "404 page not found\n".getBytes(StandardCharsets.US_ASCII));
        }

        // ------------------------------------------------------------ outcomes reported by body consumers

        @Override
        void responseEnded(Invocation inv, Invocation target, FunctionError error) {
            boolean mine;
            synchronized (ConcurrentExecutionEnvironment.this) {
                mine = finishLocked(this, inv);
            }
            if (!mine) return; // timed out or reset meanwhile: its invoker already has an answer
            if (error == null) target.succeed();
            else target.fail(error);
            inv.release();
            scheduler.dispatch();
        }

        @Override
        void errorEnded(Invocation inv, FunctionError error) {
            boolean mine;
            synchronized (ConcurrentExecutionEnvironment.this) {
                mine = finishLocked(this, inv);
            }
            if (!mine) return;
            inv.fail(error);
            inv.release();
            scheduler.dispatch();
        }

        @Override
        void bodyAborted(Invocation inv, String why) {
            bodyAborted(inv, why, false);
        }

        @Override
        void bodyAborted(Invocation inv, String why, boolean streamed) {
            log("request body of " + inv.requestId() + " ended early: " + why);
            // a process exit within the grace explains the cut (Runtime.ExitError); otherwise it is a truncated answer
            services.loops().schedule(() -> {
                boolean mine;
                synchronized (ConcurrentExecutionEnvironment.this) {
                    mine = finishLocked(this, inv);
                }
                if (!mine) return;
                inv.fail(FunctionError.platform(inv.requestId(), FunctionError.TRUNCATED_RESPONSE,
                        "the runtime's response was truncated (" + why + ")"));
                inv.release();
                scheduler.dispatch();
            }, TRUNCATION_GRACE_MILLIS);
        }

        @Override
        void initErrorPosted(FunctionError error) {
            Invocation inv;
            synchronized (ConcurrentExecutionEnvironment.this) {
                if (inc != this || state != EnvState.STARTING) return;
                state = EnvState.INIT_ERROR;
                if (initTimer != null) initTimer.cancel(false);
                inv = reserved;
                reserved = null;
                initTimer = services.loops().schedule(this::killAfterInitError, INIT_ERROR_EXIT_GRACE_MILLIS);
            }
            logLine("INIT_REPORT Phase: init\tStatus: error\tError Type: " + error.errorType());
            if (inv != null) inv.fail(error);
        }

        private void killAfterInitError() {
            synchronized (ConcurrentExecutionEnvironment.this) {
                if (inc != this || state != EnvState.INIT_ERROR) return;
            }
            log("runtime still running " + INIT_ERROR_EXIT_GRACE_MILLIS + " ms after /init/error: killed");
            RuntimeProcess p = process;
            if (p != null) services.lifecycle().execute(p::killTree);
        }
    }
}

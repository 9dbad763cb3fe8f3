package dev.lambdatck.refimpl.extensions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.http.EventLoops;
import dev.lambdatck.refimpl.http.Json;
import dev.lambdatck.refimpl.http.Replies;
import dev.lambdatck.refimpl.runtimeapi.Admission;
import dev.lambdatck.refimpl.runtimeapi.CollectedBody;
import dev.lambdatck.refimpl.runtimeapi.ExtensionsBackend;
import dev.lambdatck.refimpl.runtimeapi.NextWaiter;
import dev.lambdatck.refimpl.runtimeapi.Reply;
import dev.lambdatck.refimpl.runtimeapi.RuntimeApiErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Extensions API of one incarnation: registrations, event delivery and error reports, and the two barriers the
 * environment asks about: Init is complete when the runtime and every registered extension called next (and every
 * launched extension registered); the next invocation may go when every INVOKE extension called event/next again
 * (EXT-EVT-005). All state is guarded by {@code this}; hooks are called after the lock is released.
 */
public final class ExtensionsApi implements ExtensionsBackend {

    public static final int MAX_EXTENSIONS = 10;
    static final String NAME = "Lambda-Extension-Name";
    static final String IDENTIFIER = "Lambda-Extension-Identifier";
    static final String EVENT_IDENTIFIER = "Lambda-Extension-Event-Identifier";
    static final String ERROR_TYPE = "Lambda-Extension-Function-Error-Type";
    private static final Pattern EXTENSION_ERROR_TYPE = Pattern.compile("Extension\\.[A-Z][a-zA-Z]+");

    private enum Phase { INIT, READY, SHUTDOWN }

    private final FunctionConfig function;
    private final FaultSet faults;
    private final EventLoops loops;
    private final ExtensionHooks hooks;

    private final Map<String, Registration> byId = new LinkedHashMap<>();
    /** Launched extension files that have not registered yet: Init waits for them. */
    private final Set<String> awaited = new HashSet<>();
    /** Launched extension files whose registration was refused: not waited for; their exit is not a crash. */
    private final Set<String> refused = new HashSet<>();
    /** event/next calls without a valid identifier, parked under the event-next-without-id-accepted fault. */
    private final List<NextWaiter> strays = new ArrayList<>();
    private Phase phase = Phase.INIT;
    private boolean runtimeReady;
    private ScheduledFuture<?> overrun;

    public ExtensionsApi(FunctionConfig function, FaultSet faults, EventLoops loops, ExtensionHooks hooks) {
        this.function = function;
        this.faults = faults;
        this.loops = loops;
        this.hooks = hooks;
    }

    /** {@code errorType} when it is a valid Extension.* value, else {@code fallback} (EXT-ERR-003). */
    static String effectiveErrorType(String errorType, String fallback) {
        return errorType != null && EXTENSION_ERROR_TYPE.matcher(errorType).matches() ? errorType : fallback;
    }

    // ---------------------------------------------------------------- what the environment asks

    /** Launched extension files Init waits for. */
    synchronized void expect(Collection<String> names) {
        awaited.addAll(names);
    }

    /** The runtime called /next during Init; true when Init is complete now (registration is then closed). */
    public synchronized boolean runtimeReady() {
        runtimeReady = true;
        return tryCompleteInitLocked();
    }

    /** Whether Init is complete (closing registration when it just became so). */
    public synchronized boolean initComplete() {
        return tryCompleteInitLocked();
    }

    private boolean tryCompleteInitLocked() {
        if (phase != Phase.INIT) return phase == Phase.READY;
        if (!runtimeReady || !awaited.isEmpty()) return false;
        for (Registration r : byId.values()) {
            if (r.active() && !r.ready) return false;
        }
        phase = Phase.READY;
        return true;
    }

    /** Whether the next invocation may be delivered to the runtime (EXT-EVT-005). */
    public synchronized boolean readyForInvoke() {
        return readyForInvokeLocked();
    }

    private boolean readyForInvokeLocked() {
        if (phase != Phase.READY) return false;
        if (faults.has(Fault.NO_WAIT_FOR_EXTENSIONS)) return true;
        for (Registration r : byId.values()) {
            if (r.active() && getsInvoke(r) && !r.ready) return false;
        }
        return true;
    }

    private boolean getsInvoke(Registration r) {
        return r.invoke || faults.has(Fault.INVOKE_TO_SHUTDOWN_ONLY);
    }

    /**
     * An invocation was delivered to the runtime: every INVOKE extension gets its INVOKE event, and must call
     * event/next again before {@code deadlineMs} (the invocation's deadline covers extension post-processing).
     */
    public synchronized void invoke(String requestId, long deadlineMs, String arn, String traceId, ByteBuf payload) {
        if (phase != Phase.READY || byId.isEmpty()) return; // no extension: nothing to build on the invoke path
        byte[] event = null;
        boolean any = false;
        for (Registration r : byId.values()) {
            if (!r.active() || !getsInvoke(r)) continue;
            if (event == null) {
                long eventDeadline = faults.has(Fault.INVOKE_EVENT_DEADLINE_LATE) ? deadlineMs + 1000 : deadlineMs;
                event = ExtensionEvents.invoke(eventDeadline, requestId, arn, traceId,
                        faults.has(Fault.INVOKE_EVENT_CARRIES_PAYLOAD) ? payload.toString(StandardCharsets.UTF_8) : null);
            }
            r.events.add(event);
            r.ready = false;
            deliverLocked(r);
            any = true;
        }
        if (overrun != null) overrun.cancel(false);
        overrun = any ? loops.schedule(this::checkOverrun, Math.max(0, deadlineMs - System.currentTimeMillis())) : null;
    }

    private void checkOverrun() {
        boolean over;
        synchronized (this) {
            over = phase == Phase.READY && !readyForInvokeLocked();
        }
        if (over) hooks.overran();
    }

    /**
     * The environment ends: every extension registered for SHUTDOWN gets the SHUTDOWN event (now, or at its next
     * event/next). Registration and INVOKE delivery are over.
     *
     * @return whether any extension was told, or reported an error and is expected to exit by itself, so that the
     *         caller grants the shutdown budget before killing
     */
    public synchronized boolean shutdown(ShutdownReason reason, long deadlineMs) {
        if (phase == Phase.SHUTDOWN) return false;
        phase = Phase.SHUTDOWN;
        if (overrun != null) overrun.cancel(false);
        boolean any = byId.values().stream().anyMatch(r -> r.errorType != null);
        if (faults.has(Fault.NO_SHUTDOWN_EVENT)) return any;
        byte[] event = ExtensionEvents.shutdown(reason, deadlineMs);
        for (Registration r : byId.values()) {
            if (!r.active() || !r.shutdown) continue;
            r.events.clear();
            r.events.add(event);
            deliverLocked(r);
            any = true;
        }
        return any;
    }

    /** A launched extension process ended while the environment was live: a crash (or the exit after exit/error). */
    void processExited(String name, String how) {
        String errorType;
        synchronized (this) {
            if (phase == Phase.SHUTDOWN) return;
            Registration r = null;
            for (Registration c : byId.values()) {
                if (c.name.equals(name)) r = c;
            }
            if (r == null && refused.contains(name)) return; // it was told no; leaving is what it should do
            if (r != null && r.initError) {
                if (faults.has(Fault.EXTENSION_INIT_ERROR_IGNORED)) return;
                errorType = effectiveErrorType(r.errorType, "Extension.InitError");
            } else if (r != null && r.errorType != null) {
                errorType = effectiveErrorType(r.errorType, "Extension.ExitError");
            } else {
                errorType = "Extension.Crash";
            }
        }
        hooks.failed(errorType, "extension " + name + " exited: " + how);
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    public Admission register(HttpRequest request, NextWaiter answer) {
        String name = request.headers().get(NAME);
        return Admission.accept(new CollectedBody(body -> registerBody(name, body, answer)));
    }

    private Reply registerBody(String name, byte[] body, NextWaiter answer) {
        List<String> events = events(body);
        RuntimeApiErrors refusal = null;
        Registration accepted = null;
        boolean changed = false;
        synchronized (this) {
            if ((name == null || name.isBlank()) && !faults.has(Fault.REGISTER_WITHOUT_NAME_ACCEPTED)) {
                refusal = ExtensionErrors.invalidName();
            } else if (events == null) {
                refusal = ExtensionErrors.badRequest("register body must be {\"events\": [\"INVOKE\"|\"SHUTDOWN\", ...]}");
            } else if (!faults.has(Fault.ANY_EVENT_TYPE_ACCEPTED)
                    && events.stream().anyMatch(e -> !e.equals("INVOKE") && !e.equals("SHUTDOWN"))) {
                refusal = ExtensionErrors.invalidEventType(events.stream()
                        .filter(e -> !e.equals("INVOKE") && !e.equals("SHUTDOWN")).findFirst().orElse(""));
            } else if (function.maxConcurrency() > 1 && events.contains("INVOKE") && !faults.has(Fault.LMI_INVOKE_EXTENSIONS_ACCEPTED)) {
                // managed instances run several invocations at once: extensions get SHUTDOWN only (LMI-EXT-001)
                refusal = ExtensionErrors.invalidEventType("INVOKE (managed instances: SHUTDOWN only)");
            } else if (phase != Phase.INIT && !(phase == Phase.READY && faults.has(Fault.LATE_REGISTRATION_ACCEPTED))) {
                refusal = ExtensionErrors.registrationClosed();
            } else if (byId.size() >= MAX_EXTENSIONS && !faults.has(Fault.NO_EXTENSION_LIMIT)) {
                refusal = ExtensionErrors.tooMany();
            }
            if (refusal != null) {
                if (name != null && awaited.remove(name)) {
                    refused.add(name);
                    changed = true;
                }
            } else {
                String n = name == null ? "" : name;
                accepted = new Registration(UUID.randomUUID().toString(), n, events.contains("INVOKE"), events.contains("SHUTDOWN"));
                byId.put(accepted.id, accepted);
                awaited.remove(n);
            }
        }
        if (changed) hooks.readinessChanged();
        if (refusal != null) return Reply.error(refusal);
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(IDENTIFIER, accepted.id);
        h.set(HttpHeaderNames.CONTENT_TYPE, Replies.JSON);
        answer.deliver(h, Unpooled.wrappedBuffer(ExtensionEvents.registered(function,
                !faults.has(Fault.REGISTER_BODY_WITHOUT_HANDLER))));
        return null;
    }

    /** The events list of a register body, or null when the body is not {"events": [strings]}. */
    private static List<String> events(byte[] body) {
        try {
            JsonNode doc = Json.MAPPER.readTree(body);
            if (doc == null || !doc.path("events").isArray()) return null;
            List<String> out = new ArrayList<>();
            for (JsonNode e : doc.path("events")) {
                if (!e.isTextual()) return null;
                out.add(e.asText());
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void next(HttpRequest request, NextWaiter waiter) {
        String id = request.headers().get(IDENTIFIER);
        boolean changed = false;
        synchronized (this) {
            Registration r = id == null ? null : byId.get(id);
            if (r == null) {
                if (faults.has(Fault.EVENT_NEXT_WITHOUT_ID_ACCEPTED)) {
                    strays.add(waiter); // never answered; the listener closes it with the incarnation
                } else {
                    waiter.reject(id == null ? ExtensionErrors.missingIdentifier() : ExtensionErrors.unknownIdentifier());
                }
                return;
            }
            if (!r.active()) {
                waiter.reject(ExtensionErrors.invalidState("the extension reported an error and may make no further calls"));
                return;
            }
            if (r.waiter != null && r.waiter != waiter) {
                r.waiter.reject(ExtensionErrors.invalidState("another event/next of this extension replaced this one"));
            }
            r.waiter = waiter;
            if (!deliverLocked(r) && r.events.isEmpty() && !r.ready && phase != Phase.SHUTDOWN) {
                r.ready = true;
                changed = true;
            }
        }
        if (changed) hooks.readinessChanged();
    }

    /** Hands the oldest pending event to the parked waiter, if both exist. */
    private boolean deliverLocked(Registration r) {
        if (r.waiter == null || r.events.isEmpty()) return false;
        NextWaiter w = r.waiter;
        r.waiter = null;
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(EVENT_IDENTIFIER, UUID.randomUUID().toString());
        h.set(HttpHeaderNames.CONTENT_TYPE, Replies.JSON);
        if (!w.deliver(h, Unpooled.wrappedBuffer(r.events.peek()))) return false; // connection gone: kept for the next call
        r.events.poll();
        r.ready = false;
        return true;
    }

    @Override
    public synchronized void waiterGone(NextWaiter waiter) {
        strays.remove(waiter);
        for (Registration r : byId.values()) {
            if (r.waiter == waiter) r.waiter = null; // it did call next: still ready
        }
    }

    @Override
    public Admission initError(HttpRequest request) {
        return errorReport(request, true);
    }

    @Override
    public Admission exitError(HttpRequest request) {
        return errorReport(request, false);
    }

    /** init/error and exit/error: 202, then the extension takes no further part (EXT-ERR-001, EXT-ERR-002). */
    private Admission errorReport(HttpRequest request, boolean init) {
        String id = request.headers().get(IDENTIFIER);
        String errorType = request.headers().get(ERROR_TYPE);
        synchronized (this) {
            RuntimeApiErrors no = checkCaller(id);
            if (no != null) return Admission.reject(no);
        }
        if (errorType == null || errorType.isBlank()) {
            return Admission.reject(ExtensionErrors.badRequest("Missing " + ERROR_TYPE + " header"));
        }
        return Admission.accept(new CollectedBody(body -> errorReported(id, errorType, init)));
    }

    private RuntimeApiErrors checkCaller(String id) {
        Registration r = id == null ? null : byId.get(id);
        if (r == null) return id == null ? ExtensionErrors.missingIdentifier() : ExtensionErrors.unknownIdentifier();
        if (!r.active()) {
            return ExtensionErrors.invalidState("the extension reported an error and may make no further calls");
        }
        return null;
    }

    private Reply errorReported(String id, String errorType, boolean init) {
        Registration r;
        boolean live;
        synchronized (this) {
            RuntimeApiErrors no = checkCaller(id); // a second report may have raced this one's body
            if (no != null) return Reply.error(no);
            r = byId.get(id);
            r.errorType = errorType;
            r.initError = init;
            if (!faults.has(Fault.CALLS_AFTER_EXIT_ERROR_ACCEPTED)) { // the fault: the report is not remembered as leaving
                r.left = true;
                r.events.clear();
                if (r.waiter != null) {
                    r.waiter.reject(ExtensionErrors.invalidState("the extension reported an error"));
                    r.waiter = null;
                }
            }
            live = phase != Phase.SHUTDOWN;
        }
        if (live && init && !faults.has(Fault.EXTENSION_INIT_ERROR_IGNORED)) {
            hooks.failed(effectiveErrorType(errorType, "Extension.InitError"),
                    "extension " + r.name + " reported an init error: " + errorType);
        } else if (live) {
            hooks.readinessChanged(); // no longer waited for
        }
        if (faults.has(Fault.EXTENSION_ERROR_ANSWERS_200)) {
            return new Reply(HttpResponseStatus.OK, Replies.JSON, "{\"status\":\"OK\"}".getBytes(StandardCharsets.US_ASCII));
        }
        return Reply.accepted();
    }
}

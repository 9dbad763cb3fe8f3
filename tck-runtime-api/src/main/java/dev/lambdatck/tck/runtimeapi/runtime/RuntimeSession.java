package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.runtime.fake.FakeRuntimeApi;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;
import dev.lambdatck.tck.runtimeapi.runtime.launch.RuntimeLauncher;
import dev.lambdatck.tck.runtimeapi.runtime.launch.RuntimeProcess;
import dev.lambdatck.tck.runtimeapi.runtime.launch.RuntimeTarget;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Script;

import java.time.Duration;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One runtime under test for one test: a fresh {@link FakeRuntimeApi} and the runtime's bootstrap pointed
 * at it. Waits are bounded by {@link TckTimeouts}: {@code start} for the first {@code /next}, {@code invoke}
 * for an answer, {@code quiet} for watching that something does not happen. Closing it kills the
 * runtime's process tree and stops the fake; the runtime's output becomes the test's log excerpt.
 */
public final class RuntimeSession implements AutoCloseable {

    private final TargetDescriptor descriptor;
    private final TckTimeouts timeouts;
    private final FakeRuntimeApi api;
    private final RuntimeProcess process;

    private RuntimeSession(TargetDescriptor descriptor, TckTimeouts timeouts, FakeRuntimeApi api, RuntimeProcess process) {
        this.descriptor = descriptor;
        this.timeouts = timeouts;
        this.api = api;
        this.process = process;
    }

    /** Starts the runtime with its normal environment. */
    public static RuntimeSession start(TargetDescriptor d, TckTimeouts t) {
        return start(d, t, Map.of());
    }

    /**
     * Starts the runtime with environment changes (a null value removes the variable).
     *
     * @throws NotApplicable   when the target is not a runtime binary (the platform targets have no runtime to certify)
     * @throws TargetException when the bootstrap cannot be started
     */
    public static RuntimeSession start(TargetDescriptor d, TckTimeouts t, Map<String, String> env) {
        RuntimeLauncher launcher = new RuntimeLauncher(runtimeTarget(d));
        FakeRuntimeApi api = FakeRuntimeApi.start(t);
        try {
            RuntimeProcess p = launcher.launch(api.address(), env);
            EvidenceLog.current().logSource(p::output);
            EvidenceLog.current().note("runtime " + launcher.target().bootstrap() + " (pid " + p.pid() + ") against the fake Runtime API at " + api.address());
            return new RuntimeSession(d, t, api, p);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    static RuntimeTarget runtimeTarget(TargetDescriptor d) {
        if (!RuntimeTarget.ADAPTER.equals(d.adapter())) {
            throw new NotApplicable("the runtime suite certifies a runtime binary; target '" + d.name() + "' uses adapter '"
                    + d.adapter() + "' (use lambda-tck certify-runtime, or a descriptor with adapter: runtime-binary)");
        }
        return RuntimeTarget.from(d);
    }

    /** Throws NotApplicable unless the target declares {@value RuntimeCapabilities#FIXTURE_PROTOCOL}. */
    public static void requireFixtureProtocol(TargetDescriptor d, String why) {
        runtimeTarget(d);
        if (!d.declares(RuntimeCapabilities.FIXTURE_PROTOCOL)) {
            throw new NotApplicable("needs a fixture runtime (capability " + RuntimeCapabilities.FIXTURE_PROTOCOL + "): " + why);
        }
    }

    public FakeRuntimeApi api() { return api; }

    public RuntimeProcess process() { return process; }

    public TckTimeouts timeouts() { return timeouts; }

    public TargetDescriptor descriptor() { return descriptor; }

    public boolean fixtureProtocol() { return descriptor.declares(RuntimeCapabilities.FIXTURE_PROTOCOL); }

    /** The runtime's first {@code GET /next}; a runtime that never gets there cannot be tested (ERROR). */
    public RecordedRequest awaitFirstNext() {
        return firstNext().orElseThrow(() -> new TargetException("the runtime did not call GET /next within "
                + timeouts.start().toMillis() + " ms of starting, so nothing could be checked; " + explain()));
    }

    /** As {@link #awaitFirstNext()}, for tests whose rule is exactly that the runtime gets there (FAIL). */
    public RecordedRequest expectFirstNext(String what) {
        return firstNext().orElseThrow(() -> new AssertionError(what + ": the runtime did not call GET /next within "
                + timeouts.start().toMillis() + " ms of starting; " + explain()));
    }

    private Optional<RecordedRequest> firstNext() {
        boolean seen = api.awaitCondition(() -> !api.requests(RecordedRequest.Kind.NEXT).isEmpty() || !process.isAlive(), timeouts.start());
        List<RecordedRequest> next = api.requests(RecordedRequest.Kind.NEXT);
        return seen && !next.isEmpty() ? Optional.of(next.get(0)) : Optional.empty();
    }

    /** Queues the event; the runtime gets it from its waiting (or next) {@code GET /next}. */
    public Event invoke(Event e) {
        return api.enqueue(e);
    }

    public Event invoke(Script script) {
        return invoke(Event.json(script.bytes()));
    }

    /** The {@code GET /next} that delivered the event, once it did. */
    public Optional<RecordedRequest> delivery(Event e, Duration within) {
        api.awaitCondition(() -> deliveryOf(e).isPresent() || !process.isAlive(), within);
        return deliveryOf(e);
    }

    private Optional<RecordedRequest> deliveryOf(Event e) {
        return api.requests(RecordedRequest.Kind.NEXT).stream()
                .filter(r -> e.requestId() != null && e.requestId().equals(r.deliveredRequestId())
                        || e.requestId() == null && r.deliveredRequestId() == null && r.status() != null && r.status() == 200)
                .findFirst();
    }

    public RecordedRequest awaitDelivery(Event e) {
        return delivery(e, timeouts.start().plus(timeouts.invoke())).orElseThrow(() -> new AssertionError(
                "the runtime did not fetch " + e + " with GET /next within " + timeouts.start().plus(timeouts.invoke()).toMillis()
                        + " ms; " + explain()));
    }

    /**
     * The runtime's answer to the event: the first {@code /response} or {@code /error} posted after the
     * event was delivered, to the event's request id or to an id that is no other event's (only
     * RTC-LOOP-004 judges the id).
     */
    public Optional<RecordedRequest> answer(Event e, Duration within) {
        RecordedRequest d = delivery(e, timeouts.start().plus(within)).orElse(null);
        if (d == null) return Optional.empty();
        // answered: the fake's status is part of what the tests judge. A post naming another delivered
        // event's id belongs to that event (a runtime may fetch the next event before answering this one).
        Predicate<RecordedRequest> after = r -> r.isAnswer() && r.sequence() > d.sequence() && r.answered()
                && (Objects.equals(r.pathRequestId(), e.requestId()) || !deliveredIds().contains(r.pathRequestId()));
        api.awaitCondition(() -> first(after).isPresent() || !process.isAlive(), within);
        return first(after);
    }

    private Set<String> deliveredIds() {
        Set<String> ids = new HashSet<>();
        for (RecordedRequest r : api.requests(RecordedRequest.Kind.NEXT)) if (r.deliveredRequestId() != null) ids.add(r.deliveredRequestId());
        return ids;
    }

    /** As {@link #answer(Event, Duration)}, failing when none came within the invoke timeout. */
    public RecordedRequest awaitAnswer(Event e) {
        RecordedRequest d = awaitDelivery(e);
        return answer(e, timeouts.invoke()).orElseThrow(() -> new AssertionError("the runtime posted no /response or /error within "
                + timeouts.invoke().toMillis() + " ms after " + e + " was delivered (request #" + d.sequence() + "); " + explain()));
    }

    /** Queues the event and waits for the runtime's answer to it. */
    public RecordedRequest serve(Event e) {
        return awaitAnswer(invoke(e));
    }

    /** Every request the runtime sent after {@code r}. */
    public List<RecordedRequest> after(RecordedRequest r) {
        return api.requests().stream().filter(x -> x.sequence() > r.sequence()).toList();
    }

    public Optional<RecordedRequest> first(Predicate<RecordedRequest> p) {
        return api.requests().stream().filter(p).findFirst();
    }

    /**
     * Watches for {@code quiet} (or longer) whether a request matching {@code p} arrives; returns it, or
     * empty when none did. Ends early when the runtime exits (nothing more can arrive).
     */
    public Optional<RecordedRequest> watch(Predicate<RecordedRequest> p, Duration within) {
        api.awaitCondition(() -> first(p).isPresent() || !process.isAlive(), within);
        if (!process.isAlive()) api.awaitCondition(() -> first(p).isPresent(), Duration.ofMillis(50));
        return first(p);
    }

    /** Reads the fixture's result document from an answer; fails when the body is not one. */
    public FixtureResult result(RecordedRequest answer) {
        return FixtureResult.parse(answer.body()).orElseThrow(() -> new AssertionError(
                "the runtime's " + answer.kind() + " body is not a fixture result document (does the runtime run the"
                        + " fixture protocol's handler-level steps?): " + preview(answer.bodyText())));
    }

    /** How long the TCK holds an idle {@code GET /next} to see that the runtime keeps waiting (RTC-LOOP-006). */
    public Duration longPoll() {
        return timeouts.quiet().multipliedBy(5).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeouts.quiet().multipliedBy(5);
    }

    /** The runtime's state and the last requests, for failure messages. */
    public String explain() {
        List<RecordedRequest> all = api.requests();
        StringBuilder b = new StringBuilder(process.describe());
        b.append("\nrequests seen (").append(all.size()).append("):");
        for (RecordedRequest r : all.subList(Math.max(0, all.size() - 8), all.size())) b.append("\n  ").append(r);
        return b.toString();
    }

    static String preview(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            api.close();
        }
    }
}

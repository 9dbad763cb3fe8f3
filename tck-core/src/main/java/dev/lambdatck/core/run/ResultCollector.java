package dev.lambdatck.core.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.junit.TckExtension;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.TestEvidence;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.target.TargetException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.TestAbortedException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns JUnit's execution events of one suite into {@link TestResult}s: successful → PASS; an
 * {@link AssertionError} → FAIL; any other exception (target problem, I/O, timeout) → ERROR; aborted with
 * {@value NotApplicable#PREFIX} → NOT_APPLICABLE, otherwise NOT_VERIFIED; skipped by the capability
 * condition → NOT_APPLICABLE, skipped for another reason → NOT_VERIFIED. Tests under a container that
 * failed or was skipped get the container's outcome, so no test silently disappears.
 */
final class ResultCollector implements TestExecutionListener {

    /** One test's result with what the runner needs besides it. */
    record Collected(String uniqueId, TestResult result, boolean targetError) {
    }

    static final int MAX_MESSAGE_LINES = 20;
    static final int MAX_MESSAGE_CHARS = 4000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String suite;
    private final RunListener listener;
    private final boolean retry;
    private TestPlan plan;
    private final Map<String, Long> startNanos = new HashMap<>();
    private final Map<String, String> evidence = new HashMap<>();
    private final Map<String, Collected> results = new LinkedHashMap<>();

    ResultCollector(String suite, RunListener listener, boolean retry) {
        this.suite = suite;
        this.listener = listener;
        this.retry = retry;
    }

    synchronized List<Collected> results() {
        return new ArrayList<>(results.values());
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public synchronized void executionStarted(TestIdentifier id) {
        if (id.isTest()) startNanos.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        String json = entry.getKeyValuePairs().get(TckExtension.EVIDENCE_KEY);
        if (json != null) evidence.put(id.getUniqueId(), json);
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        Outcome o = reason != null && reason.startsWith(NotApplicable.PREFIX) ? Outcome.NOT_APPLICABLE : Outcome.NOT_VERIFIED;
        String msg = o == Outcome.NOT_APPLICABLE ? reason.substring(NotApplicable.PREFIX.length())
                : "skipped: " + (reason == null || reason.isBlank() ? "no reason given" : reason);
        if (id.isTest()) record(id, o, msg, false);
        else for (TestIdentifier t : testsUnder(id)) record(t, o, msg, false);
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Throwable t = result.getThrowable().orElse(null);
        Outcome o;
        String msg = null;
        switch (result.getStatus()) {
            case SUCCESSFUL -> o = Outcome.PASS;
            case ABORTED -> {
                String m = t != null && t.getMessage() != null ? t.getMessage() : "";
                if (m.startsWith(NotApplicable.PREFIX)) {
                    o = Outcome.NOT_APPLICABLE;
                    msg = m.substring(NotApplicable.PREFIX.length());
                } else {
                    o = Outcome.NOT_VERIFIED;
                    msg = "aborted: " + (m.isBlank() ? describe(t) : m);
                }
            }
            default -> {
                TestAbortedException abort = wrappedAbort(t);
                if (abort != null) {
                    // an abort thrown on another thread (an async invocation) and rethrown wrapped by join()/get()
                    String m = abort.getMessage() == null ? "" : abort.getMessage();
                    o = m.startsWith(NotApplicable.PREFIX) ? Outcome.NOT_APPLICABLE : Outcome.NOT_VERIFIED;
                    msg = o == Outcome.NOT_APPLICABLE ? m.substring(NotApplicable.PREFIX.length()) : "aborted: " + m;
                } else {
                    o = t instanceof AssertionError ? Outcome.FAIL : Outcome.ERROR;
                    msg = describe(t);
                }
            }
        }
        boolean targetError = o == Outcome.ERROR && causedByTarget(t);
        if (id.isTest()) {
            record(id, o, msg, targetError);
        } else {
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                // the container failed around its tests (e.g. @BeforeAll, class-level extension, engine)
                String where = "in " + id.getDisplayName() + ": ";
                for (TestIdentifier test : testsUnder(id)) {
                    record(test, o == Outcome.PASS ? Outcome.ERROR : o, where + msg, targetError);
                }
            }
            if (id.getSource().orElse(null) instanceof ClassSource) listener.containerFinished(suite, id.getDisplayName());
        }
    }

    private void record(TestIdentifier id, Outcome outcome, String message, boolean targetError) {
        if (results.containsKey(id.getUniqueId())) return;
        Long start = startNanos.get(id.getUniqueId());
        long ms = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
        TestResult r = new TestResult(testId(id), suite, id.getDisplayName(), rules(id), outcome, ms, message,
                evidence(id.getUniqueId()));
        results.put(id.getUniqueId(), new Collected(id.getUniqueId(), r, targetError));
        if (retry) return;
        listener.testFinished(r);
    }

    private List<TestIdentifier> testsUnder(TestIdentifier container) {
        if (plan == null) return List.of();
        return plan.getDescendants(container).stream().filter(TestIdentifier::isTest).toList();
    }

    /** {@code Class#method}; invocations of a template or dynamic tests add {@code [display name]}. */
    String testId(TestIdentifier id) {
        TestSource own = id.getSource().orElse(null);
        Optional<TestIdentifier> parent = plan == null ? Optional.empty() : plan.getParent(id);
        if (own instanceof MethodSource ms) {
            boolean invocation = parent.flatMap(TestIdentifier::getSource).filter(s -> s instanceof MethodSource).isPresent();
            return ms.getClassName() + "#" + ms.getMethodName() + (invocation ? "[" + id.getDisplayName() + "]" : "");
        }
        Optional<MethodSource> ancestor = methodAncestor(id);
        return ancestor.map(ms -> ms.getClassName() + "#" + ms.getMethodName() + "[" + id.getDisplayName() + "]")
                .orElse(id.getUniqueId());
    }

    private List<String> rules(TestIdentifier id) {
        List<String> own = id.getSource().map(TestRules::of).orElse(List.of());
        if (!own.isEmpty()) return own;
        return methodAncestor(id).map(TestRules::of).orElse(List.of());
    }

    private Optional<MethodSource> methodAncestor(TestIdentifier id) {
        if (plan == null) return Optional.empty();
        Optional<TestIdentifier> p = plan.getParent(id);
        while (p.isPresent()) {
            if (p.get().getSource().orElse(null) instanceof MethodSource ms) return Optional.of(ms);
            p = plan.getParent(p.get());
        }
        return Optional.empty();
    }

    private TestEvidence evidence(String uniqueId) {
        String json = evidence.get(uniqueId);
        if (json == null) return null;
        try {
            return JSON.readValue(json, TestEvidence.class);
        } catch (Exception e) {
            return new TestEvidence(List.of(), null, List.of("evidence could not be read: " + e.getMessage()));
        }
    }

    static boolean causedByTarget(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TargetException) return true;
        }
        return false;
    }

    /** The first lines of a failure: the assertion message as is, other exceptions with their type. */
    /** The abort inside a CompletionException or ExecutionException chain, if that is all it is. */
    static TestAbortedException wrappedAbort(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c != null && depth < 5; depth++) {
            if (c instanceof TestAbortedException a) return a;
            if (!(c instanceof CompletionException || c instanceof ExecutionException)) return null;
            c = c.getCause();
        }
        return null;
    }

    static String describe(Throwable t) {
        if (t == null) return null;
        String m = t.getMessage();
        String text = t instanceof AssertionError
                ? (m == null || m.isBlank() ? "assertion failed (" + t.getClass().getSimpleName() + ")" : m)
                : t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
        if (!(t instanceof AssertionError) && t.getCause() != null && t.getCause() != t) {
            String cm = t.getCause().getMessage();
            if (cm != null && (m == null || !m.contains(cm))) text += "\ncaused by " + t.getCause().getClass().getSimpleName() + ": " + cm;
        }
        return firstLines(text);
    }

    static String firstLines(String text) {
        List<String> lines = text.lines().toList();
        String out = String.join("\n", lines.subList(0, Math.min(lines.size(), MAX_MESSAGE_LINES)));
        if (lines.size() > MAX_MESSAGE_LINES) out += "\n… (" + (lines.size() - MAX_MESSAGE_LINES) + " more lines)";
        if (out.length() > MAX_MESSAGE_CHARS) out = out.substring(0, MAX_MESSAGE_CHARS) + "… (truncated)";
        return out;
    }
}

package dev.lambdatck.core.run;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.results.Verdict;
import dev.lambdatck.spec.Level;
import org.apiguardian.api.API;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verdict of a run. VOID when no verdict is possible: nothing discovered or executed, every executed
 * test ended in ERROR, or a suite's target never started. NOT_CONFORMANT when a MUST or MUST NOT rule is
 * FAIL, ERROR or FLAKY, or (strict mode) any rule is UNEXPECTED_PASS. CONFORMANT otherwise.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class VerdictCalculator {

    /** A verdict with the sentence that explains it. */
    public record Decision(Verdict verdict, String reason) {
    }

    private static final Set<Outcome> EXECUTED = EnumSet.of(Outcome.PASS, Outcome.FAIL, Outcome.ERROR, Outcome.FLAKY);
    private static final Set<Outcome> BLOCKING = EnumSet.of(Outcome.FAIL, Outcome.ERROR, Outcome.FLAKY);
    private static final int NAMED = 5;

    private VerdictCalculator() {
    }

    /**
     * @param targetFailures one sentence per suite whose target never started (empty when all started)
     */
    public static Decision decide(List<RuleResult> rules, List<TestResult> tests, List<String> targetFailures, boolean strict) {
        if (tests.isEmpty()) {
            return new Decision(Verdict.VOID, "no test was discovered: nothing was checked");
        }
        List<TestResult> executed = tests.stream().filter(t -> EXECUTED.contains(t.outcome())).toList();
        if (executed.isEmpty()) {
            return new Decision(Verdict.VOID, "no test executed: all " + tests.size() + " discovered tests were skipped ("
                    + counts(tests) + ")");
        }
        if (!targetFailures.isEmpty()) {
            return new Decision(Verdict.VOID, String.join("; ", targetFailures));
        }
        if (executed.stream().allMatch(t -> t.outcome() == Outcome.ERROR)) {
            String first = executed.get(0).message() == null ? "" : executed.get(0).message().lines().findFirst().orElse("");
            return new Decision(Verdict.VOID, "every executed test (" + executed.size() + ") ended in ERROR; first: " + first);
        }
        if (rules.isEmpty()) {
            return new Decision(Verdict.VOID, "no catalogue rule is in the scope of this run");
        }
        List<RuleResult> mandatoryFailures = rules.stream()
                .filter(r -> mandatory(r) && BLOCKING.contains(r.outcome())).toList();
        List<RuleResult> unexpected = rules.stream().filter(r -> r.outcome() == Outcome.UNEXPECTED_PASS).toList();
        if (!mandatoryFailures.isEmpty()) {
            return new Decision(Verdict.NOT_CONFORMANT, mandatoryFailures.size() + " MUST/MUST NOT rule"
                    + (mandatoryFailures.size() == 1 ? "" : "s") + " did not pass: " + names(mandatoryFailures));
        }
        if (strict && !unexpected.isEmpty()) {
            return new Decision(Verdict.NOT_CONFORMANT, "strict mode: " + unexpected.size() + " rule"
                    + (unexpected.size() == 1 ? "" : "s") + " listed as expected failures passed: " + names(unexpected));
        }
        long mustPassed = rules.stream().filter(r -> mandatory(r) && r.outcome() == Outcome.PASS).count();
        long notVerified = rules.stream().filter(r -> r.outcome() == Outcome.NOT_VERIFIED).count();
        long expected = rules.stream().filter(r -> r.outcome() == Outcome.EXPECTED_FAIL || r.outcome() == Outcome.WAIVED).count();
        StringBuilder b = new StringBuilder("no MUST/MUST NOT rule failed (" + mustPassed + " passed");
        if (expected > 0) b.append(", ").append(expected).append(" expected to fail or waived");
        if (notVerified > 0) b.append(", ").append(notVerified).append(" rules not verified");
        if (!unexpected.isEmpty()) b.append(", ").append(unexpected.size()).append(" unexpected passes");
        return new Decision(Verdict.CONFORMANT, b.append(")").toString());
    }

    /** Rule counts per outcome, every outcome present, in {@link Outcome} order. */
    public static Map<String, Integer> summary(List<RuleResult> rules) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) m.put(o.name(), 0);
        for (RuleResult r : rules) m.merge(r.outcome().name(), 1, Integer::sum);
        return m;
    }

    static boolean mandatory(RuleResult r) {
        try {
            return r.level() != null && Level.parse(r.level()).isMandatory();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String names(List<RuleResult> rules) {
        String s = String.join(", ", rules.stream().limit(NAMED).map(RuleResult::id).toList());
        return rules.size() > NAMED ? s + " and " + (rules.size() - NAMED) + " more" : s;
    }

    private static String counts(List<TestResult> tests) {
        Map<Outcome, Integer> m = new java.util.EnumMap<>(Outcome.class);
        for (TestResult t : tests) m.merge(t.outcome(), 1, Integer::sum);
        StringBuilder b = new StringBuilder();
        m.forEach((o, n) -> b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(o));
        String first = tests.stream().map(TestResult::message).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return b + (first == null ? "" : "; e.g. " + first.lines().findFirst().orElse(""));
    }
}

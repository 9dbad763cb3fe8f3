package dev.lambdatck.cli.diff;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.results.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two runs, rule by rule and test by test. A rule "got worse" when its outcome
 * dropped in the order below, or when it is new and failing; see {@link #rank(Outcome)}.
 *
 * @param newlyFailing rules in both runs that were not failing in A and are failing in B ({@link Outcome#isFailure()})
 * @param newlyPassing rules in both runs that were not PASS in A and are PASS in B
 * @param changedRules every rule in both runs whose outcome differs (includes the two lists above)
 * @param worse        ids of the rules that got worse, in B's order
 */
public record ResultsDiff(Side a, Side b, VerdictChange verdict, List<RuleChange> newlyFailing, List<RuleChange> newlyPassing,
                          List<RuleChange> changedRules, List<Entry> addedRules, List<Entry> removedRules,
                          List<TestChange> changedTests, List<Entry> addedTests, List<Entry> removedTests, List<String> worse) {

    /** One run, as named on the command line. */
    public record Side(String path, Verdict verdict, String target, String startedAt, String tckVersion, String specVersion) {
    }

    public record VerdictChange(Verdict from, Verdict to, boolean changed, boolean worse) {
    }

    public record RuleChange(String id, String level, Outcome from, Outcome to, boolean worse) {
    }

    public record TestChange(String id, Outcome from, Outcome to) {
    }

    /** A rule or test present on one side only; {@code level} is null for tests. */
    public record Entry(String id, String level, Outcome outcome) {
    }

    /** True when some rule got worse or the verdict did: {@code diff} exits 1. */
    @JsonProperty("regressed")
    public boolean regressed() {
        return !worse.isEmpty() || verdict.worse();
    }

    /**
     * The order used to decide "worse": PASS best, then NOT_APPLICABLE and WAIVED, NOT_VERIFIED,
     * EXPECTED_FAIL, UNEXPECTED_PASS and FLAKY, and FAIL and ERROR last. Equal ranks are changes, not regressions.
     */
    public static int rank(Outcome o) {
        return switch (o) {
            case PASS -> 0;
            case NOT_APPLICABLE, WAIVED -> 1;
            case NOT_VERIFIED -> 2;
            case EXPECTED_FAIL -> 3;
            case UNEXPECTED_PASS, FLAKY -> 4;
            case FAIL, ERROR -> 5;
        };
    }

    public static ResultsDiff of(RunResults a, String pathA, RunResults b, String pathB) {
        Map<String, RuleResult> ra = rules(a);
        Map<String, RuleResult> rb = rules(b);
        List<RuleChange> newlyFailing = new ArrayList<>();
        List<RuleChange> newlyPassing = new ArrayList<>();
        List<RuleChange> changed = new ArrayList<>();
        List<Entry> added = new ArrayList<>();
        List<String> worse = new ArrayList<>();
        for (RuleResult y : rb.values()) {
            RuleResult x = ra.get(y.id());
            if (x == null) {
                added.add(new Entry(y.id(), y.level(), y.outcome()));
                if (failing(y.outcome())) worse.add(y.id());
                continue;
            }
            if (x.outcome() == y.outcome()) continue;
            boolean gotWorse = rank(y.outcome()) > rank(x.outcome());
            RuleChange c = new RuleChange(y.id(), y.level(), x.outcome(), y.outcome(), gotWorse);
            changed.add(c);
            if (gotWorse) worse.add(y.id());
            if (!failing(x.outcome()) && failing(y.outcome())) newlyFailing.add(c);
            if (x.outcome() != Outcome.PASS && y.outcome() == Outcome.PASS) newlyPassing.add(c);
        }
        List<Entry> removed = ra.values().stream().filter(x -> !rb.containsKey(x.id()))
                .map(x -> new Entry(x.id(), x.level(), x.outcome())).toList();

        Map<String, TestResult> ta = tests(a);
        Map<String, TestResult> tb = tests(b);
        List<TestChange> changedTests = new ArrayList<>();
        List<Entry> addedTests = new ArrayList<>();
        for (TestResult y : tb.values()) {
            TestResult x = ta.get(y.id());
            if (x == null) addedTests.add(new Entry(y.id(), null, y.outcome()));
            else if (x.outcome() != y.outcome()) changedTests.add(new TestChange(y.id(), x.outcome(), y.outcome()));
        }
        List<Entry> removedTests = ta.values().stream().filter(x -> !tb.containsKey(x.id()))
                .map(x -> new Entry(x.id(), null, x.outcome())).toList();

        VerdictChange v = new VerdictChange(a.verdict(), b.verdict(), a.verdict() != b.verdict(),
                verdictRank(b.verdict()) > verdictRank(a.verdict()));
        return new ResultsDiff(side(a, pathA), side(b, pathB), v, List.copyOf(newlyFailing), List.copyOf(newlyPassing),
                List.copyOf(changed), List.copyOf(added), removed, List.copyOf(changedTests), List.copyOf(addedTests), removedTests,
                List.copyOf(worse));
    }

    private static boolean failing(Outcome o) {
        return o != null && o.isFailure();
    }

    private static int verdictRank(Verdict v) {
        return v == null ? 2 : switch (v) {
            case CONFORMANT -> 0;
            case NOT_CONFORMANT -> 1;
            case VOID -> 2;
        };
    }

    private static Side side(RunResults r, String path) {
        Object name = r.target() == null ? null : r.target().get("name");
        return new Side(path, r.verdict(), name == null ? null : String.valueOf(name), r.startedAt(), r.tckVersion(), r.specVersion());
    }

    private static Map<String, RuleResult> rules(RunResults r) {
        Map<String, RuleResult> m = new LinkedHashMap<>();
        for (RuleResult x : r.rules()) m.putIfAbsent(x.id(), x);
        return m;
    }

    private static Map<String, TestResult> tests(RunResults r) {
        Map<String, TestResult> m = new LinkedHashMap<>();
        for (TestResult t : r.tests()) m.putIfAbsent(t.id(), t);
        return m;
    }
}

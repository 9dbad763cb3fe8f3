package dev.lambdatck.cli.output;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.spec.Level;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rule outcomes per level and test outcomes per suite: the tables of the console and summary.md. */
public final class OutcomeCounts {

    /** Short column headers, in {@link Outcome} order. */
    public static final Map<Outcome, String> HEADERS = headers();

    private OutcomeCounts() {
    }

    private static Map<Outcome, String> headers() {
        Map<Outcome, String> m = new EnumMap<>(Outcome.class);
        m.put(Outcome.PASS, "PASS");
        m.put(Outcome.FAIL, "FAIL");
        m.put(Outcome.NOT_APPLICABLE, "N/A");
        m.put(Outcome.NOT_VERIFIED, "NOT VERIFIED");
        m.put(Outcome.EXPECTED_FAIL, "EXPECTED FAIL");
        m.put(Outcome.UNEXPECTED_PASS, "UNEXPECTED PASS");
        m.put(Outcome.WAIVED, "WAIVED");
        m.put(Outcome.FLAKY, "FLAKY");
        m.put(Outcome.ERROR, "ERROR");
        return m;
    }

    /** Level text (MUST, MUST NOT, ...) → outcome → count; levels in RFC order, only those present. */
    public static Map<String, Map<Outcome, Integer>> rulesByLevel(RunResults r) {
        Map<String, Map<Outcome, Integer>> m = new LinkedHashMap<>();
        for (Level l : Level.values()) {
            Map<Outcome, Integer> row = new EnumMap<>(Outcome.class);
            for (RuleResult rr : r.rules()) if (l.text().equals(rr.level())) row.merge(rr.outcome(), 1, Integer::sum);
            if (!row.isEmpty()) m.put(l.text(), row);
        }
        return m;
    }

    /** Suite → test outcome → count, suites in run order. */
    public static Map<String, Map<Outcome, Integer>> testsBySuite(RunResults r) {
        Map<String, Map<Outcome, Integer>> m = new LinkedHashMap<>();
        for (String s : r.suites()) m.put(s, new EnumMap<>(Outcome.class));
        for (TestResult t : r.tests()) m.computeIfAbsent(t.suite(), k -> new EnumMap<>(Outcome.class)).merge(t.outcome(), 1, Integer::sum);
        return m;
    }

    /** The outcome columns worth showing: PASS and FAIL always, others when some row has them. */
    public static List<Outcome> columns(Map<String, Map<Outcome, Integer>> rows) {
        return java.util.Arrays.stream(Outcome.values())
                .filter(o -> o == Outcome.PASS || o == Outcome.FAIL || rows.values().stream().anyMatch(row -> row.getOrDefault(o, 0) > 0))
                .toList();
    }

    /** Rules that passed, and rules that count (everything but NOT_APPLICABLE and WAIVED). */
    public static int[] passedOfCounted(RunResults r) {
        int passed = 0, counted = 0;
        for (RuleResult rr : r.rules()) {
            if (rr.outcome() == Outcome.NOT_APPLICABLE || rr.outcome() == Outcome.WAIVED) continue;
            counted++;
            if (rr.outcome() == Outcome.PASS) passed++;
        }
        return new int[] {passed, counted};
    }
}

package dev.lambdatck.core.run;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.spec.Binds;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives each rule's outcome from the tests citing it, then applies the TCK's waivers and the target's
 * expectations. A rule passes only when every test citing it ran and passed; no test is never a pass.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class RuleAggregator {

    private static final Set<Outcome> FAILURES = EnumSet.of(Outcome.FAIL, Outcome.ERROR, Outcome.FLAKY);

    private final Expectations expectations;
    private final Waivers waivers;

    public RuleAggregator(Expectations expectations, Waivers waivers) {
        this.expectations = expectations;
        this.waivers = waivers;
    }

    /**
     * The rules a run reports on, in catalogue order: those binding a side one of the suites checks, plus
     * any other rule a test cites, restricted to the filter.
     */
    public static List<Rule> scope(RuleCatalogue catalogue, Set<Binds> binds, RuleFilter filter, List<TestResult> tests) {
        Set<String> cited = new java.util.HashSet<>();
        for (TestResult t : tests) cited.addAll(t.rules());
        List<Rule> out = new ArrayList<>();
        for (Rule r : catalogue.rules()) {
            if ((binds.contains(r.binds()) || cited.contains(r.id())) && filter.matches(r)) out.add(r);
        }
        return out;
    }

    public List<RuleResult> aggregate(List<Rule> scope, List<TestResult> tests) {
        Map<String, List<TestResult>> byRule = new LinkedHashMap<>();
        for (TestResult t : tests) {
            for (String id : t.rules()) byRule.computeIfAbsent(id, k -> new ArrayList<>()).add(t);
        }
        List<RuleResult> out = new ArrayList<>();
        for (Rule r : scope) out.add(one(r, byRule.getOrDefault(r.id(), List.of())));
        return out;
    }

    RuleResult one(Rule r, List<TestResult> citing) {
        Derived d = fromTests(r, citing);
        Outcome o = d.outcome;
        String reason = d.reason;
        if (FAILURES.contains(o)) {
            Waivers.Waiver w = waivers.find(r.id()).orElse(null);
            if (w != null) return result(r, citing, Outcome.WAIVED, "waived: " + w.reason() + " (" + w.link() + "); observed "
                    + o + ": " + reason);
        }
        Expectations.Expectation e = expectations.find(r.id()).orElse(null);
        if (e != null) {
            if (FAILURES.contains(o)) {
                o = Outcome.EXPECTED_FAIL;
                reason = "expected to fail: " + e.reason() + "; observed " + d.outcome + ": " + reason;
            } else if (o == Outcome.PASS) {
                o = Outcome.UNEXPECTED_PASS;
                reason = "listed in the expectations as " + e.outcome() + " (" + e.reason()
                        + ") but every test passed: remove the entry";
            } else {
                reason = reason + " (listed in the expectations as " + e.outcome() + ")";
            }
        }
        return result(r, citing, o, reason);
    }

    private record Derived(Outcome outcome, String reason) {
    }

    private static Derived fromTests(Rule r, List<TestResult> citing) {
        if (citing.isEmpty()) {
            if (!r.isAutomated()) {
                String kind = r.testability() == null || r.testability().kind() == null ? "unknown" : r.testability().kind().text();
                String why = r.testability() == null ? null : r.testability().reason();
                return new Derived(Outcome.NOT_VERIFIED, "not automated (" + kind + ")" + (why == null ? "" : ": " + why));
            }
            return new Derived(Outcome.NOT_VERIFIED, "no test in the selected suites cites this rule");
        }
        for (Outcome o : List.of(Outcome.FAIL, Outcome.ERROR, Outcome.FLAKY)) {
            TestResult first = citing.stream().filter(t -> t.outcome() == o).findFirst().orElse(null);
            if (first != null) return new Derived(o, explain(first));
        }
        long passed = citing.stream().filter(t -> t.outcome() == Outcome.PASS).count();
        if (passed == citing.size()) return new Derived(Outcome.PASS, null);
        long na = citing.stream().filter(t -> t.outcome() == Outcome.NOT_APPLICABLE).count();
        if (na == citing.size()) return new Derived(Outcome.NOT_APPLICABLE, citing.get(0).message());
        TestResult notRun = citing.stream().filter(t -> t.outcome() != Outcome.PASS).findFirst().orElseThrow();
        return new Derived(Outcome.NOT_VERIFIED, (citing.size() - passed) + " of " + citing.size()
                + " tests did not run to a verdict; " + explain(notRun));
    }

    private static String explain(TestResult t) {
        String id = t.id();
        int dot = id.lastIndexOf('.', id.indexOf('#') < 0 ? id.length() : id.indexOf('#'));
        String shortId = dot >= 0 ? id.substring(dot + 1) : id;
        String msg = t.message() == null ? t.outcome().name() : t.message().lines().findFirst().orElse("");
        return shortId + ": " + msg;
    }

    private static RuleResult result(Rule r, List<TestResult> citing, Outcome o, String reason) {
        return new RuleResult(r.id(), r.level() == null ? null : r.level().text(), r.binds() == null ? null : r.binds().text(),
                r.capability(), r.chapter(), r.title(), o, citing.stream().map(TestResult::id).distinct().toList(), reason);
    }
}

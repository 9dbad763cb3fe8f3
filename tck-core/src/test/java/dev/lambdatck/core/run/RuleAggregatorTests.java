package dev.lambdatck.core.run;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.run.sample.SampleCatalogue;
import dev.lambdatck.spec.Binds;
import dev.lambdatck.spec.Level;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RuleAggregatorTests {

    private final RuleCatalogue catalogue = SampleCatalogue.catalogue();
    private final Rule echo1 = catalogue.find("TS-ECHO-001").orElseThrow();

    private static TestResult test(String method, Outcome o, String... rules) {
        return new TestResult("x.Echo#" + method, "sample", method + "()", List.of(rules), o, 5,
                o == Outcome.PASS ? null : method + " says " + o, null);
    }

    private RuleResult one(Rule r, Expectations e, Waivers w, TestResult... tests) {
        return new RuleAggregator(e, w).one(r, List.of(tests));
    }

    private RuleResult one(Rule r, TestResult... tests) {
        return one(r, Expectations.none(), Waivers.none(), tests);
    }

    @Test
    void a_rule_passes_only_when_every_citing_test_passed() {
        assertThat(one(echo1, test("a", Outcome.PASS, "TS-ECHO-001"), test("b", Outcome.PASS, "TS-ECHO-001")).outcome())
                .isEqualTo(Outcome.PASS);
        RuleResult partial = one(echo1, test("a", Outcome.PASS), test("b", Outcome.NOT_APPLICABLE));
        assertThat(partial.outcome()).isEqualTo(Outcome.NOT_VERIFIED);
        assertThat(partial.reason()).contains("1 of 2 tests did not run").contains("Echo#b");
        assertThat(one(echo1, test("a", Outcome.PASS), test("b", Outcome.NOT_VERIFIED)).outcome()).isEqualTo(Outcome.NOT_VERIFIED);
    }

    @Test
    void no_test_is_never_a_pass() {
        RuleResult r = one(echo1);
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_VERIFIED);
        assertThat(r.reason()).contains("no test");
        RuleResult untestable = one(catalogue.find("TS-ECHO-005").orElseThrow());
        assertThat(untestable.outcome()).isEqualTo(Outcome.NOT_VERIFIED);
        assertThat(untestable.reason()).contains("untestable").contains("needs a real data centre");
    }

    @Test
    void all_not_applicable_is_not_applicable() {
        RuleResult r = one(echo1, test("a", Outcome.NOT_APPLICABLE), test("b", Outcome.NOT_APPLICABLE));
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(r.reason()).isEqualTo("a says NOT_APPLICABLE");
    }

    @Test
    void fail_beats_error_beats_flaky() {
        assertThat(one(echo1, test("a", Outcome.PASS), test("b", Outcome.FLAKY), test("c", Outcome.ERROR), test("d", Outcome.FAIL))
                .outcome()).isEqualTo(Outcome.FAIL);
        assertThat(one(echo1, test("b", Outcome.FLAKY), test("c", Outcome.ERROR)).outcome()).isEqualTo(Outcome.ERROR);
        RuleResult flaky = one(echo1, test("a", Outcome.PASS), test("b", Outcome.FLAKY));
        assertThat(flaky.outcome()).isEqualTo(Outcome.FLAKY);
        assertThat(flaky.reason()).isEqualTo("Echo#b: b says FLAKY");
        assertThat(flaky.tests()).containsExactly("x.Echo#a", "x.Echo#b");
    }

    @Test
    void expectations_turn_failures_into_expected_fail_and_passes_into_unexpected_pass() {
        Expectations e = Expectations.of(List.of(new Expectations.Expectation("TS-ECHO-001", null, "known bug", null, null)));
        RuleResult xfail = one(echo1, e, Waivers.none(), test("a", Outcome.FAIL));
        assertThat(xfail.outcome()).isEqualTo(Outcome.EXPECTED_FAIL);
        assertThat(xfail.reason()).contains("known bug").contains("observed FAIL");
        assertThat(one(echo1, e, Waivers.none(), test("a", Outcome.ERROR)).outcome()).isEqualTo(Outcome.EXPECTED_FAIL);
        RuleResult xpass = one(echo1, e, Waivers.none(), test("a", Outcome.PASS));
        assertThat(xpass.outcome()).isEqualTo(Outcome.UNEXPECTED_PASS);
        assertThat(xpass.reason()).contains("remove the entry");
        RuleResult na = one(echo1, e, Waivers.none(), test("a", Outcome.NOT_APPLICABLE));
        assertThat(na.outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(na.reason()).contains("listed in the expectations");
    }

    @Test
    void waivers_cover_failures_only_and_win_over_expectations() {
        Waivers w = new Waivers(List.of(new Waivers.Waiver("TS-ECHO-001", "test was wrong", "https://example.invalid/1", "0.1")));
        Expectations e = Expectations.of(List.of(new Expectations.Expectation("TS-ECHO-001", null, "known", null, null)));
        RuleResult waived = one(echo1, e, w, test("a", Outcome.FAIL));
        assertThat(waived.outcome()).isEqualTo(Outcome.WAIVED);
        assertThat(waived.reason()).contains("test was wrong").contains("https://example.invalid/1");
        assertThat(one(echo1, Expectations.none(), w, test("a", Outcome.PASS)).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void scope_is_the_suites_binds_plus_cited_rules_restricted_by_the_filter() {
        List<TestResult> tests = List.of(test("a", Outcome.PASS, "TS-LAYER-001"));
        assertThat(RuleAggregator.scope(catalogue, Set.of(Binds.PLATFORM), RuleFilter.ALL, List.of()))
                .extracting(Rule::id).doesNotContain("TS-LAYER-001").contains("TS-ECHO-001", "TS-GATE-001");
        assertThat(RuleAggregator.scope(catalogue, Set.of(Binds.PLATFORM), RuleFilter.ALL, tests))
                .extracting(Rule::id).contains("TS-LAYER-001");
        RuleFilter must = new RuleFilter(null, Set.of(Level.MUST), null, Set.of("stream"));
        assertThat(RuleAggregator.scope(catalogue, Set.of(Binds.PLATFORM), must, tests))
                .extracting(Rule::id).containsExactly("TS-STREAM-001");
    }

    @Test
    void aggregate_keeps_catalogue_order_and_maps_each_test_to_every_rule_it_cites() {
        List<Rule> scope = RuleAggregator.scope(catalogue, Set.of(Binds.PLATFORM), RuleFilter.ALL, List.of());
        List<RuleResult> rules = new RuleAggregator(Expectations.none(), Waivers.none()).aggregate(scope, List.of(
                test("a", Outcome.PASS, "TS-ECHO-001", "TS-ECHO-002"), test("b", Outcome.FAIL, "TS-ECHO-002")));
        assertThat(rules).extracting(RuleResult::id).containsExactly("TS-ECHO-001", "TS-ECHO-002", "TS-ECHO-003",
                "TS-ECHO-004", "TS-ECHO-005", "TS-STREAM-001", "TS-GATE-001");
        assertThat(rules.get(0).outcome()).isEqualTo(Outcome.PASS);
        assertThat(rules.get(1).outcome()).isEqualTo(Outcome.FAIL);
        assertThat(rules.get(1).level()).isEqualTo("MUST");
        assertThat(rules.get(1).chapter()).isEqualTo("echo");
    }
}

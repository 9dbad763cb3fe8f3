package dev.lambdatck.core.run;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.results.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictCalculatorTests {

    private static RuleResult rule(String id, String level, Outcome o) {
        return new RuleResult(id, level, "platform", "core", "echo", "t", o, List.of(), null);
    }

    private static TestResult test(Outcome o) {
        return new TestResult("x.Y#m" + o, "sample", "m", List.of("TS-ECHO-001"), o, 1, o + " message", null);
    }

    private static VerdictCalculator.Decision decide(List<RuleResult> rules, List<TestResult> tests) {
        return VerdictCalculator.decide(rules, tests, List.of(), false);
    }

    @Test
    void nothing_discovered_is_void() {
        VerdictCalculator.Decision d = decide(List.of(rule("A", "MUST", Outcome.NOT_VERIFIED)), List.of());
        assertThat(d.verdict()).isEqualTo(Verdict.VOID);
        assertThat(d.reason()).contains("no test was discovered");
    }

    @Test
    void nothing_executed_is_void() {
        VerdictCalculator.Decision d = decide(List.of(rule("A", "MUST", Outcome.NOT_APPLICABLE)),
                List.of(test(Outcome.NOT_APPLICABLE), test(Outcome.NOT_VERIFIED)));
        assertThat(d.verdict()).isEqualTo(Verdict.VOID);
        assertThat(d.reason()).contains("no test executed").contains("1 NOT_APPLICABLE").contains("1 NOT_VERIFIED");
    }

    @Test
    void only_errors_is_void() {
        VerdictCalculator.Decision d = decide(List.of(rule("A", "MUST", Outcome.ERROR)),
                List.of(test(Outcome.ERROR), test(Outcome.NOT_APPLICABLE)));
        assertThat(d.verdict()).isEqualTo(Verdict.VOID);
        assertThat(d.reason()).contains("ended in ERROR").contains("ERROR message");
    }

    @Test
    void a_target_that_never_started_is_void_even_with_other_verdicts() {
        VerdictCalculator.Decision d = VerdictCalculator.decide(List.of(rule("A", "MUST", Outcome.PASS)),
                List.of(test(Outcome.PASS)), List.of("suite platform: the target never started"), false);
        assertThat(d.verdict()).isEqualTo(Verdict.VOID);
        assertThat(d.reason()).isEqualTo("suite platform: the target never started");
    }

    @Test
    void a_failing_must_or_must_not_rule_is_not_conformant() {
        for (Outcome o : List.of(Outcome.FAIL, Outcome.ERROR, Outcome.FLAKY)) {
            for (String level : List.of("MUST", "MUST NOT")) {
                VerdictCalculator.Decision d = decide(List.of(rule("A", "MUST", Outcome.PASS), rule("B", level, o)),
                        List.of(test(Outcome.PASS), test(o)));
                assertThat(d.verdict()).as(level + " " + o).isEqualTo(Verdict.NOT_CONFORMANT);
                assertThat(d.reason()).contains("B");
            }
        }
    }

    @Test
    void failing_should_and_may_rules_do_not_block() {
        VerdictCalculator.Decision d = decide(List.of(rule("A", "MUST", Outcome.PASS), rule("B", "SHOULD", Outcome.FAIL),
                rule("C", "MAY", Outcome.ERROR), rule("D", "MUST", Outcome.NOT_VERIFIED)), List.of(test(Outcome.PASS), test(Outcome.FAIL)));
        assertThat(d.verdict()).isEqualTo(Verdict.CONFORMANT);
        assertThat(d.reason()).contains("1 passed").contains("1 rules not verified");
    }

    @Test
    void expected_failures_and_waivers_do_not_block() {
        VerdictCalculator.Decision d = decide(List.of(rule("A", "MUST", Outcome.EXPECTED_FAIL), rule("B", "MUST", Outcome.WAIVED),
                rule("C", "MUST", Outcome.PASS)), List.of(test(Outcome.PASS), test(Outcome.FAIL)));
        assertThat(d.verdict()).isEqualTo(Verdict.CONFORMANT);
        assertThat(d.reason()).contains("2 expected to fail or waived");
    }

    @Test
    void unexpected_pass_fails_only_strict_runs() {
        List<RuleResult> rules = List.of(rule("A", "SHOULD", Outcome.UNEXPECTED_PASS), rule("B", "MUST", Outcome.PASS));
        List<TestResult> tests = List.of(test(Outcome.PASS));
        assertThat(VerdictCalculator.decide(rules, tests, List.of(), false).verdict()).isEqualTo(Verdict.CONFORMANT);
        VerdictCalculator.Decision strict = VerdictCalculator.decide(rules, tests, List.of(), true);
        assertThat(strict.verdict()).isEqualTo(Verdict.NOT_CONFORMANT);
        assertThat(strict.reason()).contains("strict mode").contains("A");
    }

    @Test
    void many_failures_are_named_up_to_five() {
        List<RuleResult> rules = new java.util.ArrayList<>();
        for (int i = 1; i <= 7; i++) rules.add(rule("R" + i, "MUST", Outcome.FAIL));
        VerdictCalculator.Decision d = decide(rules, List.of(test(Outcome.FAIL), test(Outcome.PASS)));
        assertThat(d.reason()).startsWith("7 MUST/MUST NOT rules did not pass: R1, R2, R3, R4, R5 and 2 more");
    }

    @Test
    void summary_counts_every_outcome() {
        var s = VerdictCalculator.summary(List.of(rule("A", "MUST", Outcome.PASS), rule("B", "MUST", Outcome.PASS),
                rule("C", "MAY", Outcome.FAIL)));
        assertThat(s).hasSize(Outcome.values().length).containsEntry("PASS", 2).containsEntry("FAIL", 1).containsEntry("WAIVED", 0);
    }
}

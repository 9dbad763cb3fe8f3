package dev.lambdatck.cli.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdatck.cli.Cli;
import dev.lambdatck.cli.output.ResultsJson;
import dev.lambdatck.cli.report.SampleRuns;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.results.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DiffCommandTests {

    private static final List<String> RULES = List.of("RT-NEXT-001", "RT-NEXT-002", "RT-NEXT-003", "RT-NEXT-004", "RT-NEXT-005", "RT-NEXT-006");

    @TempDir
    Path dir;

    /** A run where every rule passed, except those given other outcomes (as a fault in the platform would cause). */
    private static RunResults run(Map<String, Outcome> faults, List<String> ids) {
        List<RuleResult> rules = new ArrayList<>();
        List<TestResult> tests = new ArrayList<>();
        for (String id : ids) {
            Outcome o = faults.getOrDefault(id, Outcome.PASS);
            String test = SampleRuns.NEXT + "check" + id.substring(id.length() - 3);
            tests.add(new TestResult(test, "platform", id, List.of(id), o, 10, o == Outcome.PASS ? null : "broken", null));
            rules.add(SampleRuns.rule(id, o, o == Outcome.PASS ? null : "broken", test));
        }
        boolean failing = rules.stream().anyMatch(r -> r.outcome().isFailure());
        return SampleRuns.results(failing ? Verdict.NOT_CONFORMANT : Verdict.CONFORMANT, null, rules, tests, List.of("platform"));
    }

    private Path write(String name, RunResults r) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        return ResultsJson.write(r, d);
    }

    @Test
    void clean_run_against_a_faulty_one_names_exactly_the_rules_that_changed() throws Exception {
        Path clean = write("clean", run(Map.of(), RULES));
        Path faulty = write("faulty", run(Map.of("RT-NEXT-004", Outcome.FAIL, "RT-NEXT-005", Outcome.ERROR), RULES));

        Cli.Result text = Cli.run("diff", clean.toString(), faulty.getParent().toString());
        assertThat(text.exit()).as(text.err()).isEqualTo(1);
        assertThat(text.out()).contains("verdict: CONFORMANT -> NOT CONFORMANT  (worse)", "newly failing rules (2):",
                "RT-NEXT-004", "RT-NEXT-005", "newly passing rules (0): none", "added rules (0): none",
                "result: WORSE: 2 rules got worse: RT-NEXT-004, RT-NEXT-005");
        for (String unchanged : List.of("RT-NEXT-001", "RT-NEXT-002", "RT-NEXT-003", "RT-NEXT-006")) {
            assertThat(text.out()).doesNotContain(unchanged);
        }

        Cli.Result json = Cli.run("diff", "--json", clean.toString(), faulty.toString());
        assertThat(json.exit()).isEqualTo(1);
        JsonNode d = new ObjectMapper().readTree(json.out());
        assertThat(ids(d.get("newlyFailing"))).containsExactly("RT-NEXT-004", "RT-NEXT-005");
        assertThat(ids(d.get("changedRules"))).containsExactly("RT-NEXT-004", "RT-NEXT-005");
        assertThat(d.get("worse").toString()).isEqualTo("[\"RT-NEXT-004\",\"RT-NEXT-005\"]");
        assertThat(d.get("changedTests")).hasSize(2);
        assertThat(d.get("changedRules").get(1).get("from").asText()).isEqualTo("PASS");
        assertThat(d.get("changedRules").get(1).get("to").asText()).isEqualTo("ERROR");
        assertThat(d.get("verdict").get("worse").asBoolean()).isTrue();
        assertThat(d.get("regressed").asBoolean()).isTrue();
        for (String empty : List.of("newlyPassing", "addedRules", "removedRules", "addedTests", "removedTests")) {
            assertThat(d.get(empty)).as(empty).isEmpty();
        }

        Cli.Result back = Cli.run("diff", faulty.toString(), clean.toString());
        assertThat(back.exit()).isZero();
        assertThat(back.out()).contains("newly passing rules (2):", "newly failing rules (0): none", "result: no rule got worse");
    }

    @Test
    void same_results_have_no_difference() throws Exception {
        Path a = write("a", run(Map.of("RT-NEXT-002", Outcome.FAIL), RULES));
        Cli.Result r = Cli.run("diff", a.toString(), a.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("verdict: NOT CONFORMANT (unchanged)", "changed rule outcomes (0): none", "result: no rule got worse");
    }

    @Test
    void added_and_removed_rules_and_tests_are_listed_and_a_new_failing_rule_is_worse() throws Exception {
        Path a = write("a", run(Map.of(), RULES.subList(0, 4)));
        Path b = write("b", run(Map.of(), RULES.subList(1, 5)));
        Cli.Result r = Cli.run("diff", "--json", a.toString(), b.toString());
        assertThat(r.exit()).isZero();
        JsonNode d = new ObjectMapper().readTree(r.out());
        assertThat(ids(d.get("addedRules"))).containsExactly("RT-NEXT-005");
        assertThat(ids(d.get("removedRules"))).containsExactly("RT-NEXT-001");
        assertThat(ids(d.get("addedTests"))).containsExactly(SampleRuns.NEXT + "check005");
        assertThat(ids(d.get("removedTests"))).containsExactly(SampleRuns.NEXT + "check001");

        Path c = write("c", run(Map.of("RT-NEXT-005", Outcome.FAIL), RULES.subList(1, 5)));
        Cli.Result worse = Cli.run("diff", a.toString(), c.toString());
        assertThat(worse.exit()).isEqualTo(1);
        assertThat(worse.out()).contains("1 rule got worse: RT-NEXT-005");
    }

    @Test
    void a_drop_that_is_not_a_failure_still_counts_as_worse() {
        RunResults a = run(Map.of(), RULES);
        RunResults b = run(Map.of("RT-NEXT-001", Outcome.NOT_VERIFIED, "RT-NEXT-002", Outcome.EXPECTED_FAIL), RULES);
        ResultsDiff d = ResultsDiff.of(a, "a", b, "b");
        assertThat(d.worse()).containsExactly("RT-NEXT-001", "RT-NEXT-002");
        assertThat(d.newlyFailing()).isEmpty();
        assertThat(ResultsDiff.of(run(Map.of("RT-NEXT-001", Outcome.FAIL), RULES), "a",
                run(Map.of("RT-NEXT-001", Outcome.ERROR), RULES), "b").regressed()).isFalse();
    }

    @Test
    void bad_input_is_a_usage_error() {
        Cli.Result r = Cli.run("diff", dir.resolve("missing.json").toString(), dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("missing.json does not exist");
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

}

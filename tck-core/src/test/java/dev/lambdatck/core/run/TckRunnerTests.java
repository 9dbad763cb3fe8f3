package dev.lambdatck.core.run;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.results.Verdict;
import dev.lambdatck.core.run.sample.EchoTargetProvider;
import dev.lambdatck.core.run.sample.SampleCatalogue;
import dev.lambdatck.core.run.sample.SampleSuite;
import dev.lambdatck.spec.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** End to end: the sample suite through the JUnit Platform Launcher against the test-echo target. */
class TckRunnerTests {

    @TempDir
    Path dir;

    private static RunRequest.Builder request() {
        return RunRequest.builder().suite(new SampleSuite()).target(EchoTargetProvider.ADAPTER)
                .catalogue(SampleCatalogue.catalogue()).waivers(Waivers.none());
    }

    private static Outcome rule(RunResults r, String id) {
        return r.rules().stream().filter(x -> x.id().equals(id)).findFirst().map(RuleResult::outcome).orElseThrow();
    }

    private static TestResult test(RunResults r, String method) {
        return r.tests().stream().filter(t -> t.id().endsWith("#" + method)).findFirst().orElseThrow();
    }

    @Test
    void a_clean_target_is_conformant_with_evidence_and_honest_gaps() {
        List<String> events = new ArrayList<>();
        RunResults r = TckRunner.run(request().listener(new RunListener() {
            @Override public void discovered(Map<String, Integer> n) { events.add("discovered " + n); }
            @Override public void testFinished(TestResult t) { events.add("test " + t.outcome()); }
            @Override public void containerFinished(String suite, String name) { events.add("class " + name); }
        }).build());

        assertThat(r.verdict()).as(r.verdictReason()).isEqualTo(Verdict.CONFORMANT);
        assertThat(r.specVersion()).isEqualTo("9.9.9");
        assertThat(r.suites()).containsExactly("sample");
        assertThat(r.target()).containsEntry("adapter", "test-echo").containsEntry("capabilities", List.of("core"));
        assertThat(r.environment()).containsKeys("os", "arch", "java", "cores").doesNotContainKey("hostname");
        assertThat(r.tests()).hasSize(5);
        TestResult echo = test(r, "echoesThePayload");
        assertThat(echo.outcome()).isEqualTo(Outcome.PASS);
        assertThat(echo.id()).isEqualTo("dev.lambdatck.core.run.sample.EchoRules#echoesThePayload");
        assertThat(echo.rules()).containsExactly("TS-ECHO-001");
        assertThat(echo.evidence().exchanges()).hasSize(1);
        assertThat(echo.evidence().exchanges().get(0).responseBody()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(echo.evidence().logExcerpt()).isEqualTo("test-echo log of echo");
        assertThat(test(r, "streams").outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(test(r, "streams").message()).isEqualTo("target does not stream");
        assertThat(test(r, "gated").outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(test(r, "gated").message()).isEqualTo("target does not declare capability gated");

        assertThat(rule(r, "TS-ECHO-001")).isEqualTo(Outcome.PASS);
        assertThat(rule(r, "TS-ECHO-002")).isEqualTo(Outcome.PASS);
        assertThat(rule(r, "TS-ECHO-004")).isEqualTo(Outcome.NOT_VERIFIED);
        assertThat(rule(r, "TS-ECHO-005")).isEqualTo(Outcome.NOT_VERIFIED);
        assertThat(rule(r, "TS-STREAM-001")).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(r.rules()).extracting(RuleResult::id).doesNotContain("TS-LAYER-001");
        assertThat(r.summary()).containsEntry("PASS", 3).containsEntry("NOT_VERIFIED", 2).containsEntry("NOT_APPLICABLE", 2);

        assertThat(events).first().isEqualTo("discovered {sample=5}");
        assertThat(events).filteredOn(e -> e.startsWith("test ")).hasSize(5);
        assertThat(events).contains("class EchoRules");
    }

    @Test
    void a_broken_target_fails_its_must_rule_and_expectations_accept_it() throws Exception {
        RunResults broken = TckRunner.run(request().option("faults", "wrong-content-type").build());
        assertThat(broken.verdict()).isEqualTo(Verdict.NOT_CONFORMANT);
        assertThat(broken.verdictReason()).contains("TS-ECHO-002");
        TestResult json = test(broken, "answersJson");
        assertThat(json.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(json.message()).contains("TS-ECHO-002: content type").contains("text/plain");
        assertThat(json.evidence().exchanges()).isNotEmpty();
        assertThat(rule(broken, "TS-ECHO-001")).as("cited by the failing test too").isEqualTo(Outcome.FAIL);

        Path expectations = Files.writeString(dir.resolve("expect.yaml"), """
                expectations:
                  - {rule: TS-ECHO-001, reason: "answers text/plain"}
                  - {rule: TS-ECHO-002, reason: "answers text/plain"}
                """);
        RunResults accepted = TckRunner.run(request().option("faults", "wrong-content-type").expectations(expectations).build());
        assertThat(accepted.verdict()).as(accepted.verdictReason()).isEqualTo(Verdict.CONFORMANT);
        assertThat(rule(accepted, "TS-ECHO-002")).isEqualTo(Outcome.EXPECTED_FAIL);
        assertThat(accepted.target()).containsKey("expectationsFile");

        RunResults fixed = TckRunner.run(request().expectations(expectations).build());
        assertThat(rule(fixed, "TS-ECHO-002")).isEqualTo(Outcome.UNEXPECTED_PASS);
        assertThat(fixed.verdict()).isEqualTo(Verdict.CONFORMANT);
        RunResults strict = TckRunner.run(request().expectations(expectations).strict(true).build());
        assertThat(strict.verdict()).isEqualTo(Verdict.NOT_CONFORMANT);
        assertThat(strict.verdictReason()).contains("strict mode");
    }

    @Test
    void a_test_that_passes_only_on_retry_is_flaky() {
        // flaky-once fires once per JVM: this is the only test using it
        RunResults r = TckRunner.run(request().option("faults", "flaky-once").filter(
                new RuleFilter(Set.of("TS-ECHO-001"), null, null, null)).build());
        List<Outcome> outcomes = r.tests().stream().map(TestResult::outcome).toList();
        assertThat(outcomes).containsExactlyInAnyOrder(Outcome.FLAKY, Outcome.PASS);
        TestResult flaky = r.tests().stream().filter(t -> t.outcome() == Outcome.FLAKY).findFirst().orElseThrow();
        assertThat(flaky.message()).startsWith("passed only on retry; first attempt FAIL");
        assertThat(rule(r, "TS-ECHO-001")).isEqualTo(Outcome.FLAKY);
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_CONFORMANT);
    }

    @Test
    void a_target_that_never_starts_makes_the_run_void() {
        RunResults r = TckRunner.run(request().option("faults", "no-start").build());
        assertThat(r.verdict()).isEqualTo(Verdict.VOID);
        assertThat(r.verdictReason()).contains("never started").contains("refused to start");
        assertThat(test(r, "echoesThePayload").outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void a_hanging_target_ends_each_test_at_the_test_timeout() {
        long t0 = System.nanoTime();
        RunResults r = TckRunner.run(request().option("faults", "hang").timeout("test", "700ms").retryLimit(0)
                .filter(new RuleFilter(null, null, null, Set.of("echo"))).build());
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertThat(r.tests()).hasSize(3).allMatch(t -> t.outcome() == Outcome.ERROR);
        assertThat(test(r, "echoesThePayload").message()).contains("timed out");
        assertThat(r.verdict()).isEqualTo(Verdict.VOID);
        assertThat(seconds).isLessThan(15);
    }

    @Test
    void filters_select_tests_and_scope_by_rule_level_capability_and_chapter() {
        RunResults byRule = TckRunner.run(request().filter(new RuleFilter(Set.of("TS-ECHO-002"), null, null, null)).build());
        assertThat(byRule.tests()).extracting(TestResult::id).containsExactly("dev.lambdatck.core.run.sample.EchoRules#answersJson");
        assertThat(byRule.rules()).extracting(RuleResult::id).containsExactly("TS-ECHO-002");

        RunResults byLevel = TckRunner.run(request().filter(new RuleFilter(null, Set.of(Level.SHOULD), null, null)).build());
        assertThat(byLevel.tests()).extracting(TestResult::id).containsExactly("dev.lambdatck.core.run.sample.EchoRules#answersWithinTheTestTimeout");

        RunResults byCapability = TckRunner.run(request().filter(new RuleFilter(null, null, Set.of("streaming"), null)).build());
        assertThat(byCapability.tests()).extracting(TestResult::outcome).containsExactly(Outcome.NOT_APPLICABLE);
        assertThat(byCapability.verdict()).isEqualTo(Verdict.VOID);
        assertThat(byCapability.verdictReason()).contains("no test executed");
    }

    @Test
    void declared_capabilities_can_be_overridden() {
        RunResults r = TckRunner.run(request().capabilities(List.of("core", "streaming"))
                .filter(new RuleFilter(Set.of("TS-STREAM-001"), null, null, null)).build());
        assertThat(test(r, "streams").outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.target()).containsEntry("capabilities", List.of("core", "streaming"));
    }

    @Test
    void no_suite_is_a_void_run_and_bad_requests_fail_before_running() {
        RunResults r = TckRunner.run(RunRequest.builder().target(EchoTargetProvider.ADAPTER)
                .catalogue(SampleCatalogue.catalogue()).waivers(Waivers.none()).build());
        assertThat(r.verdict()).isEqualTo(Verdict.VOID);
        assertThat(r.verdictReason()).contains("no TCK suite");

        assertThatThrownBy(() -> TckRunner.run(request().timeout("tset", "1s").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown timeout 'tset'");
        assertThatThrownBy(() -> TckRunner.run(request().timeout("test", "soon").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read 'soon'");
        assertThatThrownBy(() -> TckRunner.run(request().target(dir.resolve("missing.yaml").toString()).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.yaml does not exist");
    }

    @Test
    void registered_suites_are_found_by_service_loader() {
        assertThat(TckSuites.available()).extracting(TckSuite::name).contains("sample");
        assertThatThrownBy(() -> TckSuites.select(TckSuites.available(), List.of("nope")))
                .hasMessageContaining("unknown suite 'nope'").hasMessageContaining("sample");
    }
}

package dev.lambdatck.cli.selftest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform suite's kill matrix against the embedded reference platform: the clean run passes, and each
 * platform fault makes exactly the rules it declares fail (within the documented exceptions of
 * {@link PlatformFaultSource}). Takes a few minutes: it runs the suite once per fault.
 */
class PlatformKillMatrixTest {

    @Test
    void everyFaultKillsExactlyItsDeclaredRules() {
        MatrixResult r = new KillMatrix(new PlatformFaultSource(), KillMatrix.DEFAULT_PARALLELISM, System.out::println).run();
        System.out.print(SelftestCommand.table(r));
        assertThat(r.baselineProblems()).as("clean run of the platform suite against the embedded platform").isEmpty();
        List<String> wrong = r.faults().stream().filter(f -> !f.accepted())
                .map(f -> f.fault() + " " + f.verdict() + ": missed " + f.missedRules() + ", extra " + f.extraRules()
                        + (f.note() == null ? "" : " (" + f.note() + ")")).toList();
        assertThat(wrong).as("faults that do not kill exactly their declared rules").isEmpty();
        assertThat(r.faults()).as("the reference platform offers platform faults").hasSizeGreaterThan(30);
        assertThat(r.unkilledRules()).as("automated platform MUST rules that no fault declaring them makes fail").isEmpty();
    }

    @Test
    void countsUntestedChaptersOfTheSuitesSideAsUnkilled() {
        var tested = new dev.lambdatck.core.results.TestResult("t", "platform", "t", List.of("RT-NEXT-002"),
                dev.lambdatck.core.results.Outcome.PASS, 1, null, null);
        var clean = new dev.lambdatck.core.results.RunResults("1.0", "x", "x", null, null, null, null, List.of("platform"),
                null, null, null, List.of(), List.of(tested));
        List<String> unkilled = KillMatrix.unkilled(dev.lambdatck.spec.RuleCatalogue.bundled(), clean, java.util.Set.of("RT-NEXT-002"));
        // a chapter no test of the run cites still binds the platform: its MUST rules are not proven
        assertThat(unkilled).contains("RT-NEXT-001", "EXT-REG-001", "LMI-CONC-002").doesNotContain("RT-NEXT-002")
                .noneMatch(id -> id.startsWith("RTC-") || id.startsWith("LY-"));
    }

    @Test
    void rendersTheMatrixAsJson() {
        MatrixResult r = new MatrixResult("platform", true, List.of(),
                List.of(FaultRow.of(new SeededFault("f", "d", List.of("RT-NEXT-002")), List.of("RT-NEXT-002", "RT-NEXT-003"),
                        java.util.Map.of(), 5)), List.of("RT-INIT-003"), 10);
        String json = SelftestCommand.toJson(List.of(r));
        assertThat(json).contains("\"suites\"").contains("\"fault\" : \"f\"").contains("\"verdict\" : \"extra\"")
                .contains("\"unkilledRules\" : [ \"RT-INIT-003\" ]");
        assertThat(r.ok()).isFalse();
    }
}

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

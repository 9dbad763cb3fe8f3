package dev.lambdatck.cli.selftest;

import java.util.List;

/**
 * The kill matrix of one suite.
 *
 * @param baselineProblems tests that did not pass in the clean run ("test: OUTCOME message"); empty = baseline passes
 * @param unkilledRules    automated MUST / MUST NOT rules binding the suite's side (platform, runtime, layers) that no fault made fail
 */
public record MatrixResult(String suite, boolean baselinePassed, List<String> baselineProblems, List<FaultRow> faults,
                           List<String> unkilledRules, long durationMs) {

    public MatrixResult {
        baselineProblems = List.copyOf(baselineProblems);
        faults = List.copyOf(faults);
        unkilledRules = List.copyOf(unkilledRules);
    }

    /** The baseline passed and every fault failed exactly its declared rules (within the accepted exceptions). */
    public boolean ok() {
        return baselinePassed && faults.stream().allMatch(FaultRow::accepted);
    }
}

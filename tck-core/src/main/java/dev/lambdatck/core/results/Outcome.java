package dev.lambdatck.core.results;

import org.apiguardian.api.API;

/** The outcome of a test or of a rule. Only PASS counts as conformance evidence. */
@API(status = API.Status.STABLE, since = "0.1")
public enum Outcome {
    /** Ran, and every assertion held. */
    PASS,
    /** Ran, and the target violated the rule. */
    FAIL,
    /** The target does not declare the capability (or the path mode) the rule needs. */
    NOT_APPLICABLE,
    /** The rule is not automatable, has no test yet, or its tests did not run. */
    NOT_VERIFIED,
    /** Failed, as the target's expectations file says it would. */
    EXPECTED_FAIL,
    /** Listed as an expected failure but passed: fails a strict run. */
    UNEXPECTED_PASS,
    /** On the TCK's waiver list (an accepted challenge). */
    WAIVED,
    /** Passed only when retried. */
    FLAKY,
    /** The harness could not exercise the target (start-up failure, adapter problem). */
    ERROR;

    public boolean isFailure() {
        return this == FAIL || this == ERROR || this == UNEXPECTED_PASS || this == FLAKY;
    }
}

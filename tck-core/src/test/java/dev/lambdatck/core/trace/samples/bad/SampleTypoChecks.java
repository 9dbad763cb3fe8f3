package dev.lambdatck.core.trace.samples.bad;

import dev.lambdatck.core.RuleTest;

/** Discovery-only sample citing ids that do not exist. */
public class SampleTypoChecks {

    @RuleTest({"RT-NEXT-001", "RT-NEXT-999"})
    void oneGoodOneBad() {
    }

    @RuleTest("RT-NOPE-001")
    void typo() {
    }

    @RuleTest({})
    void citesNothing() {
    }
}

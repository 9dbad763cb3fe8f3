package dev.lambdatck.core.trace.samples.good;

import dev.lambdatck.core.RuleTest;

/** Discovery-only sample citing a runtime-side rule and a rule that is not automatable. */
public class SampleRuntimeChecks {

    @RuleTest("RTC-LOOP-001")
    void loops() {
    }

    @RuleTest("RT-NEXT-015")
    void cognitoIsManual() {
    }
}

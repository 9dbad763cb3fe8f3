package dev.lambdatck.core.trace.samples.good;

import dev.lambdatck.core.RuleTest;
import org.junit.jupiter.api.Test;

/** Discovery-only sample (never executed: the name does not match surefire's patterns). */
public class SampleNextChecks {

    @RuleTest({"RT-NEXT-001", "RT-NEXT-002"})
    void payloadAndRequestId() {
    }

    @RuleTest("RT-RESP-011")
    void secondResponseRefused() {
    }

    @RuleTest("RT-STREAM-001")
    void streamed() {
    }

    @Test
    void helperWithoutRule() {
    }
}

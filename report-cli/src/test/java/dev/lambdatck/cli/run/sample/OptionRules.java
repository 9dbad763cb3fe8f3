package dev.lambdatck.cli.run.sample;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.target.TargetDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/** Test-only rule test for the CLI's own tests: its verdict follows the target option {@code expect}. */
class OptionRules {

    @RuleTest("RT-NEXT-001")
    void optionSaysOk(TargetDescriptor target) {
        EvidenceLog.current().note("option expect=" + target.option("expect", "(unset)"));
        assertThat(target.option("expect", "")).as("sample check of option expect").isEqualTo("ok");
    }
}

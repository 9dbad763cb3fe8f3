package dev.lambdatck.tck.runtimeapi;

import dev.lambdatck.core.trace.ChapterCoverage;
import dev.lambdatck.core.trace.TraceabilityCheck;
import dev.lambdatck.core.trace.TraceabilityReport;
import dev.lambdatck.spec.RuleCatalogue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule id a test of this module cites exists; prints the automated rules still without a test, per chapter. */
class PlatformTraceabilityTest {

    @Test
    void everyCitedRuleExists() {
        TraceabilityReport all = TraceabilityCheck.scan(RuleCatalogue.bundled(), c -> c.id().startsWith("rt-"), "dev.lambdatck.tck");
        all.assertNoUnknownRules();
        System.out.print(all.summary());
        for (ChapterCoverage c : all.coverage()) {
            if (!c.untested().isEmpty()) System.out.println("  " + c.chapterId() + " without a test: " + String.join(" ", c.untested()));
        }
        assertThat(all.citations()).as("the platform suite cites rules").isNotEmpty();
    }

    @Test
    void platformTestsCiteOnlyRuntimeApiRules() {
        TraceabilityReport platform = TraceabilityCheck.scan(RuleCatalogue.bundled(), c -> c.id().startsWith("rt-"),
                "dev.lambdatck.tck.runtimeapi.platform");
        assertThat(platform.citations()).allSatisfy(c -> assertThat(c.ruleId()).startsWith("RT-"));
        assertThat(platform.notAutomated()).as("platform tests cite only automatable rules").isEmpty();
    }
}

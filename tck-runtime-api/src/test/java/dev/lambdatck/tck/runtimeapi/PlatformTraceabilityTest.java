package dev.lambdatck.tck.runtimeapi;

import dev.lambdatck.core.trace.ChapterCoverage;
import dev.lambdatck.core.trace.TraceabilityCheck;
import dev.lambdatck.core.trace.TraceabilityReport;
import dev.lambdatck.spec.Binds;
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
    void platformTestsCiteOnlyPlatformRules() {
        RuleCatalogue catalogue = RuleCatalogue.bundled();
        TraceabilityReport platform = TraceabilityCheck.scan(catalogue, c -> c.id().startsWith("rt-"),
                "dev.lambdatck.tck.runtimeapi.platform").assertNoUnknownRules();
        assertThat(platform.citations()).allSatisfy(c -> assertThat(catalogue.find(c.ruleId()).orElseThrow().binds())
                .as("%s cited by %s", c.ruleId(), c.testName()).isEqualTo(Binds.PLATFORM));
        assertThat(platform.notAutomated()).as("platform tests cite only automatable rules").isEmpty();
    }

    @Test
    void everyAutomatedPlatformRuleHasAPlatformTest() {
        RuleCatalogue catalogue = RuleCatalogue.bundled();
        TraceabilityReport platform = TraceabilityCheck.scan(catalogue, c -> true, "dev.lambdatck.tck.runtimeapi.platform")
                .assertNoUnknownRules();
        java.util.Set<String> cited = new java.util.TreeSet<>();
        platform.citations().forEach(c -> cited.add(c.ruleId()));
        // every chapter: Runtime API, Extensions API and managed instances alike
        java.util.List<String> untested = catalogue.rules().stream()
                .filter(r -> r.binds() == Binds.PLATFORM && r.isAutomated() && !cited.contains(r.id()))
                .map(dev.lambdatck.spec.Rule::id).toList();
        assertThat(untested).as("automated platform rules without a platform test").isEmpty();
        assertThat(cited).as("the Extensions API and managed-instances chapters are covered").contains("EXT-REG-001", "LMI-CONC-002");
    }
}

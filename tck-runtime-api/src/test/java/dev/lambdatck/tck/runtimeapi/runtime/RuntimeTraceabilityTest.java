package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.trace.ChapterCoverage;
import dev.lambdatck.core.trace.TraceabilityCheck;
import dev.lambdatck.core.trace.TraceabilityReport;
import dev.lambdatck.spec.RuleCatalogue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every runtime-bound chapter's automated rules have a test, except the ones listed here with the reason. */
class RuntimeTraceabilityTest {

    @Test
    void citesOnlyCatalogueRulesAndCoversTheRuntimeChapters() {
        TraceabilityReport r = TraceabilityCheck.scan(RuleCatalogue.bundled(),
                c -> c.id().startsWith("rtc-") || c.id().equals("lmi-concurrency"), "dev.lambdatck.tck.runtimeapi.runtime")
                .assertNoUnknownRules();
        System.out.print(r.summary());
        List<String> untested = r.coverage().stream().flatMap(c -> c.untested().stream())
                .filter(id -> id.startsWith("RTC-") || id.startsWith("LMI-RT-")).toList();
        assertThat(untested).as("automated runtime rules without a test").isEmpty();
        assertThat(r.notAutomated()).isEmpty();
        assertThat(r.coverage()).extracting(ChapterCoverage::chapterId).contains("rtc-loop", "rtc-stream", "rtc-sig");
    }

    @Test
    void theSuiteSelectsEveryTestClassOfThePackage() {
        assertThat(RuntimeSuite.TESTS).hasSize(11);
        assertThat(new RuntimeSuite().name()).isEqualTo("runtime");
    }
}

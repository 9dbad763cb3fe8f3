package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.trace.ChapterCoverage;
import dev.lambdatck.core.trace.TraceabilityCheck;
import dev.lambdatck.core.trace.TraceabilityReport;
import dev.lambdatck.spec.RuleCatalogue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every runtime-bound chapter's automated rules have a test, except the ones listed here with the reason. */
class RuntimeTraceabilityTest {

    /**
     * RTC-ERR-009 (report before dying): the fixture protocol has no step for a handler failure that leaves
     * the runtime unable to continue, so nothing can provoke it in a runtime under test.
     */
    static final Set<String> WITHOUT_TEST = Set.of("RTC-ERR-009");

    @Test
    void citesOnlyCatalogueRulesAndCoversTheRuntimeChapters() {
        TraceabilityReport r = TraceabilityCheck.scan(RuleCatalogue.bundled(),
                c -> c.id().startsWith("rtc-") || c.id().equals("lmi-concurrency"), "dev.lambdatck.tck.runtimeapi.runtime")
                .assertNoUnknownRules();
        System.out.print(r.summary());
        List<String> untested = r.coverage().stream().flatMap(c -> c.untested().stream())
                .filter(id -> id.startsWith("RTC-") || id.startsWith("LMI-RT-")).toList();
        assertThat(untested).containsExactlyInAnyOrderElementsOf(WITHOUT_TEST);
        assertThat(r.notAutomated()).isEmpty();
        assertThat(r.coverage()).extracting(ChapterCoverage::chapterId).contains("rtc-loop", "rtc-stream", "rtc-sig");
    }

    @Test
    void theSuiteSelectsEveryTestClassOfThePackage() {
        assertThat(RuntimeSuite.TESTS).hasSize(11);
        assertThat(new RuntimeSuite().name()).isEqualTo("runtime");
    }
}

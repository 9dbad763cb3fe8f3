package dev.lambdatck.core.trace;

import dev.lambdatck.spec.RuleCatalogue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceabilityCheckTest {

    private static final String GOOD = "dev.lambdatck.core.trace.samples.good";
    private static final String BAD = "dev.lambdatck.core.trace.samples.bad";
    private final RuleCatalogue catalogue = RuleCatalogue.bundled();

    @Test
    void findsEveryCitation() {
        TraceabilityReport r = TraceabilityCheck.scan(catalogue, GOOD);
        assertThat(r.citations()).extracting(Citation::ruleId)
                .containsExactlyInAnyOrder("RT-NEXT-001", "RT-NEXT-002", "RT-RESP-011", "RT-STREAM-001", "RTC-LOOP-001", "RT-NEXT-015");
        assertThat(r.citations()).contains(new Citation("RT-NEXT-002", GOOD + ".SampleNextChecks", "payloadAndRequestId"));
        assertThat(r.unknown()).isEmpty();
        assertThat(r.assertNoUnknownRules()).isSameAs(r);
    }

    @Test
    void unknownIdsFailListingClassAndMethod() {
        TraceabilityReport r = TraceabilityCheck.scan(catalogue, GOOD, BAD);
        assertThat(r.unknown()).extracting(Citation::ruleId).containsExactly("", "RT-NEXT-999", "RT-NOPE-001");
        assertThatThrownBy(r::assertNoUnknownRules)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("3 ids that are not in the rule catalogue")
                .hasMessageContaining("RT-NEXT-999 cited by " + BAD + ".SampleTypoChecks#oneGoodOneBad")
                .hasMessageContaining("RT-NOPE-001 cited by " + BAD + ".SampleTypoChecks#typo")
                .hasMessageContaining("(no id) cited by " + BAD + ".SampleTypoChecks#citesNothing");
    }

    @Test
    void coverageCountsAutomatedRulesWithoutTests() {
        TraceabilityReport r = TraceabilityCheck.scan(catalogue, c -> c.id().equals("rt-next") || c.id().equals("rtc-loop"), GOOD);
        assertThat(r.coverage()).extracting(ChapterCoverage::chapterId).containsExactly("rt-next", "rtc-loop");
        ChapterCoverage next = r.coverage().get(0);
        long automated = catalogue.chapters().stream().filter(c -> c.id().equals("rt-next"))
                .flatMap(c -> c.rules().stream()).filter(rule -> rule.isAutomated()).count();
        assertThat(next.automated()).isEqualTo(automated);
        assertThat(next.tested()).isEqualTo(2); // RT-NEXT-015 is manual, so it does not count
        assertThat(next.untested()).doesNotContain("RT-NEXT-001", "RT-NEXT-002", "RT-NEXT-015").contains("RT-NEXT-003");
        assertThat(r.untestedAutomatedRules()).isEqualTo(next.untested().size() + r.coverage().get(1).untested().size());
        assertThat(r.notAutomated()).extracting(Citation::ruleId).containsExactly("RT-NEXT-015");
        assertThat(r.summary()).contains("rt-next").containsPattern("rt-next +2/ *" + automated + " automated rules tested").contains("RT-NEXT-015");
    }

    @Test
    void refusesAnEmptyPackageList() {
        assertThatThrownBy(() -> TraceabilityCheck.scan(catalogue)).isInstanceOf(IllegalArgumentException.class);
    }
}

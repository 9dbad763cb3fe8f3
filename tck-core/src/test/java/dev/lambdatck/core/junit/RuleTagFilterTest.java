package dev.lambdatck.core.junit;

import dev.lambdatck.core.trace.samples.good.SampleNextChecks;
import dev.lambdatck.core.trace.samples.good.SampleRuntimeChecks;
import dev.lambdatck.spec.RuleCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

class RuleTagFilterTest {

    private final RuleCatalogue catalogue = RuleCatalogue.bundled();

    /** Discovers the two sample classes through the real launcher with the filter applied; returns test method names. */
    private Set<String> discover(RuleTagFilter filter) {
        TestPlan plan = LauncherFactory.create().discover(request()
                .selectors(selectClass(SampleNextChecks.class), selectClass(SampleRuntimeChecks.class))
                .filters(filter).build());
        return plan.getRoots().stream()
                .flatMap(root -> plan.getDescendants(root).stream())
                .filter(TestIdentifier::isTest)
                .map(t -> ((MethodSource) t.getSource().orElseThrow()).getMethodName())
                .collect(Collectors.toSet());
    }

    private RuleTagFilter filter(List<String> rules, List<String> levels, List<String> caps, List<String> chapters) {
        return RuleTagFilter.of(catalogue, rules, levels, caps, chapters);
    }

    @Test
    void noCriteriaKeepsEverything() {
        RuleTagFilter f = filter(List.of(), List.of(), List.of(), List.of());
        assertThat(f.isEmpty()).isTrue();
        assertThat(discover(f)).containsExactlyInAnyOrder("payloadAndRequestId", "secondResponseRefused", "streamed",
                "helperWithoutRule", "loops", "cognitoIsManual");
    }

    @Test
    void byRuleId() {
        assertThat(discover(filter(List.of("rt-next-002"), List.of(), List.of(), List.of()))).containsExactly("payloadAndRequestId");
    }

    @Test
    void byCapability() {
        assertThat(discover(filter(List.of(), List.of(), List.of("streaming"), List.of()))).containsExactly("streamed");
    }

    @Test
    void byChapter() {
        assertThat(discover(filter(List.of(), List.of(), List.of(), List.of("rtc-loop")))).containsExactly("loops");
    }

    @Test
    void byLevelAndChapterTogether() {
        assertThat(discover(filter(List.of(), List.of("must"), List.of(), List.of("rt-next", "rt-resp"))))
                .containsExactlyInAnyOrder("payloadAndRequestId", "secondResponseRefused", "cognitoIsManual");
        assertThat(discover(filter(List.of(), List.of("should-not"), List.of(), List.of()))).isEmpty();
    }

    @Test
    void unknownValuesAreRejectedByName() {
        assertThatThrownBy(() -> filter(List.of("RT-NEXT-999"), List.of("SHALL"), List.of("warp"), List.of("nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no rule RT-NEXT-999")
                .hasMessageContaining("unknown level 'SHALL'")
                .hasMessageContaining("no rule needs capability 'warp'")
                .hasMessageContaining("no chapter 'nope'");
    }

    @Test
    void derivesTags() {
        assertThat(RuleTagFilter.tagsFor(catalogue, "RT-STREAM-001"))
                .containsExactly("rule:RT-STREAM-001", "level:must", "cap:streaming", "chapter:rt-stream");
    }
}

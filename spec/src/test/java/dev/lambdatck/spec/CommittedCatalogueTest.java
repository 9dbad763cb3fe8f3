package dev.lambdatck.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed catalogue must pass every check; a malformed rule fails the build here, naming file and id. */
class CommittedCatalogueTest {

    @Test
    void committedCatalogueHasNoProblems() {
        List<String> problems = CatalogueLint.problems(SpecSources.dir());
        assertThat(problems)
                .withFailMessage(() -> "the committed rule catalogue is invalid (" + problems.size() + " problems):\n  - "
                        + String.join("\n  - ", problems))
                .isEmpty();
    }

    @Test
    void bundledCatalogueIsTheCommittedOne() {
        RuleCatalogue source = CatalogueLoader.fromDirectory(SpecSources.dir());
        RuleCatalogue bundled = RuleCatalogue.bundled();
        assertThat(bundled.specVersion()).isEqualTo(source.specVersion());
        assertThat(bundled.byId().keySet()).containsExactlyElementsOf(source.byId().keySet());
        assertThat(bundled.rules()).hasSizeGreaterThanOrEqualTo(170);
    }
}

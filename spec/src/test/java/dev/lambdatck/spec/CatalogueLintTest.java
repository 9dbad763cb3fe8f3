package dev.lambdatck.spec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Malformed chapters give one readable problem per defect, naming the file and the rule id. */
class CatalogueLintTest {

    @TempDir
    Path spec;

    @BeforeEach
    void layout() throws IOException {
        Files.createDirectories(spec.resolve("rules"));
        Files.createDirectories(spec.resolve("schema"));
        Files.copy(SpecSources.dir().resolve(CatalogueLint.SCHEMA), spec.resolve(CatalogueLint.SCHEMA));
        Files.writeString(spec.resolve("catalogue.yaml"), "specVersion: \"9.9.9\"\nchapters:\n  - x-one.yaml\n");
    }

    private static String rule(String id, String level, String evidence, String status) {
        return """
                  - id: %s
                    level: %s
                    binds: platform
                    capability: core
                    title: "A title"
                    statement: "The platform %s do the thing."
                    rationale: "Because."
                    sources:
                      - {url: "https://example.org/doc", evidence: %s}
                    testability: {kind: automated}
                    status: %s
                """.formatted(id, level, level, evidence, status);
    }

    private void chapter(String... rules) throws IOException {
        Files.writeString(spec.resolve("rules/x-one.yaml"), """
                chapter:
                  id: x-one
                  title: "One"
                  summary: "Test chapter."
                rules:
                """ + String.join("", rules));
    }

    @Test
    void validChapterHasNoProblems() throws IOException {
        chapter(rule("XO-ONE-001", "MUST", "documented", "stable"), rule("XO-ONE-002", "SHOULD", "inferred", "provisional"));
        assertThat(CatalogueLint.problems(spec)).isEmpty();
        assertThat(CatalogueLint.check(spec).rules()).hasSize(2);
    }

    @Test
    void badLevelNamesFileAndRule() throws IOException {
        chapter(rule("XO-ONE-001", "MUSTT", "documented", "stable"));
        assertThat(CatalogueLint.problems(spec))
                .anySatisfy(p -> assertThat(p).startsWith("rules/x-one.yaml: XO-ONE-001: level: ").contains("enumeration"))
                .anySatisfy(p -> assertThat(p).startsWith("rules/x-one.yaml: XO-ONE-001: 'level': unknown level 'MUSTT'"));
    }

    @Test
    void missingFieldNamesFileAndRule() throws IOException {
        chapter(rule("XO-ONE-001", "MUST", "documented", "stable").replace("    rationale: \"Because.\"\n", ""));
        assertThat(CatalogueLint.problems(spec))
                .anySatisfy(p -> assertThat(p).startsWith("rules/x-one.yaml: XO-ONE-001: ").contains("rationale"))
                .contains("rules/x-one.yaml: XO-ONE-001: missing 'rationale'");
    }

    @Test
    void duplicateIdNamesFileAndRule() throws IOException {
        chapter(rule("XO-ONE-001", "MUST", "documented", "stable"), rule("XO-ONE-001", "MAY", "documented", "stable"));
        assertThat(CatalogueLint.problems(spec))
                .contains("rules/x-one.yaml: XO-ONE-001: duplicate id (also in rules/x-one.yaml)");
    }

    @Test
    void stableMustNeedsStrongEvidence() throws IOException {
        chapter(rule("XO-ONE-001", "MUST", "inferred", "stable"));
        assertThat(CatalogueLint.problems(spec)).singleElement().asString()
                .startsWith("rules/x-one.yaml: XO-ONE-001: a stable MUST rule needs at least one documented or observed-in-production source");
    }

    @Test
    void schemaCatchesWhatTheLoaderDoesNot() throws IOException {
        chapter(rule("XO-ONE-001", "MUST", "documented", "stable")
                .replace("capability: core", "capability: warp-drive")
                .replace("https://example.org/doc", "not a url")
                .replace("status: stable", "status: stable\n    colour: blue"));
        List<String> problems = CatalogueLint.problems(spec);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith("rules/x-one.yaml: XO-ONE-001: capability: "))
                .anySatisfy(p -> assertThat(p).startsWith("rules/x-one.yaml: XO-ONE-001: sources[0].url: "))
                .anySatisfy(p -> assertThat(p).startsWith("rules/x-one.yaml: XO-ONE-001: ").contains("colour"));
    }

    @Test
    void manualRuleNeedsReason() throws IOException {
        chapter(rule("XO-ONE-001", "MUST", "documented", "stable").replace("{kind: automated}", "{kind: manual}"));
        assertThat(CatalogueLint.problems(spec))
                .anySatisfy(p -> assertThat(p).startsWith("rules/x-one.yaml: XO-ONE-001: testability: ").contains("reason"))
                .contains("rules/x-one.yaml: XO-ONE-001: testability 'manual' needs a 'reason'");
    }

    @Test
    void statementMustUseItsKeyword() throws IOException {
        chapter(rule("XO-ONE-001", "MUST", "documented", "stable").replace("The platform MUST do", "The platform does"));
        assertThat(CatalogueLint.problems(spec))
                .containsExactly("rules/x-one.yaml: XO-ONE-001: statement does not use the keyword of its level 'MUST'");
    }

    @Test
    void duplicateKeyAndUnlistedFileAreReported() throws IOException {
        chapter(rule("XO-ONE-001", "MUST", "documented", "stable").replace("    status: stable", "    status: stable\n    status: provisional"));
        Files.writeString(spec.resolve("rules/x-two.yaml"), "chapter: {id: x-two, title: T, summary: S}\nrules: []\n");
        assertThat(CatalogueLint.problems(spec))
                .anySatisfy(p -> assertThat(p).startsWith("rules/x-one.yaml: cannot be parsed: Duplicate field 'status'"))
                .contains("rules/x-two.yaml: not listed in catalogue.yaml 'chapters'");
    }

    @Test
    void chapterIdMustMatchFileName() throws IOException {
        chapter(rule("XO-ONE-001", "MUST", "documented", "stable"));
        Files.writeString(spec.resolve("rules/x-one.yaml"), Files.readString(spec.resolve("rules/x-one.yaml")).replace("id: x-one", "id: x-other"));
        assertThat(CatalogueLint.problems(spec))
                .contains("rules/x-one.yaml: chapter id 'x-other' does not match the file name (expected 'x-one')");
    }

    @Test
    void checkThrowsWithEveryProblem() throws IOException {
        chapter(rule("XO-ONE-001", "MUSTT", "documented", "stable"), rule("XO-ONE-002", "MUST", "inferred", "stable"));
        assertThatThrownBy(() -> CatalogueLint.check(spec))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("rules/x-one.yaml: XO-ONE-001:")
                .hasMessageContaining("rules/x-one.yaml: XO-ONE-002:");
    }
}

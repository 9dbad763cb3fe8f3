package dev.lambdatck.core.run;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.run.sample.SampleCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectationsTests {

    @TempDir
    Path dir;

    @Test
    void reads_a_valid_file() throws Exception {
        Path f = Files.writeString(dir.resolve("e.yaml"), """
                target: test-echo
                expectations:
                  - rule: TS-ECHO-002
                    reason: sends text/plain
                    observed: "Content-Type: text/plain"
                    source: https://example.invalid/issue/1
                  - {rule: TS-ECHO-003, outcome: ERROR, reason: hangs}
                """);
        Expectations e = Expectations.read(f, SampleCatalogue.catalogue());
        assertThat(e.size()).isEqualTo(2);
        assertThat(e.find("TS-ECHO-002").orElseThrow().outcome()).isEqualTo(Outcome.FAIL);
        assertThat(e.find("TS-ECHO-003").orElseThrow().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(e.file()).contains(f);
    }

    @Test
    void reports_every_problem_with_the_file_name() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), """
                expectations:
                  - {rule: TS-NOPE-001, reason: x}
                  - {rule: TS-ECHO-001}
                  - {rule: TS-ECHO-002, outcome: PASS, reason: y}
                  - {rule: TS-ECHO-002, reason: z}
                """);
        assertThatThrownBy(() -> Expectations.read(f, SampleCatalogue.catalogue()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("no rule TS-NOPE-001")
                .hasMessageContaining("(TS-ECHO-001): missing 'reason'")
                .hasMessageContaining("outcome PASS is not a failure")
                .hasMessageContaining("listed twice");
    }

    @Test
    void rejects_unknown_keys_and_missing_files() throws Exception {
        Path f = Files.writeString(dir.resolve("typo.yaml"), "expectations:\n  - {rule: TS-ECHO-001, reasn: x}\n");
        assertThatThrownBy(() -> Expectations.read(f, SampleCatalogue.catalogue()))
                .hasMessageContaining("typo.yaml is not valid").hasMessageContaining("reasn");
        assertThatThrownBy(() -> Expectations.read(dir.resolve("none.yaml"), SampleCatalogue.catalogue()))
                .hasMessageContaining("none.yaml does not exist");
    }

    @Test
    void the_bundled_waiver_list_loads() {
        assertThat(Waivers.bundled().all()).isNotNull();
    }
}

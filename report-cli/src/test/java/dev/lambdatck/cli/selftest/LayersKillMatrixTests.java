package dev.lambdatck.cli.selftest;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The layers suite's kill matrix: clean baseline, and every layer fault fails exactly the rules it declares. */
class LayersKillMatrixTests {

    @Test
    void everyLayerFaultKillsExactlyItsDeclaredRules() {
        Path fixture = Path.of("..", "fixtures-runtimes", "rust", "target", "bootstrap").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isExecutable(fixture), "the rust fixture runtime is not built: " + fixture);
        LayersFaultSource source = new LayersFaultSource(fixture);
        assertThat(source.faults()).as("layer faults in the reference platform's registry").isNotEmpty();
        MatrixResult r = new KillMatrix(source, KillMatrix.DEFAULT_PARALLELISM, line -> System.out.println(line)).run();
        System.out.println("layers kill matrix: " + r.durationMs() + " ms");
        assertThat(r.baselineProblems()).as("tests that did not pass in the clean run").isEmpty();
        List<String> wrong = r.faults().stream().filter(f -> !f.exact())
                .map(f -> f.fault() + ": declared " + f.declared() + ", failed " + f.failed() + " (" + f.verdict() + ")").toList();
        assertThat(wrong).as("faults whose failed rules differ from the declared ones").isEmpty();
        assertThat(r.unkilledRules()).as("automated MUST rules of the layers chapters no fault kills").isEmpty();
    }
}

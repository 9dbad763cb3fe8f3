package dev.lambdatck.cli.selftest;

import dev.lambdatck.cli.certify.RuntimeDescriptor;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.run.RuleFilter;
import dev.lambdatck.core.run.RunRequest;
import dev.lambdatck.core.run.TckRunner;
import dev.lambdatck.tck.runtimeapi.runtime.RuntimeSuite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime suite's self-test: every fixture runtime passes every runtime rule it implements, and each
 * fixture fault (on the Rust fixture) fails exactly the rules faults.yaml declares for it.
 */
class RuntimeSelftestTests {

    static final Path FIXTURES = Path.of("..", "fixtures-runtimes").toAbsolutePath().normalize();

    static Path bootstrap(String lang) {
        Path p = FIXTURES.resolve(lang).resolve("target").resolve("bootstrap");
        Assumptions.assumeTrue(Files.isExecutable(p), "the " + lang + " fixture runtime is not built");
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rust", "cpp", "shell"})
    @Timeout(300)
    void every_fixture_passes_every_runtime_rule_it_implements(String lang, @TempDir Path dir) throws Exception {
        Path target = new RuntimeDescriptor(lang + "-fixture", bootstrap(lang), null, null, Map.of(),
                RuntimeFaultSource.CAPABILITIES, null).write(dir.resolve("runtime.yaml"));
        RunResults r = TckRunner.run(RunRequest.builder().suite(new RuntimeSuite()).target(target.toString()).retryLimit(0)
                .filter(new RuleFilter(RuntimeFaultSource.rules(), null, null, null)).parameters(KillMatrix.CONCURRENT_CLASSES).build());
        List<String> problems = r.tests().stream().filter(t -> t.outcome() != Outcome.PASS && t.outcome() != Outcome.NOT_APPLICABLE)
                .map(t -> t.id() + ": " + t.outcome() + " " + firstLine(t)).toList();
        assertThat(problems).as("tests of the %s fixture that did not pass", lang).isEmpty();
        assertThat(r.tests().stream().filter(t -> t.outcome() == Outcome.PASS).count()).as("tests passed").isGreaterThan(50);
    }

    @Test
    @Timeout(420)
    void each_fixture_fault_fails_exactly_its_declared_rules() {
        bootstrap("rust");
        MatrixResult m = new KillMatrix(new RuntimeFaultSource(bootstrap("rust"), FIXTURES.resolve("faults.yaml")),
                KillMatrix.DEFAULT_PARALLELISM, null).run();
        assertThat(m.baselineProblems()).as("baseline of the kill matrix").isEmpty();
        assertThat(m.faults()).as("faults in fixtures-runtimes/faults.yaml").hasSizeGreaterThanOrEqualTo(19);
        assertThat(m.faults().stream().filter(f -> !f.exact()).map(f -> f.fault() + " " + f.verdict() + " declared "
                + f.declared() + " failed " + f.failed()).toList()).as("faults that did not fail exactly their rules").isEmpty();
    }

    private static String firstLine(TestResult t) {
        return t.message() == null ? "" : t.message().lines().findFirst().orElse("");
    }
}

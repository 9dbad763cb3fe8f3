package dev.lambdatck.cli.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lambdatck.cli.certify.RuntimeDescriptor;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.run.RuleFilter;
import dev.lambdatck.core.run.RunRequest;
import dev.lambdatck.core.run.TckRunner;
import dev.lambdatck.tck.runtimeapi.runtime.RuntimeSuite;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kill matrix proves each fixture fault on the Rust fixture only; this proves the C++ and shell fixtures
 * implement the same faults: with a fault on, each of its declared rules fails there too (only the declared
 * rules' tests run, so it is much cheaper than a second matrix). Faults a fixture lists as {@code inert} are skipped.
 */
class FixtureFaultParityTests {

    record Declared(String name, List<String> rules, Set<String> inert) {}

    static List<Declared> catalogue() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(RuntimeSelftestTests.FIXTURES.resolve("faults.yaml").toFile());
        List<Declared> out = new ArrayList<>();
        for (JsonNode f : root.path("faults")) {
            List<String> rules = new ArrayList<>();
            f.path("rules").forEach(r -> rules.add(r.asText()));
            Set<String> inert = new LinkedHashSet<>();
            f.path("inert").forEach(l -> inert.add(l.asText()));
            out.add(new Declared(f.path("name").asText(), rules, inert));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpp", "shell"})
    @Timeout(600)
    void every_fault_breaks_its_declared_rules_in_this_fixture_too(String lang, @TempDir Path dir) throws Exception {
        Path bootstrap = RuntimeSelftestTests.bootstrap(lang);
        List<Declared> faults = catalogue().stream().filter(f -> !f.inert().contains(lang)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(KillMatrix.DEFAULT_PARALLELISM);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (Declared f : faults) runs.add(pool.submit(() -> missed(lang, bootstrap, f, dir)));
            List<String> problems = new ArrayList<>();
            for (Future<String> run : runs) {
                String problem = run.get();
                if (problem != null) problems.add(problem);
            }
            assertThat(problems).as("faults of the %s fixture that did not break their declared rules", lang).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Null when every declared rule failed, else what happened. */
    private static String missed(String lang, Path bootstrap, Declared f, Path dir) throws Exception {
        Path target = new RuntimeDescriptor(lang + "-fixture+" + f.name(), bootstrap, null, null,
                Map.of("TCK_FIXTURE_FAULT", f.name()), RuntimeFaultSource.CAPABILITIES, null)
                .write(dir.resolve("runtime-" + f.name() + ".yaml"));
        RunResults r = TckRunner.run(RunRequest.builder().suite(new RuntimeSuite()).target(target.toString()).retryLimit(0)
                .filter(new RuleFilter(Set.copyOf(f.rules()), null, null, null))
                .timeout("invoke", "5s").timeout("test", "40s").build());
        List<String> failed = KillMatrix.failedRules(r);
        List<String> notFailed = f.rules().stream().filter(id -> !failed.contains(id)).toList();
        return notFailed.isEmpty() ? null : f.name() + ": declared " + f.rules() + " but " + notFailed + " did not fail";
    }
}

package dev.lambdatck.cli.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lambdatck.cli.certify.RuntimeDescriptor;
import dev.lambdatck.cli.run.FixtureAsRuntime;
import dev.lambdatck.cli.run.FixtureResolver;
import dev.lambdatck.core.run.RuleFilter;
import dev.lambdatck.core.run.RunRequest;
import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.spec.Binds;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import dev.lambdatck.tck.runtimeapi.runtime.RuntimeSuite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runtime suite against a fixture runtime (the Rust one: it starts fastest), with the fixture's own
 * deliberate faults ({@code TCK_FIXTURE_FAULT}, catalogued with their rules in
 * {@code fixtures-runtimes/faults.yaml}).
 */
public final class RuntimeFaultSource implements FaultSource {

    /** What the fixture runtimes support. */
    static final List<String> CAPABILITIES = FixtureAsRuntime.CAPABILITIES;

    /**
     * Rules the fixtures deliberately do not follow, left out of the self-test. RTC-CTX-005: a fixture keeps
     * echoing an event whose deadline header is missing, so that the platform suite can observe a platform
     * that omits it; reporting it through /error would hide the event.
     */
    static final Map<String, String> FIXTURE_DEVIATIONS = Map.of(
            "RTC-CTX-005", "the fixtures serve an event without a deadline (the platform suite relies on it)");

    private final Path bootstrap;
    private final Path faultsFile;
    private Path workDir;

    public RuntimeFaultSource() {
        this(FixtureResolver.system().resolve("rust"),
                FixtureResolver.system().home().resolve("fixtures-runtimes").resolve("faults.yaml"));
    }

    public RuntimeFaultSource(Path bootstrap, Path faultsFile) {
        this.bootstrap = bootstrap;
        this.faultsFile = faultsFile;
    }

    @Override
    public String suite() {
        return "runtime";
    }

    @Override
    public TckSuite tckSuite() {
        return new RuntimeSuite();
    }

    @Override
    public List<SeededFault> faults() {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(faultsFile.toFile());
            List<SeededFault> out = new ArrayList<>();
            for (JsonNode f : root.path("faults")) {
                List<String> rules = new ArrayList<>();
                f.path("rules").forEach(r -> rules.add(r.asText()));
                out.add(new SeededFault(f.path("name").asText(), f.path("description").asText(), rules));
            }
            if (out.isEmpty()) throw new IllegalStateException(faultsFile + " lists no faults");
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fixture fault catalogue " + faultsFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RunRequest.Builder baseline() {
        return request(Map.of(), "baseline");
    }

    @Override
    public RunRequest.Builder withFault(SeededFault fault) {
        return request(Map.of("TCK_FIXTURE_FAULT", fault.name()), fault.name());
    }

    private RunRequest.Builder request(Map<String, String> env, String label) {
        RuntimeDescriptor d = new RuntimeDescriptor("rust-fixture" + (env.isEmpty() ? "" : "+" + label), bootstrap, null, null,
                env, CAPABILITIES, null);
        Path file;
        try {
            file = d.write(workDir().resolve("runtime-" + label + ".yaml"));
            file.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the runtime descriptor: " + e.getMessage(), e);
        }
        return RunRequest.builder().suite(tckSuite()).target(file.toString()).filter(new RuleFilter(rules(), null, null, null))
                // a fault often leaves an invocation unanswered: keep that wait short
                .timeout("invoke", "5s").timeout("test", "40s");
    }

    /** Every runtime-bound rule, except the fixtures' documented deviations. */
    static Set<String> rules() {
        Set<String> ids = new LinkedHashSet<>();
        for (Rule r : RuleCatalogue.bundled().rules()) {
            if (r.binds() == Binds.RUNTIME && r.isAutomated() && !FIXTURE_DEVIATIONS.containsKey(r.id())) ids.add(r.id());
        }
        return ids;
    }

    private synchronized Path workDir() throws IOException {
        if (workDir == null) {
            workDir = Files.createTempDirectory("lambda-tck-selftest-runtime-");
            workDir.toFile().deleteOnExit();
        }
        return workDir;
    }
}

package dev.lambdatck.cli.run;

import dev.lambdatck.cli.certify.RuntimeDescriptor;
import dev.lambdatck.core.junit.TargetContext;
import dev.lambdatck.core.run.TckRunner;
import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.core.target.Capabilities;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The runtime suite certifies a runtime, not a platform. When {@code run} targets a platform, the runtime
 * under test is the run's fixture runtime (the same binary the platform suite deploys), so that running
 * every suite checks the whole kit: its descriptor is written beside the results and given to the runtime
 * suite alone through a per-suite override.
 */
public final class FixtureAsRuntime {

    static final String RUNTIME_SUITE = "runtime";
    static final String FILE = "runtime-target.yaml";
    /** What every fixture runtime implements (fixture protocol v1; workers for AWS_LAMBDA_MAX_CONCURRENCY). */
    public static final List<String> CAPABILITIES = List.of(Capabilities.CORE, Capabilities.STREAMING, Capabilities.LIFECYCLE,
            Capabilities.INVOCATION_ID, Capabilities.MANAGED_INSTANCES, "fixture-protocol");

    private FixtureAsRuntime() {
    }

    /** Per-suite parameters for the run: empty unless the runtime suite runs against a platform target. */
    static Map<String, String> parameters(List<TckSuite> suites, String target, Path fixture, Path outDir) throws IOException {
        boolean runtimeSuite = suites.stream().anyMatch(s -> s.name().equals(RUNTIME_SUITE));
        if (!runtimeSuite || fixture == null) return Map.of();
        String adapter = TargetContext.readDescriptor(target).adapter();
        if ("runtime-binary".equals(adapter)) return Map.of();
        String name = "fixture " + fixture.getParent().getParent().getFileName();
        Path file = new RuntimeDescriptor(name, fixture, fixture.getParent(), "handler", Map.of(), CAPABILITIES, null)
                .write(outDir.resolve(FILE));
        String prefix = TckRunner.SUITE_PREFIX + RUNTIME_SUITE + ".";
        return Map.of(prefix + "target", file.toAbsolutePath().toString(),
                prefix + "capabilities", String.join(",", CAPABILITIES));
    }
}

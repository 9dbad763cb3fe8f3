package dev.lambdatck.cli.run;

import dev.lambdatck.core.junit.TargetContext;
import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.spec.Binds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FixtureAsRuntimeTests {

    @TempDir
    Path dir;

    private static TckSuite suite(String name) {
        return new TckSuite() {
            @Override public String name() { return name; }
            @Override public String description() { return name; }
            @Override public List<DiscoverySelector> selectors() { return List.of(); }
            @Override public Set<Binds> binds() { return Set.of(Binds.RUNTIME); }
        };
    }

    private Path fixture() throws Exception {
        Path bootstrap = Files.createDirectories(dir.resolve("rust/target")).resolve("bootstrap");
        Files.writeString(bootstrap, "#!/bin/sh\n");
        bootstrap.toFile().setExecutable(true);
        return bootstrap;
    }

    @Test
    void aPlatformRunGivesTheRuntimeSuiteTheFixtureAsItsRuntimeUnderTest() throws Exception {
        Path fixture = fixture();
        Map<String, String> p = FixtureAsRuntime.parameters(List.of(suite("platform"), suite("runtime")), "embedded",
                fixture, dir.resolve("out"));

        assertThat(p).containsEntry("lambdatck.suite.runtime.capabilities", "core,streaming,lifecycle,invocation-id,managed-instances,fixture-protocol");
        TargetDescriptor d = TargetContext.readDescriptor(p.get("lambdatck.suite.runtime.target"));
        assertThat(d.adapter()).isEqualTo("runtime-binary");
        assertThat(d.command()).containsExactly(fixture.toAbsolutePath().normalize().toString());
        assertThat(dir.resolve("out/runtime-target.yaml")).exists();
    }

    @Test
    void nothingChangesWithoutTheRuntimeSuiteOrWhenTheTargetIsAlreadyARuntime() throws Exception {
        Path fixture = fixture();
        assertThat(FixtureAsRuntime.parameters(List.of(suite("platform")), "embedded", fixture, dir)).isEmpty();

        Path runtime = dir.resolve("runtime.yaml");
        Files.writeString(runtime, "name: r\nadapter: runtime-binary\ncommand: [" + fixture + "]\n");
        assertThat(FixtureAsRuntime.parameters(List.of(suite("runtime")), runtime.toString(), fixture, dir)).isEmpty();
    }
}

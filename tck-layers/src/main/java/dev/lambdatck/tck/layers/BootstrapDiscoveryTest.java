package dev.lambdatck.tck.layers;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.tck.layers.support.InvokeResult;
import dev.lambdatck.tck.layers.support.LayerLab;
import dev.lambdatck.tck.layers.support.LayerLabExtension;
import dev.lambdatck.tck.layers.support.LayerZip;
import dev.lambdatck.tck.layers.support.Script;
import dev.lambdatck.tck.layers.support.ScriptResult;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;

import static dev.lambdatck.tck.layers.support.Wrappers.FIXTURE_NAME;
import static dev.lambdatck.tck.layers.support.Wrappers.markingBootstrap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chapter ly-boot: which bootstrap an OS-only runtime starts. Each candidate bootstrap is a wrapper that marks itself
 * in an environment variable and runs the fixture, so the fixture's echo names the one that ran. No path capability
 * is needed: the wrappers find the fixture through their own location.
 */
@ExtendWith(LayerLabExtension.class)
class BootstrapDiscoveryTest {

    @RuleTest({"LY-BOOT-001"})
    void thePackageBootstrapWinsOverALayerBootstrap(LayerLab lab) {
        Path code = lab.pkg().file("bootstrap", markingBootstrap("package"), "rwxr-xr-x").fixtureAs(FIXTURE_NAME).path();
        DeployedFunction fn = lab.deploy(lab.spec(code, runtimeLayer(lab, "runtime-layer", "layer")));
        assertThat(startedBootstrap(lab, fn, "LY-BOOT-001")).as("LY-BOOT-001: the bootstrap that ran").isEqualTo("package");
    }

    @RuleTest({"LY-BOOT-002"})
    void aLayerSuppliesTheBootstrapWhenThePackageHasNone(LayerLab lab) {
        Path code = lab.pkg().file("README.txt", "no bootstrap here", "rw-r--r--").path();
        DeployedFunction fn = lab.deploy(lab.spec(code, runtimeLayer(lab, "runtime-layer", "layer")));
        assertThat(startedBootstrap(lab, fn, "LY-BOOT-002")).as("LY-BOOT-002: the bootstrap that ran").isEqualTo("layer");
    }

    @RuleTest({"LY-BOOT-003"})
    void theLastLayerWithABootstrapProvidesIt(LayerLab lab) {
        Path code = lab.pkg().file("README.txt", "no bootstrap here", "rw-r--r--").path();
        Path first = runtimeLayer(lab, "runtime-1", "layer-1");
        Path second = lab.layer(LayerZip.named("runtime-2").file("bootstrap", markingBootstrap("layer-2"), 0755));
        Path third = lab.layer(LayerZip.named("no-runtime").file("tck-data.txt", "data"));
        DeployedFunction fn = lab.deploy(lab.spec(code, first, second, third));
        assertThat(startedBootstrap(lab, fn, "LY-BOOT-003")).as("LY-BOOT-003: the bootstrap that ran (layers 1 and 2 ship one)")
                .isEqualTo("layer-2");
    }

    @RuleTest({"LY-BOOT-004"})
    void aDirectoryNamedBootstrapIsSkipped(LayerLab lab) {
        Path code = lab.pkg().file("bootstrap/README.txt", "a directory named bootstrap", "rw-r--r--").path();
        DeployedFunction fn = lab.deploy(lab.spec(code, runtimeLayer(lab, "runtime-layer", "layer")));
        assertThat(startedBootstrap(lab, fn, "LY-BOOT-004")).as("LY-BOOT-004: the bootstrap that ran").isEqualTo("layer");
    }

    @RuleTest({"LY-BOOT-005"})
    void aNonExecutableBootstrapFailsAsInvalidEntrypoint(LayerLab lab) {
        DeployedFunction inPackage = lab.deploy(lab.spec(lab.pkg().nonExecutableBootstrap().path()));
        assertInvalidEntrypoint(lab.invoke(inPackage, Script.named("LY-BOOT-005 package").echo().bytes()),
                "LY-BOOT-005: /var/task/bootstrap without execute permission");
        Path layer = lab.layer(LayerZip.named("non-executable-runtime").file("bootstrap", lab.fixture(), 0644));
        DeployedFunction inLayer = lab.deploy(lab.spec(lab.pkg().file("README.txt", "no bootstrap here", "rw-r--r--").path(), layer));
        assertInvalidEntrypoint(lab.invoke(inLayer, Script.named("LY-BOOT-005 layer").echo().bytes()),
                "LY-BOOT-005: /opt/bootstrap without execute permission");
    }

    @RuleTest({"LY-BOOT-006"})
    void noBootstrapFailsAsInvalidEntrypointWithinTheTimeout(LayerLab lab) {
        DeployedFunction fn = lab.deploy(lab.spec(lab.pkg().file("README.txt", "no bootstrap here", "rw-r--r--").path()));
        long t0 = System.nanoTime();
        InvokeResult r = lab.invoke(fn, Script.named("LY-BOOT-006").echo().bytes());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertInvalidEntrypoint(r, "LY-BOOT-006: neither /var/task/bootstrap nor /opt/bootstrap exists");
        assertThat(took).as("LY-BOOT-006: time to the error (function timeout %s)", LayerLab.FUNCTION_TIMEOUT)
                .isLessThan(LayerLab.FUNCTION_TIMEOUT);
    }

    @RuleTest({"LY-BOOT-007"})
    void theMissingBootstrapErrorNamesTheSearchedPaths(LayerLab lab) {
        DeployedFunction fn = lab.deploy(lab.spec(lab.pkg().file("README.txt", "no bootstrap here", "rw-r--r--").path()));
        InvokeResult r = lab.invoke(fn, Script.named("LY-BOOT-007").echo().bytes());
        String message = r.errorMessage();
        assertThat(message).as("LY-BOOT-007: the error message (%s)", r).isNotNull();
        assertThat(message).as("LY-BOOT-007: the error message names both paths, /var/task/bootstrap first")
                .containsSubsequence("/var/task/bootstrap", "/opt/bootstrap");
    }

    /** A layer shipping the fixture and a marking bootstrap that runs it. */
    private static Path runtimeLayer(LayerLab lab, String name, String mark) {
        return lab.layer(LayerZip.named(name).file("bootstrap", markingBootstrap(mark), 0755).file(FIXTURE_NAME, lab.fixture(), 0755));
    }

    private static String startedBootstrap(LayerLab lab, DeployedFunction fn, String rule) {
        ScriptResult r = lab.run(fn, Script.named(rule).echo());
        return r.env(0, LayerLab.BOOT_MARK);
    }

    private static void assertInvalidEntrypoint(InvokeResult r, String what) {
        assertThat(r.functionError()).as("%s: the invocation must end in a function error (%s)", what, r).isPresent();
        assertThat(r.errorType()).as("%s: errorType (%s)", what, r).isEqualTo(LayerLab.INVALID_ENTRYPOINT);
    }
}

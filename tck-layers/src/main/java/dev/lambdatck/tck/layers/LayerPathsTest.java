package dev.lambdatck.tck.layers;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.tck.layers.support.LayerLab;
import dev.lambdatck.tck.layers.support.LayerLabExtension;
import dev.lambdatck.tck.layers.support.LayerZip;
import dev.lambdatck.tck.layers.support.Script;
import dev.lambdatck.tck.layers.support.ScriptResult;
import dev.lambdatck.tck.layers.support.Wrappers;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Chapter ly-path: what the function sees of layers at run time (read-only trees, PATH, LD_LIBRARY_PATH). */
@ExtendWith(LayerLabExtension.class)
class LayerPathsTest {

    @RuleTest({"LY-PATH-001"})
    void optCannotBeChanged(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("read-only").file("tck-ro.txt", "original").file("tck-ro-dir/keep.txt", "keep"));
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), layer));
        ScriptResult r = lab.run(fn, writeAttempts("/opt"));
        assertWritesFailed(r, "/opt", "LY-PATH-001");
    }

    @RuleTest({"LY-PATH-002"})
    void varTaskCannotBeChanged(LayerLab lab) {
        lab.requirePaths();
        Path code = lab.pkg().fixtureBootstrap().file("tck-ro.txt", "original", "rw-r--r--")
                .file("tck-ro-dir/keep.txt", "keep", "rw-r--r--").path();
        DeployedFunction fn = lab.deploy(lab.spec(code));
        ScriptResult r = lab.run(fn, writeAttempts("/var/task"));
        assertWritesFailed(r, "/var/task", "LY-PATH-002");
    }

    @RuleTest({"LY-PATH-003"})
    void aLayerProgramInBinRunsByItsBareName(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("bin-tool").file("bin/tck-layer-tool", Wrappers.printingTool("tck-layer-tool-ran"), 0755));
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), layer));
        ScriptResult r = lab.run(fn, Script.named("LY-PATH-003").echo().exec("tck-layer-tool"));
        assertThat(dirs(r.env(0, "PATH"))).as("LY-PATH-003: PATH must contain /opt/bin").contains("/opt/bin");
        assertThat(r.exitCode(1)).as("LY-PATH-003: exit code of 'tck-layer-tool' run by its bare name (%s)", r.step(1)).isEqualTo(0);
        assertThat(r.stdout(1)).as("LY-PATH-003: output of the layer's bin/tck-layer-tool").contains("tck-layer-tool-ran");
    }

    @RuleTest({"LY-PATH-004"})
    void systemDirectoriesComeBeforeOptBin(LayerLab lab) {
        lab.requirePaths();
        // a layer program named like a system program must not shadow it
        Path layer = lab.layer(LayerZip.named("shadow").file("bin/uname", Wrappers.printingTool("tck-layer-uname"), 0755));
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), layer));
        ScriptResult r = lab.run(fn, Script.named("LY-PATH-004").echo().exec("uname"));
        List<String> path = dirs(r.env(0, "PATH"));
        assertThat(path).as("LY-PATH-004: PATH must hold the system directories").contains("/usr/local/bin", "/usr/bin", "/bin");
        int opt = path.indexOf("/opt/bin");
        if (opt >= 0) {
            assertThat(List.of(path.indexOf("/usr/local/bin"), path.indexOf("/usr/bin"), path.indexOf("/bin")))
                    .as("LY-PATH-004: positions of /usr/local/bin, /usr/bin, /bin in PATH %s; /opt/bin is at %d", path, opt)
                    .allMatch(i -> i < opt);
        }
        assertThat(r.stdout(1)).as("LY-PATH-004: 'uname' must run the system program, not the layer's bin/uname")
                .doesNotContain("tck-layer-uname");
    }

    @RuleTest({"LY-PATH-005"})
    void ldLibraryPathEndsWithOptLib(LayerLab lab) {
        lab.requirePaths();
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), lab.layer(LayerZip.named("lib").file("lib/libtck.so", "lib"))));
        ScriptResult r = lab.run(fn, Script.named("LY-PATH-005").echo());
        List<String> ld = dirs(r.env(0, "LD_LIBRARY_PATH"));
        assertThat(ld).as("LY-PATH-005: LD_LIBRARY_PATH must end with /opt/lib").isNotEmpty().last().isEqualTo("/opt/lib");
        assertThat(ld).as("LY-PATH-005: LD_LIBRARY_PATH must hold /var/task and /var/task/lib before /opt/lib")
                .containsSubsequence("/var/task", "/opt/lib").containsSubsequence("/var/task/lib", "/opt/lib");
    }

    @RuleTest({"LY-PATH-006"})
    void configuredPathAndLibraryPathAreKeptExactly(LayerLab lab) {
        String path = "/opt/bin:/usr/bin:/bin:/tck/custom-bin";
        String ld = "/opt/lib:/tck/custom-lib";
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage())
                .withEnvironment(Map.of("PATH", path, "LD_LIBRARY_PATH", ld)));
        ScriptResult r = lab.run(fn, Script.named("LY-PATH-006").echo());
        assertThat(new String[]{r.env(0, "PATH"), r.env(0, "LD_LIBRARY_PATH")})
                .as("LY-PATH-006: PATH and LD_LIBRARY_PATH must be exactly the configured values")
                .containsExactly(path, ld);
    }

    @RuleTest({"LY-PATH-010"})
    void theBootstrapDoesNotRunAsRoot(LayerLab lab) {
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage()));
        ScriptResult r = lab.run(fn, Script.named("LY-PATH-010").echo());
        assertThat(r.step(0).path("uid").asInt(-1)).as("LY-PATH-010: uid of the bootstrap (0 is root)").isNotEqualTo(0);
    }

    /** Create, append, delete, make a directory, remove a directory: then read back what must be unchanged. */
    private static Script writeAttempts(String root) {
        return Script.named("write attempts under " + root)
                .exec("/bin/sh", "-c", "touch " + root + "/tck-new-file")
                .exec("/bin/sh", "-c", "echo appended >> " + root + "/tck-ro.txt")
                .exec("/bin/sh", "-c", "rm -f " + root + "/tck-ro.txt")
                .exec("/bin/sh", "-c", "mkdir " + root + "/tck-new-dir")
                .exec("/bin/sh", "-c", "rm -rf " + root + "/tck-ro-dir")
                .read(root + "/tck-ro.txt").read(root + "/tck-new-file").list(root + "/tck-new-dir").read(root + "/tck-ro-dir/keep.txt");
    }

    private static void assertWritesFailed(ScriptResult r, String root, String rule) {
        String[] what = {"touch " + root + "/tck-new-file", "append to " + root + "/tck-ro.txt", "rm " + root + "/tck-ro.txt",
                "mkdir " + root + "/tck-new-dir", "rm -rf " + root + "/tck-ro-dir"};
        for (int i = 0; i < what.length; i++) {
            assertThat(r.exitCode(i)).as("%s: '%s' must fail (%s)", rule, what[i], r.step(i)).isNotEqualTo(0);
        }
        assertThat(r.text(5)).as("%s: %s/tck-ro.txt must be unchanged", rule, root).isEqualTo("original");
        assertThat(r.exists(6)).as("%s: %s/tck-new-file must not exist", rule, root).isFalse();
        assertThat(r.exists(7)).as("%s: %s/tck-new-dir must not exist", rule, root).isFalse();
        assertThat(r.text(8)).as("%s: %s/tck-ro-dir/keep.txt must be unchanged", rule, root).isEqualTo("keep");
    }

    /** PATH-style list, each element without a trailing slash ({@code /usr/bin/} is {@code /usr/bin}). */
    static List<String> dirs(String value) {
        if (value == null || value.isEmpty()) return List.of();
        return Arrays.stream(value.split(":", -1)).map(d -> d.length() > 1 && d.endsWith("/") ? d.substring(0, d.length() - 1) : d).toList();
    }
}

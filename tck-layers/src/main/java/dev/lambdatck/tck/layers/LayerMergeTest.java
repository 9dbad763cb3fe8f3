package dev.lambdatck.tck.layers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.tck.layers.support.LayerLab;
import dev.lambdatck.tck.layers.support.LayerLabExtension;
import dev.lambdatck.tck.layers.support.LayerZip;
import dev.lambdatck.tck.layers.support.Script;
import dev.lambdatck.tck.layers.support.ScriptResult;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Chapter ly-merge: how layers are combined into /opt, and kept apart from /var/task. */
@ExtendWith(LayerLabExtension.class)
class LayerMergeTest {

    @RuleTest({"LY-MERGE-001"})
    void threeLayersAreAppliedFirstToLast(LayerLab lab) {
        lab.requirePaths();
        // each pair of layers shares one file, so the three answers fix a total order
        Path l1 = lab.layer(LayerZip.named("order-1").file("tck-p12", "1").file("tck-p13", "1"));
        Path l2 = lab.layer(LayerZip.named("order-2").file("tck-p12", "2").file("tck-p23", "2"));
        Path l3 = lab.layer(LayerZip.named("order-3").file("tck-p13", "3").file("tck-p23", "3"));
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), l1, l2, l3));
        ScriptResult r = lab.run(fn, Script.named("LY-MERGE-001").read("/opt/tck-p12").read("/opt/tck-p13").read("/opt/tck-p23"));
        assertThat(new String[]{r.text(0), r.text(1), r.text(2)})
                .as("LY-MERGE-001: /opt/tck-p12, tck-p13, tck-p23 after layers [1,2,3] (a layer applied later overwrites one applied earlier)")
                .containsExactly("2", "3", "3");
    }

    @RuleTest({"LY-MERGE-002"})
    void theLastListedLayerWinsForASharedFile(LayerLab lab) {
        lab.requirePaths();
        Path first = lab.layer(LayerZip.named("shared-first").file("tck-shared.txt", "content of the FIRST layer, longer than the other"));
        Path second = lab.layer(LayerZip.named("shared-second").file("tck-shared.txt", "second"));
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), first, second));
        ScriptResult r = lab.run(fn, Script.named("LY-MERGE-002").read("/opt/tck-shared.txt"));
        assertThat(r.text(0)).as("LY-MERGE-002: /opt/tck-shared.txt must hold exactly the bytes of the last listed layer")
                .isEqualTo("second");
    }

    @RuleTest({"LY-MERGE-003"})
    void directoriesOfSeveralLayersAreUnited(LayerLab lab) {
        lab.requirePaths();
        Path a = lab.layer(LayerZip.named("union-a").file("python/tck_a.py", "a").file("python/pkg/one.py", "one"));
        Path b = lab.layer(LayerZip.named("union-b").file("python/tck_b.py", "b").file("python/pkg/two.py", "two"));
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), a, b));
        ScriptResult r = lab.run(fn, Script.named("LY-MERGE-003").list("/opt/python"));
        assertThat(r.entries(0).keySet()).as("LY-MERGE-003: /opt/python must hold the children of both layers")
                .contains("/opt/python/tck_a.py", "/opt/python/tck_b.py", "/opt/python/pkg/one.py", "/opt/python/pkg/two.py");
    }

    @RuleTest({"LY-MERGE-004"})
    void entryPathsMapDirectlyUnderOpt(LayerLab lab) {
        lab.requirePaths();
        // a single top-level directory: nothing may be stripped and no per-layer directory added
        Path layer = lab.layer(LayerZip.named("paths").bare().file("bin/tck-merge-004", "tool"));
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), layer));
        ScriptResult r = lab.run(fn, Script.named("LY-MERGE-004").read("/opt/bin/tck-merge-004").list("/opt"));
        assertThat(r.text(0)).as("LY-MERGE-004: the entry bin/tck-merge-004 must appear as /opt/bin/tck-merge-004").isEqualTo("tool");
        assertThat(r.entries(1).keySet()).as("LY-MERGE-004: /opt must hold exactly the archive's entries")
                .containsExactly("/opt", "/opt/bin", "/opt/bin/tck-merge-004");
    }

    @RuleTest({"LY-MERGE-005"})
    void thePackageIsNotMergedIntoOpt(LayerLab lab) {
        lab.requirePaths();
        Path code = lab.pkg().fixtureBootstrap()
                .file("tck-package-only.txt", "package", "rw-r--r--")
                .file("tck-both.txt", "package", "rw-r--r--").path();
        Path layer = lab.layer(LayerZip.named("beside-package").file("tck-both.txt", "layer"));
        DeployedFunction fn = lab.deploy(lab.spec(code, layer));
        ScriptResult r = lab.run(fn, Script.named("LY-MERGE-005").read("/opt/tck-package-only.txt").read("/opt/tck-both.txt")
                .read("/opt/bootstrap").read("/var/task/tck-package-only.txt").read("/var/task/tck-both.txt"));
        assertThat(r.exists(0)).as("LY-MERGE-005: a file only in the package must not appear under /opt").isFalse();
        assertThat(r.text(1)).as("LY-MERGE-005: a package file must not replace a layer file (/opt/tck-both.txt)").isEqualTo("layer");
        assertThat(r.exists(2)).as("LY-MERGE-005: the package's bootstrap must not appear as /opt/bootstrap").isFalse();
        assertThat(r.text(3)).as("LY-MERGE-005: the package is at /var/task").isEqualTo("package");
        assertThat(r.text(4)).as("LY-MERGE-005: /var/task/tck-both.txt keeps the package's bytes").isEqualTo("package");
    }

    @RuleTest({"LY-MERGE-006"})
    void layerContentStaysOutOfVarTask(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("layer-only").file("tck-layer-only.txt", "layer").file("lib/tck-lib.so", "lib"));
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), layer));
        ScriptResult r = lab.run(fn, Script.named("LY-MERGE-006").read("/opt/tck-layer-only.txt").list("/var/task"));
        assertThat(r.text(0)).as("LY-MERGE-006: the layer's file is at /opt").isEqualTo("layer");
        assertThat(r.entries(1).keySet()).as("LY-MERGE-006: /var/task must hold only the package (bootstrap)")
                .containsExactly("/var/task", "/var/task/bootstrap");
    }

    @RuleTest({"LY-MERGE-007"})
    void reorderingTheLayersChangesTheWinner(LayerLab lab) {
        lab.requirePaths();
        Path a = lab.layer(LayerZip.named("reorder-a").file("tck-winner.txt", "A"));
        Path b = lab.layer(LayerZip.named("reorder-b").file("tck-winner.txt", "B"));
        FunctionSpec spec = lab.spec(lab.fixturePackage(), a, b);
        DeployedFunction fn = lab.deploy(spec);
        String before = lab.run(fn, Script.named("LY-MERGE-007 [a,b]").read("/opt/tck-winner.txt")).text(0);
        lab.undeploy(fn);
        DeployedFunction again = lab.deploy(lab.respec(spec, b, a));
        String after = lab.run(again, Script.named("LY-MERGE-007 [b,a]").read("/opt/tck-winner.txt")).text(0);
        assertThat(new String[]{before, after})
                .as("LY-MERGE-007: /opt/tck-winner.txt with layers [a,b], then after reattaching them as [b,a]")
                .containsExactly("B", "A");
    }

    @RuleTest({"LY-MERGE-008"})
    void theAttachedBytesAreServedAfterAReplacement(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("replaced").file("tck-version.txt", "version 1"));
        FunctionSpec spec = lab.spec(lab.fixturePackage(), layer);
        DeployedFunction fn = lab.deploy(spec);
        String first = lab.run(fn, Script.named("LY-MERGE-008 v1").read("/opt/tck-version.txt")).text(0);
        lab.undeploy(fn);
        // same file name, same function, different bytes
        Path replaced = lab.layer(LayerZip.named("replaced").file("tck-version.txt", "version 2"));
        DeployedFunction again = lab.deploy(lab.respec(spec, replaced));
        String second = lab.run(again, Script.named("LY-MERGE-008 v2").read("/opt/tck-version.txt")).text(0);
        assertThat(new String[]{first, second})
                .as("LY-MERGE-008: /opt/tck-version.txt before and after the archive at the same path was replaced")
                .containsExactly("version 1", "version 2");
    }

    @RuleTest({"LY-MERGE-009"})
    void twoColdStartsSeeTheSameTree(LayerLab lab) {
        lab.requirePaths();
        Path a = lab.layer(LayerZip.named("determinism-a").file("tck-d/x.txt", "x").file("tck-d/run.sh", "#!/bin/sh\n", 0755)
                .symlink("tck-d/link", "x.txt").file("tck-same.txt", "a"));
        Path b = lab.layer(LayerZip.named("determinism-b").file("tck-d/y.txt", "y", 0444).file("tck-same.txt", "b"));
        FunctionSpec spec = lab.spec(lab.fixturePackage(), a, b);
        DeployedFunction fn = lab.deploy(spec);
        Map<String, String> first = tree(lab.run(fn, Script.named("LY-MERGE-009 first").list("/opt")));
        lab.undeploy(fn);
        DeployedFunction again = lab.deploy(lab.respec(spec, a, b));
        Map<String, String> second = tree(lab.run(again, Script.named("LY-MERGE-009 second").list("/opt")));
        assertThat(second).as("LY-MERGE-009: /opt of the second cold start (path -> type, mode, size, sha256, target)")
                .isEqualTo(first);
    }

    @RuleTest({"LY-MERGE-010"})
    void aFileDirectoryConflictResolvesToTheLaterLayer(LayerLab lab) {
        lab.requirePaths();
        Path first = lab.layer(LayerZip.named("conflict-1").file("tck-c1", "file from layer 1").file("tck-c2/child.txt", "child from layer 1"));
        Path second = lab.layer(LayerZip.named("conflict-2").file("tck-c1/child.txt", "child from layer 2").file("tck-c2", "file from layer 2"));
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), first, second));
        ScriptResult r = lab.run(fn, Script.named("LY-MERGE-010").list("/opt/tck-c1").read("/opt/tck-c1/child.txt").list("/opt/tck-c2"));
        assertThat(r.entries(0).get("/opt/tck-c1")).as("LY-MERGE-010: /opt/tck-c1 (a file, then a directory)").isNotNull();
        assertThat(r.entries(0).get("/opt/tck-c1").path("type").asText()).as("LY-MERGE-010: /opt/tck-c1 type").isEqualTo("dir");
        assertThat(r.text(1)).as("LY-MERGE-010: /opt/tck-c1/child.txt").isEqualTo("child from layer 2");
        assertThat(r.entries(2).keySet()).as("LY-MERGE-010: /opt/tck-c2 (a directory, then a file) is the later file alone")
                .containsExactly("/opt/tck-c2");
        assertThat(r.entries(2).get("/opt/tck-c2").path("type").asText()).as("LY-MERGE-010: /opt/tck-c2 type").isEqualTo("file");
    }

    @RuleTest({"LY-MERGE-011"})
    void withoutLayersOptHasNoLayerContent(LayerLab lab) {
        lab.requirePaths();
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage()));
        ScriptResult r = lab.run(fn, Script.named("LY-MERGE-011").list("/opt"));
        assertThat(r.entries(0).keySet()).as("LY-MERGE-011: /opt without layers must be empty or absent")
                .isSubsetOf("/opt");
    }

    private static Map<String, String> tree(ScriptResult r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : r.entries(0).entrySet()) {
            JsonNode n = e.getValue();
            out.put(e.getKey(), n.path("type").asText() + " " + n.path("mode").asText() + " " + n.path("size").asText("-")
                    + " " + n.path("sha256").asText("-") + " " + n.path("target").asText("-"));
        }
        return out;
    }
}

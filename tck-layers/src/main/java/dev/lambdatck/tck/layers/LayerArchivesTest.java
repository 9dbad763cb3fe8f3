package dev.lambdatck.tck.layers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.tck.layers.support.LayerLab;
import dev.lambdatck.tck.layers.support.LayerLab.Attempt;
import dev.lambdatck.tck.layers.support.LayerLabExtension;
import dev.lambdatck.tck.layers.support.LayerZip;
import dev.lambdatck.tck.layers.support.Script;
import dev.lambdatck.tck.layers.support.ScriptResult;
import dev.lambdatck.tck.layers.support.Wrappers;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.lambdatck.tck.layers.LayerLimitsTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** Chapter ly-zip: how layer archives are read (links, modes, hostile names, invalid input, unusual entries). */
@ExtendWith(LayerLabExtension.class)
class LayerArchivesTest {

    @RuleTest({"LY-ZIP-001"})
    void relativeSymlinksStaySymlinks(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("relative-link").file("lib/libtck.so.1", "shared object").symlink("lib/libtck.so", "libtck.so.1"));
        ScriptResult r = lab.run(lab.deploy(lab.spec(lab.fixturePackage(), layer)),
                Script.named("LY-ZIP-001").list("/opt/lib").read("/opt/lib/libtck.so"));
        JsonNode link = r.entries(0).get("/opt/lib/libtck.so");
        assertThat(link).as("LY-ZIP-001: /opt/lib/libtck.so exists").isNotNull();
        assertThat(link.path("type").asText() + " -> " + link.path("target").asText())
                .as("LY-ZIP-001: /opt/lib/libtck.so is a symlink with the archive's target").isEqualTo("symlink -> libtck.so.1");
        assertThat(r.text(1)).as("LY-ZIP-001: reading through the link").isEqualTo("shared object");
    }

    @RuleTest({"LY-ZIP-002"})
    void absoluteSymlinkTargetsAreKeptAndResolveInTheFunctionsView(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("absolute-link").file("nodejs/node_modules/tck-mod/index.js", "module.exports = 1;")
                .symlink("tck-modules", "/opt/nodejs/node_modules"));
        ScriptResult r = lab.run(lab.deploy(lab.spec(lab.fixturePackage(), layer)),
                Script.named("LY-ZIP-002").list("/opt/tck-modules").read("/opt/tck-modules/tck-mod/index.js"));
        JsonNode link = r.entries(0).get("/opt/tck-modules");
        assertThat(link).as("LY-ZIP-002: /opt/tck-modules exists").isNotNull();
        assertThat(link.path("type").asText() + " -> " + link.path("target").asText())
                .as("LY-ZIP-002: /opt/tck-modules keeps its absolute target").isEqualTo("symlink -> /opt/nodejs/node_modules");
        assertThat(r.text(1)).as("LY-ZIP-002: reading through the link inside the function").isEqualTo("module.exports = 1;");
    }

    @RuleTest({"LY-ZIP-003"})
    void permissionBitsArePreserved(LayerLab lab) {
        lab.requirePaths();
        Map<String, Integer> modes = Map.of("tck-0755", 0755, "tck-0644", 0644, "tck-0444", 0444, "tck-0754", 0754, "tck-0555", 0555);
        LayerZip zip = LayerZip.named("modes");
        modes.forEach((name, mode) -> zip.file("tck-modes/" + name, "#!/bin/sh\n", mode));
        ScriptResult r = lab.run(lab.deploy(lab.spec(lab.fixturePackage(), lab.layer(zip))), Script.named("LY-ZIP-003").list("/opt/tck-modes"));
        modes.forEach((name, mode) -> {
            JsonNode e = r.entries(0).get("/opt/tck-modes/" + name);
            assertThat(e == null ? null : e.path("mode").asText()).as("LY-ZIP-003: mode of /opt/tck-modes/%s", name)
                    .isEqualTo(String.format("%04o", mode));
        });
    }

    @RuleTest({"LY-ZIP-004"})
    void entriesWithoutUnixModesAreReadableAndNotExecutable(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("dos").dosFile("tck-dos.sh", Wrappers.printingTool("tck-dos-ran")));
        ScriptResult r = lab.run(lab.deploy(lab.spec(lab.fixturePackage(), layer)),
                Script.named("LY-ZIP-004").list("/opt/tck-dos.sh").read("/opt/tck-dos.sh").exec("/opt/tck-dos.sh"));
        JsonNode e = r.entries(0).get("/opt/tck-dos.sh");
        assertThat(e).as("LY-ZIP-004: /opt/tck-dos.sh exists").isNotNull();
        int mode = Integer.parseInt(e.path("mode").asText("0"), 8);
        assertThat(mode & 0111).as("LY-ZIP-004: execute bits of /opt/tck-dos.sh (mode %04o)", mode).isZero();
        assertThat(mode & 0004).as("LY-ZIP-004: read bit for other users of /opt/tck-dos.sh (mode %04o)", mode).isNotZero();
        assertThat(r.text(1)).as("LY-ZIP-004: content readable by the runtime").isEqualTo(Wrappers.printingTool("tck-dos-ran"));
        assertThat(r.stdout(2)).as("LY-ZIP-004: running /opt/tck-dos.sh must fail (%s)", r.step(2)).doesNotContain("tck-dos-ran");
    }

    @RuleTest({"LY-ZIP-005"})
    void noEntryIsWrittenOutsideOpt(LayerLab lab) {
        String id = "tck-slip-" + UUID.randomUUID();
        String up = "../".repeat(16);
        LayerZip zip = LayerZip.named("zip-slip").file("tck-inside.txt", "inside")
                .file("../" + id + "-parent", "escaped")
                .file(up + "tmp/" + id + "-deep", "escaped")
                .file("/tmp/" + id + "-absolute", "escaped")
                .file(up.replace('/', '\\') + "tmp\\" + id + "-backslash", "escaped");
        List<Path> hostCanaries = List.of(Path.of("/tmp", id + "-deep"), Path.of("/tmp", id + "-absolute"), Path.of("/tmp", id + "-backslash"));
        Script probe = Script.named("LY-ZIP-005").echo();
        if (lab.hasPaths()) {
            probe.read("/" + id + "-parent").read("/tmp/" + id + "-deep").read("/tmp/" + id + "-absolute").read("/tmp/" + id + "-backslash")
                    .list("/var/task");
        }
        try {
            Attempt a = lab.attempt(lab.spec(lab.fixturePackage(), lab.layer(zip)), probe);
            EvidenceLog.current().note("host canaries (meaningful when the target runs on this host): " + hostCanaries);
            for (Path canary : hostCanaries) {
                assertThat(Files.exists(canary)).as("LY-ZIP-005: %s was written on the host by the archive", canary).isFalse();
            }
            if (!a.refused() && lab.hasPaths()) {
                assertThat(a.result()).as("LY-ZIP-005: accepted, so the function must run (%s)", a.invoke()).isNotNull();
                for (int i = 1; i <= 4; i++) {
                    assertThat(a.result().exists(i)).as("LY-ZIP-005: %s inside the function", a.result().step(i)).isFalse();
                }
                assertThat(a.result().entries(5).keySet()).as("LY-ZIP-005: nothing added to /var/task").containsExactly("/var/task", "/var/task/bootstrap");
            }
        } finally {
            for (Path canary : hostCanaries) deleteQuietly(canary);
        }
    }

    @RuleTest({"LY-ZIP-006"})
    void noWriteGoesThroughAnArchivesOwnSymlink(LayerLab lab) {
        String id = "tck-through-" + UUID.randomUUID();
        // the link and the entry under it in the same layer, and split across two layers
        Path first = lab.layer(LayerZip.named("link-layer").symlink("tck-via", "/tmp").symlink("tck-via-same", "/tmp")
                .file("tck-via-same/" + id + "-same", "escaped"));
        Path second = lab.layer(LayerZip.named("through-layer").file("tck-via/" + id + "-later", "escaped"));
        List<Path> hostCanaries = List.of(Path.of("/tmp", id + "-same"), Path.of("/tmp", id + "-later"));
        Script probe = Script.named("LY-ZIP-006").echo();
        if (lab.hasPaths()) probe.read("/tmp/" + id + "-same").read("/tmp/" + id + "-later");
        try {
            Attempt a = lab.attempt(lab.spec(lab.fixturePackage(), first, second), probe);
            EvidenceLog.current().note("host canaries (meaningful when the target runs on this host): " + hostCanaries);
            for (Path canary : hostCanaries) {
                assertThat(Files.exists(canary)).as("LY-ZIP-006: %s was written on the host through an archive's symlink", canary).isFalse();
            }
            if (!a.refused() && lab.hasPaths()) {
                assertThat(a.result()).as("LY-ZIP-006: accepted, so the function must run (%s)", a.invoke()).isNotNull();
                assertThat(new boolean[]{a.result().exists(1), a.result().exists(2)})
                        .as("LY-ZIP-006: files written through the links into the function's /tmp").containsExactly(false, false);
            }
        } finally {
            for (Path canary : hostCanaries) deleteQuietly(canary);
        }
    }

    @RuleTest({"LY-ZIP-007"})
    void archivesWithTraversalEntriesAreRefusedNamingTheEntry(LayerLab lab) {
        Attempt dots = lab.attempt(lab.spec(lab.fixturePackage(),
                lab.layer(LayerZip.named("dot-dot").file("../tck-traversal.txt", "x"))), Script.named("LY-ZIP-007 ..").echo());
        assertThat(dots.refusal()).as("LY-ZIP-007: an archive with the entry ../tck-traversal.txt must be refused naming it")
                .isNotNull().contains("../tck-traversal.txt");
        Attempt absolute = lab.attempt(lab.spec(lab.fixturePackage(),
                lab.layer(LayerZip.named("absolute").file("/tck-absolute.txt", "x"))), Script.named("LY-ZIP-007 /").echo());
        assertThat(absolute.refusal()).as("LY-ZIP-007: an archive with the entry /tck-absolute.txt must be refused naming it")
                .isNotNull().contains("/tck-absolute.txt");
    }

    @RuleTest({"LY-ZIP-008"})
    void nonZipInputIsRefused(LayerLab lab) {
        Path notZip = lab.rawFile("not-a-zip.zip", LayerLab.utf8("this is plain text, not a zip archive\n"));
        Attempt a = lab.attempt(lab.spec(lab.fixturePackage(), notZip), Script.named("LY-ZIP-008").echo());
        assertRefused(a, "LY-ZIP-008: a layer that is not a zip", "Could not unzip uploaded file. Please check your file, then try to upload again.");
    }

    @RuleTest({"LY-ZIP-009"})
    void anEmptyZipIsRefused(LayerLab lab) {
        Attempt a = lab.attempt(lab.spec(lab.fixturePackage(), lab.layer(LayerZip.named("empty").bare())), Script.named("LY-ZIP-009").echo());
        assertRefused(a, "LY-ZIP-009: a zip with no entries", "Uploaded file must be a non-empty zip");
    }

    @RuleTest({"LY-ZIP-010"})
    void filesOthersCannotReadAreRefused(LayerLab lab) {
        Path layer = lab.layer(LayerZip.named("unreadable").file("tck-readable.txt", "ok").file("tck-secret.txt", "secret", 0600));
        Attempt a = lab.attempt(lab.spec(lab.fixturePackage(), layer), Script.named("LY-ZIP-010").echo());
        assertRefused(a, "LY-ZIP-010: a layer with a file of mode 0600", "Layer conversion failed: Some files do not have read permissions");
    }

    @RuleTest({"LY-ZIP-011"})
    void inaccessibleDirectoriesAreOpenedUp(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("locked-dir").dir("tck-locked", 0700).file("tck-locked/inside.txt", "inside"));
        ScriptResult r = lab.run(lab.deploy(lab.spec(lab.fixturePackage(), layer)), Script.named("LY-ZIP-011").list("/opt/tck-locked"));
        JsonNode dir = r.entries(0).get("/opt/tck-locked");
        assertThat(dir == null ? null : dir.path("mode").asText()).as("LY-ZIP-011: mode of /opt/tck-locked (0700 in the archive)").isEqualTo("0755");
    }

    @RuleTest({"LY-ZIP-012"})
    void theLastOfDuplicateEntriesWins(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("duplicates").file("tck-dup.txt", "first entry").file("tck-dup.txt", "second entry"));
        ScriptResult r = lab.run(lab.deploy(lab.spec(lab.fixturePackage(), layer)), Script.named("LY-ZIP-012").read("/opt/tck-dup.txt"));
        assertThat(r.text(0)).as("LY-ZIP-012: /opt/tck-dup.txt (two entries of that name)").isEqualTo("second entry");
    }

    @RuleTest({"LY-ZIP-013"})
    void emptyDirectoriesAreMaterialised(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("empty-dir").dir("tck-empty-dir", 0755));
        ScriptResult r = lab.run(lab.deploy(lab.spec(lab.fixturePackage(), layer)), Script.named("LY-ZIP-013").list("/opt/tck-empty-dir"));
        JsonNode dir = r.entries(0).get("/opt/tck-empty-dir");
        assertThat(dir == null ? null : dir.path("type").asText()).as("LY-ZIP-013: /opt/tck-empty-dir").isEqualTo("dir");
    }

    @RuleTest({"LY-ZIP-014"})
    void namesAreCaseSensitive(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("case").file("tck-Case.txt", "upper").file("tck-case.txt", "lower"));
        ScriptResult r = lab.run(lab.deploy(lab.spec(lab.fixturePackage(), layer)),
                Script.named("LY-ZIP-014").read("/opt/tck-Case.txt").read("/opt/tck-case.txt"));
        assertThat(new String[]{r.text(0), r.text(1)}).as("LY-ZIP-014: /opt/tck-Case.txt and /opt/tck-case.txt").containsExactly("upper", "lower");
    }

    @RuleTest({"LY-ZIP-015"})
    void utf8NamesKeepTheirName(LayerLab lab) {
        lab.requirePaths();
        String name = "tck-ünïcødé-名前.txt";
        Path layer = lab.layer(LayerZip.named("utf8").file(name, "unicode"));
        ScriptResult r = lab.run(lab.deploy(lab.spec(lab.fixturePackage(), layer)), Script.named("LY-ZIP-015").read("/opt/" + name));
        assertThat(r.text(0)).as("LY-ZIP-015: /opt/%s", name).isEqualTo("unicode");
    }

    @RuleTest({"LY-ZIP-016"})
    void zip64ArchivesAreAccepted(LayerLab lab) {
        lab.requirePaths();
        Path layer = lab.layer(LayerZip.named("zip64").zip64().file("tck-zip64.txt", "zip64 content"));
        DeployedFunction fn = lab.deploy(lab.spec(lab.fixturePackage(), layer));
        ScriptResult r = lab.run(fn, Script.named("LY-ZIP-016").read("/opt/tck-zip64.txt"));
        assertThat(r.text(0)).as("LY-ZIP-016: /opt/tck-zip64.txt from an archive with zip64 records").isEqualTo("zip64 content");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            EvidenceLog.current().note("could not delete " + p + ": " + e.getMessage());
        }
    }
}

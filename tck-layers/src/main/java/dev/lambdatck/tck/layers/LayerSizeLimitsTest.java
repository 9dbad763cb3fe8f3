package dev.lambdatck.tck.layers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.layers.support.LayerLab;
import dev.lambdatck.tck.layers.support.LayerLab.Attempt;
import dev.lambdatck.tck.layers.support.LayerLabExtension;
import dev.lambdatck.tck.layers.support.LayerZip;
import dev.lambdatck.tck.layers.support.LyingZip;
import dev.lambdatck.tck.layers.support.Script;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.lambdatck.tck.layers.LayerLimitsTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chapter ly-limit: the unzipped-size quota of function code plus layers. The archives hold zero-filled files, so
 * they are small on disk but reach the quota when unzipped.
 */
@ExtendWith(LayerLabExtension.class)
class LayerSizeLimitsTest {

    /** AWS's quota for function code plus layers, unzipped (layers.md §4.1). */
    static final long MAX_UNZIPPED = 262_144_000L;

    @RuleTest({"LY-LIMIT-003"})
    void codePlusLayersAboveTheQuotaAreRefusedWithTheTotal(LayerLab lab) {
        Path code = lab.fixturePackage();
        long layerBytes = MAX_UNZIPPED + 1 - size(code.resolve("bootstrap"));
        // two layers, each far below the quota on its own: only the combined total exceeds it
        Path a = lab.layer(LayerZip.named("big-a").bare().zeros("tck-big-a.bin", layerBytes / 2));
        Path b = lab.layer(LayerZip.named("big-b").bare().zeros("tck-big-b.bin", layerBytes - layerBytes / 2));
        Attempt at = lab.attempt(lab.spec(code, a, b), Script.named("LY-LIMIT-003").echo());
        assertRefused(at, "LY-LIMIT-003: code plus layers of " + (MAX_UNZIPPED + 1) + " bytes unzipped",
                "Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. The actual size is "
                        + (MAX_UNZIPPED + 1) + " bytes.");
    }

    @RuleTest({"LY-LIMIT-004"})
    void codePlusLayersOfExactlyTheQuotaAreAccepted(LayerLab lab) {
        Path code = lab.fixturePackage();
        long layerBytes = MAX_UNZIPPED - size(code.resolve("bootstrap"));
        Path a = lab.layer(LayerZip.named("edge-a").bare().zeros("tck-edge-a.bin", layerBytes / 2));
        Path b = lab.layer(LayerZip.named("edge-b").bare().zeros("tck-edge-b.bin", layerBytes - layerBytes / 2));
        Attempt at = lab.attempt(lab.spec(code, a, b), Script.named("LY-LIMIT-004").echo());
        assertThat(at.refusal()).as("LY-LIMIT-004: code plus layers of exactly 262144000 bytes must not be refused").isNull();
        assertThat(at.result()).as("LY-LIMIT-004: the function must run (%s)", at.invoke()).isNotNull();
    }

    @RuleTest({"LY-LIMIT-005"})
    void anArchiveUnderstatingItsSizeDoesNotGetPastTheQuota(LayerLab lab) {
        Path code = lab.fixturePackage();
        long real = MAX_UNZIPPED + 1 - size(code.resolve("bootstrap"));
        int declared = 1000;
        Path bomb = lab.layer(LayerZip.named("understated").bare().zeros("tck-bomb.bin", real));
        LyingZip.declareSize(bomb, declared);
        Script probe = Script.named("LY-LIMIT-005").echo();
        if (lab.hasPaths()) probe.list("/opt");
        Attempt at = lab.attempt(lab.spec(code, bomb), probe);
        if (at.refused()) return; // refused: the real size was counted (or the archive was judged corrupt)
        assertThat(at.result()).as("LY-LIMIT-005: accepted, so the function must run (%s)", at.invoke()).isNotNull();
        lab.requirePaths();
        JsonNode entry = at.result().entries(1).get("/opt/tck-bomb.bin");
        long written = entry == null ? 0 : entry.path("size").asLong();
        assertThat(written).as("LY-LIMIT-005: an archive declaring %d bytes but holding %d (code plus layers above the quota) was"
                + " accepted; bytes written to /opt/tck-bomb.bin", declared, real).isLessThanOrEqualTo(declared);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

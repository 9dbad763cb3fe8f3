package dev.lambdatck.refimpl.layers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadPermissionCheckTest {

    @TempDir
    Path tmp;

    @Test
    void aLayerWithAFileOthersCannotReadIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path good = TestZips.zip().file("a.txt", "a").writeTo(tmp.resolve("good.zip"));
        Path bad = TestZips.zip().file("ok.txt", "ok").file("secret.txt", "s", 0600).writeTo(tmp.resolve("bad.zip"));
        Path opt = tmp.resolve("opt");
        assertThatThrownBy(() -> new LayerMerger(ExtractionLimits.AWS).merge(
                List.of(ContentSource.of(good, "layer 1"), ContentSource.of(bad, "layer 2")), opt, new ExtractionBudget(ExtractionLimits.AWS)))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessage(ReadPermissionCheck.MESSAGE)
                .cause().hasMessageContaining("secret.txt");
        assertThat(opt).doesNotExist();
    }

    @Test
    void readableFilesDirectoriesAndLinksPass() throws IOException {
        Path zip = TestZips.zip().dir("d", 0700).file("d/x", "x", 0444).writeTo(tmp.resolve("ok.zip"));
        ReadPermissionCheck.check(ContentSource.of(zip, "layer 1"));
    }
}

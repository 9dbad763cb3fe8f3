package dev.lambdatck.refimpl.layers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerMergerTest {

    @TempDir
    Path tmp;

    private final LayerMerger merger = new LayerMerger(ExtractionLimits.AWS);

    private Path merge(List<Path> layers) {
        List<ContentSource> sources = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) sources.add(ContentSource.of(layers.get(i), "layer " + (i + 1)));
        Path opt = tmp.resolve("opt");
        merger.merge(sources, opt, new ExtractionBudget(ExtractionLimits.AWS));
        return opt;
    }

    @Test
    void laterLayersOverwriteFilesAndDirectoriesMerge() throws IOException {
        Path l1 = TestZips.zip().file("bin/tool", "one", 0755).file("lib/a.so", "a").file("shared.txt", "1")
                .writeTo(tmp.resolve("l1.zip"));
        Path l2 = TestZips.zip().file("lib/b.so", "b").file("shared.txt", "2", 0444).writeTo(tmp.resolve("l2.zip"));
        Path opt = merge(List.of(l1, l2));
        assertThat(opt.resolve("shared.txt")).hasContent("2");
        assertThat(Files.getPosixFilePermissions(opt.resolve("shared.txt"))).hasSize(3); // mode from the later layer (0444)
        assertThat(opt.resolve("lib/a.so")).hasContent("a");
        assertThat(opt.resolve("lib/b.so")).hasContent("b");
        assertThat(opt.resolve("bin/tool")).hasContent("one");

        Path reversed = tmp.resolve("opt");
        Trees.deleteRecursively(reversed);
        assertThat(merge(List.of(l2, l1)).resolve("shared.txt")).hasContent("1");
    }

    @Test
    void aLaterFileReplacesAnEarlierDirectoryAndViceVersa() throws IOException {
        Path l1 = TestZips.zip().file("x/inner.txt", "in").file("y", "file").writeTo(tmp.resolve("l1.zip"));
        Path l2 = TestZips.zip().file("x", "now a file").file("y/inner.txt", "now a dir").writeTo(tmp.resolve("l2.zip"));
        Path opt = merge(List.of(l1, l2));
        assertThat(opt.resolve("x")).isRegularFile().hasContent("now a file");
        assertThat(opt.resolve("y/inner.txt")).hasContent("now a dir");
    }

    @Test
    void directoriesAreLayersToo() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("layerdir/bin"));
        Files.writeString(d.resolve("tool"), "from dir");
        Path zip = TestZips.zip().file("bin/other", "from zip").writeTo(tmp.resolve("l.zip"));
        Path opt = merge(List.of(tmp.resolve("layerdir"), zip));
        assertThat(opt.resolve("bin/tool")).hasContent("from dir");
        assertThat(opt.resolve("bin/other")).hasContent("from zip");
    }

    @Test
    void noLayersGiveAnEmptyOpt() {
        assertThat(merge(List.of())).isEmptyDirectory();
    }

    @Test
    void atMostFiveLayersWithAwsText() {
        assertThatThrownBy(() -> merger.checkCount(6)).isInstanceOf(InvalidArchiveException.class)
                .hasMessage("Cannot reference more than 5 layers.");
        merger.checkCount(5);
    }

    @Test
    void sizeQuotaMessagesAreAws() {
        long limit = 262_144_000L;
        assertThatThrownBy(() -> SizeCheck.check(limit + 1, List.of(), limit))
                .hasMessage("Unzipped size must be smaller than 262144000 bytes");
        assertThatThrownBy(() -> SizeCheck.check(0, List.of(limit, 1L), limit))
                .hasMessage("Layers consume more than the available size of 262144000 bytes");
        assertThatThrownBy(() -> SizeCheck.check(200_000_000L, List.of(62_144_001L), limit))
                .hasMessage("Function code combined with layers exceeds the maximum allowed size of 262144000 bytes."
                        + " The actual size is 262144001 bytes.");
        SizeCheck.check(200_000_000L, List.of(62_144_000L), limit);
    }

    @Test
    void missingSourceIsAClearError() {
        assertThatThrownBy(() -> ContentSource.of(tmp.resolve("nope.zip"), "layer 3"))
                .isInstanceOf(InvalidArchiveException.class).hasMessageContaining("layer 3").hasMessageContaining("does not exist");
    }
}

package dev.lambdatck.refimpl.layers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafeUnzipperTest {

    @TempDir
    Path tmp;

    private Path extract(Path zip, String viewRoot) throws IOException {
        Path out = tmp.resolve("out");
        TreeWriter writer = new TreeWriter(out, viewRoot, new ExtractionBudget(ExtractionLimits.AWS));
        SafeUnzipper.extract(zip, "test.zip", writer);
        writer.finish();
        return out;
    }

    @Test
    void keepsUnixPermissionBits() throws IOException {
        Path zip = TestZips.zip().file("bootstrap", "#!/bin/sh\n", 0755).file("data.txt", "x", 0640)
                .dir("bin", 0750).file("bin/tool", "t", 0700).writeTo(tmp.resolve("a.zip"));
        Path out = extract(zip, "/opt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bootstrap")))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("data.txt")))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bin/tool")))).isEqualTo("rwx------");
        // a directory the runtime user could not enter is normalised to 755, as AWS does
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bin")))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void entriesWithoutUnixAttributesAreReadableButNotExecutable() throws IOException {
        Path out = extract(TestZips.zip().dosFile("bootstrap", "x").writeTo(tmp.resolve("dos.zip")), "/var/task");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bootstrap")))).isEqualTo("rw-r--r--");
    }

    @Test
    void refusesDotDotEntries() throws IOException {
        Path zip = TestZips.zip().file("ok.txt", "x").file("a/../../evil.txt", "x").writeTo(tmp.resolve("slip.zip"));
        assertThatThrownBy(() -> extract(zip, "/opt")).isInstanceOf(InvalidArchiveException.class)
                .hasMessageContaining("a/../../evil.txt").hasMessageContaining("escape");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void refusesAbsoluteEntries() throws IOException {
        Path zip = TestZips.zip().file("/etc/evil", "x").writeTo(tmp.resolve("abs.zip"));
        assertThatThrownBy(() -> extract(zip, "/opt")).isInstanceOf(InvalidArchiveException.class)
                .hasMessageContaining("absolute");
    }

    @Test
    void keepsSymlinksInsideTheViewAndRefusesOthers() throws IOException {
        Path zip = TestZips.zip().file("lib/libx.so.1", "elf").symlink("lib/libx.so", "libx.so.1")
                .symlink("node_modules", "/opt/nodejs/node_modules").writeTo(tmp.resolve("links.zip"));
        Path out = extract(zip, "/var/task");
        assertThat(Files.readSymbolicLink(out.resolve("lib/libx.so")).toString()).isEqualTo("libx.so.1");
        assertThat(Files.readSymbolicLink(out.resolve("node_modules")).toString()).isEqualTo("/opt/nodejs/node_modules");

        Path bad = TestZips.zip().symlink("passwd", "/etc/passwd").writeTo(tmp.resolve("bad1.zip"));
        assertThatThrownBy(() -> extract(bad, "/opt")).isInstanceOf(InvalidArchiveException.class)
                .hasMessageContaining("points outside");
        Path escaping = TestZips.zip().symlink("up", "../../../etc").writeTo(tmp.resolve("bad2.zip"));
        assertThatThrownBy(() -> extract(escaping, "/opt")).isInstanceOf(InvalidArchiveException.class)
                .hasMessageContaining("points outside");
    }

    @Test
    void neverWritesThroughASymlinkFromAnEarlierEntry() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        // "dir" is a link into the tree; a later entry below it must replace the link, not follow it
        Path zip = TestZips.zip().dir("real", 0755).symlink("dir", "real").file("dir/x.txt", "x")
                .writeTo(tmp.resolve("through.zip"));
        Path out = extract(zip, "/opt");
        assertThat(Files.isSymbolicLink(out.resolve("dir"))).isFalse();
        assertThat(out.resolve("dir/x.txt")).hasContent("x");
        assertThat(out.resolve("real/x.txt")).doesNotExist();
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void duplicateNamesLastOneWins() throws IOException {
        Path zip = TestZips.zip().file("a.txt", "first").file("a.txt", "second").writeTo(tmp.resolve("dup.zip"));
        assertThat(extract(zip, "/opt").resolve("a.txt")).hasContent("second");
    }

    @Test
    void notAZipAndEmptyZipGetAwsTexts() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.zip"), "this is not a zip");
        assertThatThrownBy(() -> extract(junk, "/opt")).isInstanceOf(InvalidArchiveException.class)
                .hasMessage(SafeUnzipper.NOT_A_ZIP)
                .satisfies(e -> assertThat(((InvalidArchiveException) e).errorType()).isEqualTo("InvalidParameterValueException"));
        Path empty = TestZips.zip().writeTo(tmp.resolve("empty.zip"));
        assertThatThrownBy(() -> SafeUnzipper.declaredSize(empty, "empty.zip")).hasMessage(SafeUnzipper.EMPTY_ZIP);
    }

    @Test
    void entryCountIsBounded() throws IOException {
        TestZips many = TestZips.zip();
        for (int i = 0; i < 20; i++) many.file("f" + i, "x");
        Path zip = many.writeTo(tmp.resolve("many.zip"));
        TreeWriter writer = new TreeWriter(tmp.resolve("o"), "/opt", new ExtractionBudget(new ExtractionLimits(5, 1000, 10, 4096)));
        assertThatThrownBy(() -> SafeUnzipper.extract(zip, "many.zip", writer)).hasMessageContaining("more than 10 entries");
    }

    @Test
    void realBytesAreCountedEvenWhenDeclaredSizesWouldPass() throws IOException {
        Path zip = TestZips.zip().file("big", "x".repeat(5000)).writeTo(tmp.resolve("big.zip"));
        TreeWriter writer = new TreeWriter(tmp.resolve("o"), "/opt", new ExtractionBudget(new ExtractionLimits(5, 1000, 100, 4096)));
        assertThatThrownBy(() -> SafeUnzipper.extract(zip, "big.zip", writer))
                .hasMessageStartingWith("Function code combined with layers exceeds the maximum allowed size of 1000 bytes.");
        assertThat(Files.size(tmp.resolve("o/big"))).isLessThanOrEqualTo(1000 + 64 * 1024);
        assertThat(Files.exists(tmp.resolve("o/big"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}

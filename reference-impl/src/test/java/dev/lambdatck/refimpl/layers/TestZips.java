package dev.lambdatck.refimpl.layers;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds zips for tests, including hostile ones (names are written verbatim). */
public final class TestZips {

    private final List<Object[]> entries = new ArrayList<>();

    public static TestZips zip() {
        return new TestZips();
    }

    public TestZips file(String name, String content, int mode) {
        entries.add(new Object[]{name, content.getBytes(StandardCharsets.UTF_8), 0100000 | mode});
        return this;
    }

    public TestZips file(String name, String content) {
        return file(name, content, 0644);
    }

    /** A file entry without Unix attributes, as Windows tools make them. */
    public TestZips dosFile(String name, String content) {
        entries.add(new Object[]{name, content.getBytes(StandardCharsets.UTF_8), -1});
        return this;
    }

    public TestZips dir(String name, int mode) {
        entries.add(new Object[]{name.endsWith("/") ? name : name + "/", new byte[0], 040000 | mode});
        return this;
    }

    public TestZips symlink(String name, String target) {
        entries.add(new Object[]{name, target.getBytes(StandardCharsets.UTF_8), 0120777});
        return this;
    }

    public Path writeTo(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipArchiveOutputStream zip = new ZipArchiveOutputStream(os)) {
            for (Object[] e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry((String) e[0]);
                int mode = (Integer) e[2];
                if (mode >= 0) entry.setUnixMode(mode);
                zip.putArchiveEntry(entry);
                zip.write((byte[]) e[1]);
                zip.closeArchiveEntry();
            }
        }
        return file;
    }
}

package dev.lambdatck.tck.runtimeapi.support;

import dev.lambdatck.core.target.TargetException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer zip holding test extensions at {@code extensions/<name>}, each with its own Unix mode (0755, or 0644 for an
 * extension that cannot be started). Written to a temporary directory removed when the JVM exits.
 */
public final class ExtensionLayer {

    private static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("lambda-tck-extensions-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FunctionCode.deleteTree(ROOT), "lambda-tck-extensions-cleanup"));
    }

    private record Entry(String name, byte[] text, int mode) {
    }

    private final List<Entry> entries = new ArrayList<>();

    private ExtensionLayer() {
    }

    public static ExtensionLayer of(ExtensionScript... extensions) {
        ExtensionLayer l = new ExtensionLayer();
        for (ExtensionScript e : extensions) l.add(e, 0755);
        return l;
    }

    public static ExtensionLayer of(List<ExtensionScript> extensions) {
        return of(extensions.toArray(ExtensionScript[]::new));
    }

    /** Adds an extension with the given permission bits (e.g. 0644: not executable). */
    public ExtensionLayer add(ExtensionScript e, int mode) {
        entries.add(new Entry(e.name(), e.text().getBytes(StandardCharsets.UTF_8), mode));
        return this;
    }

    /** Writes the zip and returns its path. */
    public Path write() {
        try {
            Path zip = Files.createTempDirectory(ROOT, "layer-").resolve("extensions-layer.zip");
            try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
                ZipArchiveEntry dir = new ZipArchiveEntry("extensions/");
                dir.setUnixMode(040755);
                out.putArchiveEntry(dir);
                out.closeArchiveEntry();
                for (Entry e : entries) {
                    ZipArchiveEntry z = new ZipArchiveEntry("extensions/" + e.name());
                    z.setUnixMode(0100000 | e.mode());
                    out.putArchiveEntry(z);
                    out.write(e.text());
                    out.closeArchiveEntry();
                }
            }
            return zip;
        } catch (IOException e) {
            throw new TargetException("cannot write the extensions layer zip: " + e.getMessage(), e);
        }
    }
}

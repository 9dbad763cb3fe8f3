package dev.lambdatck.tck.layers.support;

import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;

/**
 * Builds one layer archive entry by entry, exactly as written (names are not cleaned, so hostile names such as
 * {@code ../evil} and duplicates reach the target as given). Every layer carries a top-level identity file
 * {@code .tck-layer-NAME} unless {@link #bare()} is called, so the evidence shows which layers were merged.
 */
public final class LayerZip {

    private interface Entry {
        void write(ZipArchiveOutputStream out) throws IOException;
    }

    /**
     * Compressed bytes of archives made only of zero-filled files, by content: the size-limit archives are large
     * unzipped but tiny zipped, and a kill matrix builds the same ones in every run.
     */
    private static final Map<String, byte[]> ZERO_ARCHIVES = new ConcurrentHashMap<>();

    private final String name;
    private final List<Entry> entries = new ArrayList<>();
    private final StringBuilder zeroKey = new StringBuilder();
    private boolean onlyZeros = true;
    private boolean identity = true;
    private boolean zip64;

    private LayerZip(String name) {
        this.name = name;
    }

    public static LayerZip named(String name) {
        return new LayerZip(name);
    }

    /** No identity file: the archive holds exactly the entries added. */
    public LayerZip bare() {
        identity = false;
        return this;
    }

    /** Forces zip64 extra fields on every entry. */
    public LayerZip zip64() {
        zip64 = true;
        return this;
    }

    public LayerZip file(String path, String text) {
        return file(path, text.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public LayerZip file(String path, String text, int mode) {
        return file(path, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    public LayerZip file(String path, byte[] content, int mode) {
        onlyZeros = false;
        entries.add(out -> {
            ZipArchiveEntry e = new ZipArchiveEntry(path);
            e.setUnixMode(UnixStat.FILE_FLAG | (mode & 07777));
            out.putArchiveEntry(e);
            out.write(content);
            out.closeArchiveEntry();
        });
        return this;
    }

    /** A file whose content is copied from the host (e.g. the fixture binary). */
    public LayerZip file(String path, Path source, int mode) {
        onlyZeros = false;
        entries.add(out -> {
            ZipArchiveEntry e = new ZipArchiveEntry(path);
            e.setUnixMode(UnixStat.FILE_FLAG | (mode & 07777));
            out.putArchiveEntry(e);
            try (InputStream in = Files.newInputStream(source)) {
                in.transferTo(out);
            }
            out.closeArchiveEntry();
        });
        return this;
    }

    /** A file of {@code size} zero bytes (compresses to almost nothing; for size limits). */
    public LayerZip zeros(String path, long size) {
        zeroKey.append(path).append('=').append(size).append(';');
        entries.add(out -> {
            ZipArchiveEntry e = new ZipArchiveEntry(path);
            e.setUnixMode(UnixStat.FILE_FLAG | 0644);
            out.putArchiveEntry(e);
            byte[] block = new byte[1 << 20];
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                left -= n;
            }
            out.closeArchiveEntry();
        });
        return this;
    }

    /** A file entry with no Unix attributes, as written by zip tools on MS-DOS/Windows hosts. */
    public LayerZip dosFile(String path, String text) {
        onlyZeros = false;
        entries.add(out -> {
            ZipArchiveEntry e = new ZipArchiveEntry(path);
            out.putArchiveEntry(e);
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        });
        return this;
    }

    public LayerZip dir(String path, int mode) {
        onlyZeros = false;
        String p = path.endsWith("/") ? path : path + "/";
        entries.add(out -> {
            ZipArchiveEntry e = new ZipArchiveEntry(p);
            e.setUnixMode(UnixStat.DIR_FLAG | (mode & 07777));
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
        });
        return this;
    }

    public LayerZip symlink(String path, String target) {
        onlyZeros = false;
        entries.add(out -> {
            ZipArchiveEntry e = new ZipArchiveEntry(path);
            e.setUnixMode(UnixStat.LINK_FLAG | 0777);
            out.putArchiveEntry(e);
            out.write(target.getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        });
        return this;
    }

    /** Writes the archive to {@code dir/NAME.zip} and returns its path. */
    public Path writeTo(Path dir) {
        Path zip = dir.resolve(name + ".zip");
        String key = onlyZeros && !zeroKey.isEmpty() ? (identity ? name : "") + "|" + zip64 + "|" + zeroKey : null;
        try {
            byte[] cached = key == null ? null : ZERO_ARCHIVES.get(key);
            if (cached != null) return Files.write(zip, cached);
            write(zip);
            if (key != null && ZERO_ARCHIVES.size() < 32) ZERO_ARCHIVES.put(key, Files.readAllBytes(zip));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write layer " + zip + ": " + e.getMessage(), e);
        }
        return zip;
    }

    private void write(Path zip) throws IOException {
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            out.setLevel(Deflater.BEST_SPEED);
            out.setEncoding("UTF-8");
            out.setUseLanguageEncodingFlag(true);
            if (zip64) out.setUseZip64(Zip64Mode.Always);
            if (identity) {
                ZipArchiveEntry e = new ZipArchiveEntry(".tck-layer-" + name);
                e.setUnixMode(UnixStat.FILE_FLAG | 0644);
                out.putArchiveEntry(e);
                out.write(name.getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
            for (Entry e : entries) e.write(out);
        }
    }
}

package dev.lambdatck.refimpl.faults;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Archive-side helpers of the layer faults: they rewrite a layer zip the way a careless platform would read it
 * (hostile entries written naively, modes "fixed", links followed), so the reference platform's strict extractor
 * then sees only what such a platform would have kept. Test machinery only: never used without a fault.
 */
final class LayerFaultZips {

    /** An entry a careless platform writes outside the safe tree: its bytes and the name as given. */
    record NaiveWrite(String name, byte[] content, String viaLink, String linkTarget) {
    }

    private LayerFaultZips() {
    }

    static boolean isZip(Path p) {
        if (!Files.isRegularFile(p)) return true; // directories and missing paths are left to the platform
        try (ZipFile zf = ZipFile.builder().setPath(p).get()) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean isEmptyZip(Path p) {
        if (!Files.isRegularFile(p)) return false;
        try (ZipFile zf = ZipFile.builder().setPath(p).get()) {
            return !zf.getEntries().hasMoreElements();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean hostile(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/")) return true;
        for (String part : n.split("/")) if (part.equals("..")) return true;
        return false;
    }

    /**
     * Copies {@code zip} to {@code out}, leaving out what {@code keep} rejects and giving files the mode
     * {@code modeFix} returns. Returns the left-out entries whose content a careless platform would still write.
     */
    static List<ZipArchiveEntry> rewrite(Path zip, Path out, java.util.function.Predicate<ZipArchiveEntry> keep,
                                         java.util.function.IntUnaryOperator modeFix, Map<String, byte[]> leftOut) {
        List<ZipArchiveEntry> dropped = new ArrayList<>();
        try (ZipFile zf = ZipFile.builder().setPath(zip).get();
             ZipArchiveOutputStream o = new ZipArchiveOutputStream(out)) {
            o.setEncoding("UTF-8");
            for (ZipArchiveEntry e : Collections.list(zf.getEntries())) {
                byte[] data;
                try (InputStream in = zf.getInputStream(e)) {
                    data = in.readAllBytes();
                }
                if (!keep.test(e)) {
                    dropped.add(e);
                    leftOut.put(e.getName(), data);
                    continue;
                }
                ZipArchiveEntry copy = new ZipArchiveEntry(e.getName());
                if (e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX) {
                    int mode = e.getUnixMode();
                    copy.setUnixMode(e.isDirectory() || e.isUnixSymlink() ? mode : (mode & ~07777) | modeFix.applyAsInt(mode & 07777));
                }
                o.putArchiveEntry(copy);
                o.write(data);
                o.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("layer fault: cannot rewrite " + zip + ": " + e.getMessage(), e);
        }
        return dropped;
    }

    /**
     * For {@code follow-archive-symlinks}: the symlink entries (over all layers, in order) that a later entry passes
     * through, mapped to their targets.
     */
    static Map<String, String> traversedLinks(List<Path> zips) {
        Map<String, String> links = new LinkedHashMap<>();
        Map<String, String> traversed = new LinkedHashMap<>();
        for (Path zip : zips) {
            if (!Files.isRegularFile(zip) || !isZip(zip)) continue;
            try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
                for (ZipArchiveEntry e : Collections.list(zf.getEntries())) {
                    String name = trim(e.getName());
                    for (Map.Entry<String, String> l : links.entrySet()) {
                        if (name.startsWith(l.getKey() + "/")) traversed.put(l.getKey(), l.getValue());
                    }
                    if (e.isUnixSymlink()) {
                        try (InputStream in = zf.getInputStream(e)) {
                            links.put(name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return traversed;
    }

    static String trim(String name) {
        String n = name;
        while (n.endsWith("/")) n = n.substring(0, n.length() - 1);
        return n;
    }
}

package dev.lambdatck.refimpl.layers;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * Extracts one zip into a {@link TreeWriter}: entries in central-directory order (a duplicate name: the last one
 * wins), Unix permission bits kept, symlinks recreated under {@link SymlinkPolicy}, zip-slip refused, and the real
 * number of bytes written counted against the budget.
 */
public final class SafeUnzipper {

    /** AWS's text for anything that is not a readable zip (layers.md §4.2). */
    public static final String NOT_A_ZIP = "Could not unzip uploaded file. Please check your file, then try to upload again.";
    public static final String EMPTY_ZIP = "Uploaded file must be a non-empty zip";

    private SafeUnzipper() {
    }

    public static ZipFile open(Path zip, String label) {
        try {
            return ZipFile.builder().setPath(zip).get();
        } catch (IOException | RuntimeException e) {
            throw new InvalidArchiveException(NOT_A_ZIP, new IOException(label + ": " + e.getMessage(), e));
        }
    }

    /** Sum of the sizes the entries declare; -1 sizes count as 0 (the real bytes are still counted on write). */
    public static long declaredSize(Path zip, String label) {
        try (ZipFile zf = open(zip, label)) {
            long total = 0;
            boolean any = false;
            for (ZipArchiveEntry e : Collections.list(zf.getEntries())) {
                any = true;
                if (!e.isDirectory() && e.getSize() > 0) total += e.getSize();
            }
            if (!any) throw new InvalidArchiveException(EMPTY_ZIP, new IOException(label + " has no entries"));
            return total;
        } catch (IOException e) {
            throw new InvalidArchiveException(NOT_A_ZIP, e);
        }
    }

    public static void extract(Path zip, String label, TreeWriter writer) {
        try (ZipFile zf = open(zip, label)) {
            for (ZipArchiveEntry entry : Collections.list(zf.getEntries())) {
                extractEntry(zf, entry, label, writer);
            }
        } catch (InvalidArchiveException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidArchiveException(NOT_A_ZIP, new IOException(label + ": " + e.getMessage(), e));
        }
    }

    private static void extractEntry(ZipFile zf, ZipArchiveEntry entry, String label, TreeWriter writer)
            throws IOException {
        List<String> path = EntryName.components(entry.getName(), label);
        if (!zf.canReadEntryData(entry)) {
            throw new InvalidArchiveException(NOT_A_ZIP, new IOException(label + ": entry \"" + entry.getName()
                    + "\" uses an unsupported compression method or encryption"));
        }
        Integer mode = unixMode(entry);
        if (entry.isDirectory()) {
            writer.directory(path, mode);
        } else if (entry.isUnixSymlink()) {
            writer.symlink(path, readLinkTarget(zf, entry, label, writer.budget().limits().maxSymlinkTarget()), label);
        } else {
            try (InputStream in = zf.getInputStream(entry)) {
                writer.file(path, in, mode);
            }
        }
    }

    /** Permission bits when the zip was made on Unix and carries them; null otherwise (defaults apply). */
    static Integer unixMode(ZipArchiveEntry entry) {
        if (entry.getPlatform() != ZipArchiveEntry.PLATFORM_UNIX) return null;
        int mode = entry.getUnixMode() & 0777;
        return entry.getUnixMode() == 0 ? null : mode;
    }

    /** ZipFile.getUnixSymlink reads the whole entry; a link target is bounded here instead. */
    private static String readLinkTarget(ZipFile zf, ZipArchiveEntry entry, String label, int max) throws IOException {
        try (InputStream in = zf.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new InvalidArchiveException(label + ": symlink \"" + entry.getName() + "\" has a target longer than "
                        + max + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}

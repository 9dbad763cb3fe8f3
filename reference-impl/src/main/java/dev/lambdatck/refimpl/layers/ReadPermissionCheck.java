package dev.lambdatck.refimpl.layers;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.stream.Stream;

/**
 * AWS refuses a layer holding a regular file that other users cannot read, when the layer is published
 * (LY-ZIP-010; layers.md §1.4): the runtime user is not the files' owner, so such a file could never be read.
 */
public final class ReadPermissionCheck {

    /** AWS's message (layers.md §4.2), trailing semicolon included. */
    public static final String MESSAGE = "Layer conversion failed: Some files do not have read permissions;";

    private ReadPermissionCheck() {
    }

    /** @throws InvalidArchiveException naming the first unreadable file */
    public static void check(ContentSource layer) {
        Path p = layer.path();
        String unreadable = Files.isDirectory(p) ? firstUnreadableFile(p) : firstUnreadableEntry(p, layer.label());
        if (unreadable != null) {
            throw new InvalidArchiveException(MESSAGE, new IOException(layer.label() + ": \"" + unreadable
                    + "\" is not readable by other users"));
        }
    }

    private static String firstUnreadableEntry(Path zip, String label) {
        try (ZipFile zf = SafeUnzipper.open(zip, label)) {
            for (ZipArchiveEntry e : Collections.list(zf.getEntries())) {
                Integer mode = SafeUnzipper.unixMode(e);
                if (mode != null && !e.isDirectory() && !e.isUnixSymlink() && (mode & 0004) == 0) return e.getName();
            }
            return null;
        } catch (IOException e) {
            throw new InvalidArchiveException(SafeUnzipper.NOT_A_ZIP, e);
        }
    }

    private static String firstUnreadableFile(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> {
                        try {
                            return !Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OTHERS_READ);
                        } catch (IOException e) {
                            return true;
                        }
                    })
                    .map(f -> dir.relativize(f).toString()).findFirst().orElse(null);
        } catch (IOException e) {
            throw new InvalidArchiveException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}

package dev.lambdatck.tck.adapters;

import dev.lambdatck.core.target.TargetException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** A deployment package: the code directory as a zip, Unix permission bits kept (the bootstrap stays executable). */
final class CodeZip {

    static final long MAX_BYTES = 50L * 1024 * 1024;

    private CodeZip() {
    }

    static byte[] of(Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes); Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
            for (Path f : files) {
                ZipArchiveEntry e = new ZipArchiveEntry(dir.relativize(f).toString().replace('\\', '/'));
                e.setUnixMode(0100000 | mode(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS)));
                zip.putArchiveEntry(e);
                Files.copy(f, zip);
                zip.closeArchiveEntry();
                if (bytes.size() > MAX_BYTES) throw new TargetException("function code in " + dir + " exceeds " + MAX_BYTES + " bytes zipped");
            }
        } catch (IOException e) {
            throw new TargetException("cannot zip function code " + dir + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    static int mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) m |= 1 << (8 - p.ordinal());
        return m;
    }
}

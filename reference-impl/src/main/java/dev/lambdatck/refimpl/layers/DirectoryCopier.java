package dev.lambdatck.refimpl.layers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies an unpacked function or layer directory into a {@link TreeWriter}, under the same rules as a zip:
 * permission bits kept, symlinks copied as links (and checked), special files refused, bytes counted.
 */
public final class DirectoryCopier {

    private DirectoryCopier() {
    }

    public static long size(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new InvalidArchiveException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return total[0];
    }

    public static void copy(Path source, String label, TreeWriter writer) {
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(source)) writer.directory(relative(source, dir), mode(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    List<String> path = relative(source, file);
                    if (attrs.isSymbolicLink()) {
                        writer.symlink(path, Files.readSymbolicLink(file).toString(), label);
                    } else if (attrs.isRegularFile()) {
                        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                            writer.file(path, in, mode(file));
                        }
                    } else {
                        throw new InvalidArchiveException(label + ": \"" + String.join("/", path)
                                + "\" is not a regular file, directory or symlink");
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (InvalidArchiveException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidArchiveException("cannot copy " + label + ": " + e.getMessage(), e);
        }
    }

    private static int mode(Path p) throws IOException {
        return Trees.mode(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> relative(Path root, Path p) {
        List<String> out = new ArrayList<>();
        for (Path part : root.relativize(p)) out.add(part.toString());
        return out;
    }
}

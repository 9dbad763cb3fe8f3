package dev.lambdatck.refimpl.faults;

import dev.lambdatck.refimpl.layers.ContentSource;
import dev.lambdatck.refimpl.layers.ExtractionBudget;
import dev.lambdatck.refimpl.layers.ExtractionLimits;
import dev.lambdatck.refimpl.layers.TreeWriter;
import dev.lambdatck.refimpl.layers.Trees;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/** Tree-side helpers of the layer faults: they alter an already prepared /opt or /var/task. Test machinery only. */
final class LayerFaultTrees {

    /** How {@link #rebuild} places each layer. */
    enum Placement {
        /** a layer's top-level entries replace whatever was there, directories included (no merge) */
        REPLACE_TOP_LEVEL,
        /** a layer holding a single top-level directory is unpacked from inside it */
        STRIP_SINGLE_TOP_DIRECTORY
    }

    private LayerFaultTrees() {
    }

    /** Empties {@code opt} and lays the layers into it again, one at a time, with the given (wrong) placement. */
    static void rebuild(Path opt, List<Path> layers, Placement placement) throws IOException {
        clear(opt);
        for (int i = 0; i < layers.size(); i++) {
            Path staging = opt.resolveSibling("opt-fault-staging-" + i);
            Trees.deleteRecursively(staging);
            TreeWriter w = new TreeWriter(staging, "/opt", new ExtractionBudget(ExtractionLimits.AWS));
            ContentSource.of(layers.get(i), "layer " + (i + 1)).extractInto(w);
            w.finish();
            Path from = staging;
            if (placement == Placement.STRIP_SINGLE_TOP_DIRECTORY) {
                List<Path> top = children(staging);
                if (top.size() == 1 && Files.isDirectory(top.get(0), LinkOption.NOFOLLOW_LINKS)) from = top.get(0);
            }
            for (Path child : children(from)) {
                Path target = opt.resolve(child.getFileName().toString());
                if (placement == Placement.REPLACE_TOP_LEVEL || !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
                        || !Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    Trees.deleteRecursively(target);
                    Files.move(child, target, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    mergeInto(child, target);
                }
            }
            Trees.deleteRecursively(staging);
        }
    }

    /** Copies every path of {@code from} that {@code to} does not have (files keep their modes; links stay links). */
    static void copyMissing(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path t = to.resolve(from.relativize(dir).toString());
                if (Files.exists(t, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(t);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path t = to.resolve(from.relativize(file).toString());
                if (!Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(file, t, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Replaces the content of {@code to} by a copy of {@code from}. */
    static void replaceWithCopy(Path from, Path to) throws IOException {
        clear(to);
        copyMissing(from, to);
    }

    /** Every regular file gets mode 0755 (the emulator habit of "fixing" permissions). */
    static void chmodFiles(Path root, int mode) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Files.setPosixFilePermissions(p, Trees.permissions(mode));
            }
        }
    }

    /** Relative links become regular files holding the link text (absolute ones stay) or absolute links are removed. */
    static void mangleLinks(Path root, boolean flattenRelative, boolean dropAbsolute) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isSymbolicLink).toList()) {
                String target = Files.readSymbolicLink(p).toString();
                boolean absolute = target.startsWith("/");
                if (absolute && dropAbsolute) {
                    Files.delete(p);
                } else if (!absolute && flattenRelative) {
                    Files.delete(p);
                    Files.writeString(p, target);
                }
            }
        }
    }

    static void clear(Path dir) throws IOException {
        for (Path c : children(dir)) Trees.deleteRecursively(c);
        Files.createDirectories(dir);
    }

    private static void mergeInto(Path fromDir, Path toDir) throws IOException {
        for (Path c : children(fromDir)) {
            Path t = toDir.resolve(c.getFileName().toString());
            if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
                mergeInto(c, t);
            } else {
                Trees.deleteRecursively(t);
                Files.move(c, t, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}

package dev.lambdatck.tck.runtimeapi.support;

import dev.lambdatck.core.target.TargetException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Function code directories and layer zips built from the fixture binary, in a temporary directory that
 * is removed when the JVM exits. The platform copies what it deploys, so one directory serves many deploys.
 */
public final class FunctionCode {

    private static final Path ROOT;
    private static final Map<String, Path> CACHE = new ConcurrentHashMap<>();

    static {
        try {
            ROOT = Files.createTempDirectory("lambda-tck-code-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(ROOT), "lambda-tck-code-cleanup"));
    }

    private FunctionCode() {
    }

    /** A code directory holding the fixture as an executable {@code bootstrap}. */
    public static Path fixture(Path fixtureBinary) {
        return CACHE.computeIfAbsent("fixture:" + fixtureBinary, k -> {
            Path dir = newDir("fixture");
            copyExecutable(fixtureBinary, dir.resolve("bootstrap"));
            return dir;
        });
    }

    /** A code directory with a data file but no {@code bootstrap}. */
    public static Path withoutBootstrap() {
        return CACHE.computeIfAbsent("empty", k -> {
            Path dir = newDir("no-bootstrap");
            write(dir.resolve("handler.txt"), "no bootstrap here\n");
            return dir;
        });
    }

    /** A code directory whose {@code bootstrap} exists but is not executable. */
    public static Path nonExecutableBootstrap(Path fixtureBinary) {
        return CACHE.computeIfAbsent("noexec:" + fixtureBinary, k -> {
            Path dir = newDir("noexec");
            Path b = dir.resolve("bootstrap");
            try {
                Files.copy(fixtureBinary, b);
                Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (IOException e) {
                throw new TargetException("cannot prepare function code: " + e.getMessage(), e);
            }
            return dir;
        });
    }

    /**
     * A layer zip whose {@code bootstrap} is a small shell wrapper that marks the environment with
     * {@code TCK_BOOTSTRAP_FROM=layer} and runs the fixture copied next to it, so a test can tell which
     * bootstrap the platform started.
     */
    public static Path layerWithBootstrap(Path fixtureBinary) {
        return CACHE.computeIfAbsent("layer:" + fixtureBinary, k -> {
            Path zip = newDir("layer").resolve("runtime-layer.zip");
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("bootstrap", ("#!/bin/sh\nTCK_BOOTSTRAP_FROM=layer\nexport TCK_BOOTSTRAP_FROM\n"
                    + "exec \"$(dirname \"$0\")/tck-fixture\" \"$@\"\n").getBytes(StandardCharsets.UTF_8));
            try {
                files.put("tck-fixture", Files.readAllBytes(fixtureBinary));
            } catch (IOException e) {
                throw new TargetException("cannot read the fixture " + fixtureBinary + ": " + e.getMessage(), e);
            }
            writeZip(zip, files, 0755);
            return zip;
        });
    }

    private static void writeZip(Path zip, Map<String, byte[]> files, int mode) {
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                ZipArchiveEntry e = new ZipArchiveEntry(f.getKey());
                e.setUnixMode(0100000 | mode);
                out.putArchiveEntry(e);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new TargetException("cannot write layer zip " + zip + ": " + e.getMessage(), e);
        }
    }

    private static Path newDir(String prefix) {
        try {
            return Files.createTempDirectory(ROOT, prefix + "-");
        } catch (IOException e) {
            throw new TargetException("cannot create a function code directory: " + e.getMessage(), e);
        }
    }

    private static void copyExecutable(Path from, Path to) {
        try {
            Files.copy(from, to);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new TargetException("cannot copy the fixture " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new TargetException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at exit
                }
            });
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}

package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.function.FunctionConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/** Shell bootstraps and output capture for environment tests. */
final class Fixtures {

    private Fixtures() {
    }

    static Path script(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    static FunctionConfig function(String name, Path code, Map<String, String> env, List<Path> layers) {
        return new FunctionConfig(name, null, code, "index.handler", env, null, 256, layers, 1, "eu-west-1", null);
    }

    /** Collects lines from both streams. */
    static final class Captured implements LogSink {
        final Queue<String> stdout = new ConcurrentLinkedQueue<>();
        final Queue<String> stderr = new ConcurrentLinkedQueue<>();

        @Override
        public void line(String line, boolean err) {
            (err ? stderr : stdout).add(line);
        }
    }

    static ExitStatus await(RuntimeProcess p) throws Exception {
        return p.onExit().get(15, TimeUnit.SECONDS);
    }

    /** Processes anywhere on the host whose command line contains {@code marker}. */
    static List<ProcessHandle> withMarker(String marker) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }

    static List<ProcessHandle> awaitMarker(String marker, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ProcessHandle> found = withMarker(marker);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            found = withMarker(marker);
        }
        return found;
    }

    static boolean awaitGone(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (withMarker(marker).isEmpty()) return true;
            Thread.sleep(20);
        }
        return withMarker(marker).isEmpty();
    }
}

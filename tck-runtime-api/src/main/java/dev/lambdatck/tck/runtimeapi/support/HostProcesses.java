package dev.lambdatck.tck.runtimeapi.support;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Processes of this host whose command line contains a marker. Lets lifecycle tests see whether processes
 * a function started are gone, when the target runs on the TCK's own host (embedded, rie); on a remote
 * target the marker is never seen and such tests are NOT_APPLICABLE.
 */
public final class HostProcesses {

    private HostProcesses() {
    }

    public static List<ProcessHandle> withMarker(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)
                        || p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .toList();
    }

    /** Polls until a process with the marker exists or the deadline passes. */
    public static boolean appears(String marker, Duration within, Duration poll) {
        long end = System.nanoTime() + within.toNanos();
        do {
            if (!withMarker(marker).isEmpty()) return true;
            sleep(poll);
        } while (System.nanoTime() < end);
        return false;
    }

    /** Polls until no process with the marker exists or the deadline passes; true when they are gone. */
    public static boolean gone(String marker, Duration within, Duration poll) {
        long end = System.nanoTime() + within.toNanos();
        do {
            if (withMarker(marker).stream().noneMatch(ProcessHandle::isAlive)) return true;
            sleep(poll);
        } while (System.nanoTime() < end);
        return false;
    }

    /** The live processes with the marker, each with its ancestry (pid, command), for a failure message. */
    public static String describe(String marker) {
        StringBuilder b = new StringBuilder();
        for (ProcessHandle p : withMarker(marker)) {
            if (!p.isAlive()) continue;
            b.append("\n  ").append(p.pid()).append(' ').append(p.info().commandLine().orElse("?"));
            Optional<ProcessHandle> parent = p.parent();
            for (int depth = 0; parent.isPresent() && depth < 6; depth++, parent = parent.get().parent()) {
                b.append("\n    <- ").append(parent.get().pid()).append(' ').append(parent.get().info().commandLine()
                        .map(c -> c.length() > 160 ? c.substring(0, 160) + "…" : c).orElse("?"));
            }
        }
        return b.length() == 0 ? " none" : b.toString();
    }

    /** Kills what a failed test left behind, so a broken target does not leak our marker processes. */
    public static void killAll(String marker) {
        withMarker(marker).forEach(ProcessHandle::destroyForcibly);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

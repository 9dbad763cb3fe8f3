package dev.lambdatck.tck.runtimeapi.support;

import java.time.Duration;
import java.util.List;

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

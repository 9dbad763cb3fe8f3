package dev.lambdatck.tck.adapters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Ends a process and everything it started, and waits (bounded) until they are gone. Besides the
 * descendants it kills their process groups: a runtime's background child whose parent shell exited is
 * no longer a descendant, but still in the group the emulator made for the runtime (what a container's
 * teardown would end).
 */
final class ProcessTrees {

    private ProcessTrees() {
    }

    static void kill(Process p, Duration wait) {
        if (p == null) return;
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        // a process started through setsid leads its own session: everything in it, orphans included, belongs to it
        boolean ownSession = field(p.pid(), 3).map(sid -> sid == p.pid()).orElse(false);
        Set<Long> groups = new LinkedHashSet<>();
        for (ProcessHandle h : all) processGroup(h.pid()).ifPresent(groups::add);
        all.forEach(ProcessHandle::destroyForcibly);
        long self = ProcessHandle.current().pid();
        Long ownGroup = processGroup(self).orElse(-1L);
        for (Long g : groups) {
            if (g <= 1 || g.equals(ownGroup)) continue; // never our own group
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + g).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            }
        }
        if (ownSession) {
            ProcessHandle.allProcesses().filter(h -> field(h.pid(), 3).map(sid -> sid == p.pid()).orElse(false))
                    .forEach(h -> {
                        all.add(h);
                        h.destroyForcibly();
                    });
        }
        long end = System.nanoTime() + wait.toNanos();
        for (ProcessHandle h : all) {
            long left = end - System.nanoTime();
            if (left <= 0) break;
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception ignored) {
                // best effort: the deadline is what matters
            }
        }
    }

    /** The process group of a Linux process, from /proc/PID/stat; empty elsewhere. */
    static java.util.Optional<Long> processGroup(long pid) {
        return field(pid, 2);
    }

    /** Field {@code index} after the command name in /proc/PID/stat (0 = state, 2 = pgrp, 3 = session). */
    static java.util.Optional<Long> field(long pid, int index) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.Optional.of(Long.parseLong(f[index]));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}

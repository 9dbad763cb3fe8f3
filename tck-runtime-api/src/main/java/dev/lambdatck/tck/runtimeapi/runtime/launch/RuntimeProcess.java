package dev.lambdatck.tck.runtimeapi.runtime.launch;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A started runtime: its output (bounded), its exit, and the end of its whole process tree. Closing it
 * kills the bootstrap and every process below it, found through {@link ProcessHandle#descendants()}
 * (watched while it runs, so children orphaned by their parent are still known) and through the
 * {@link ProcessMarker} every one of them inherits, and waits for them to be gone.
 */
public final class RuntimeProcess implements AutoCloseable {

    static final int HEAD_BYTES = 16 * 1024;
    static final int TAIL_BYTES = 48 * 1024;

    private final Process process;
    private final Map<String, String> environment;
    private final ProcessMarker marker;
    private final BoundedOutput output = new BoundedOutput(HEAD_BYTES, TAIL_BYTES);
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();
    private final Thread stdout;
    private final Thread stderr;
    private final long startedNanos = System.nanoTime();

    private RuntimeProcess(Process process, Map<String, String> environment, ProcessMarker marker) {
        this.process = process;
        this.environment = Map.copyOf(environment);
        this.marker = marker;
        this.stdout = pump(process.getInputStream(), "stdout");
        this.stderr = pump(process.getErrorStream(), "stderr");
        watch();
    }

    /** Notes the tree's members while it runs, so a child orphaned by its parent is still ours to kill. */
    private void watch() {
        Thread t = new Thread(() -> {
            while (process.isAlive()) {
                descendants();
                sleep(100);
            }
        }, "runtime-" + process.pid() + "-watch");
        t.setDaemon(true);
        t.start();
    }

    static RuntimeProcess started(Process p, Map<String, String> env, ProcessMarker marker) {
        return new RuntimeProcess(p, env, marker);
    }

    private Thread pump(InputStream in, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) output.write(buf, 0, n);
            } catch (IOException ignored) {
                // the process is gone or the stream was closed: nothing more to read
            }
        }, "runtime-" + process.pid() + "-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The environment the bootstrap was started with. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Its exit status, when it has exited. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Waits for the process to exit; empty when it is still running after {@code within}. */
    public OptionalInt awaitExit(Duration within) {
        try {
            if (process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) return OptionalInt.of(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.empty();
    }

    /** Milliseconds since the process was started. */
    public long uptimeMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** Sends SIGTERM to the bootstrap alone (on Linux, {@link Process#destroy()} is SIGTERM). */
    public void terminate() {
        process.destroy();
    }

    /** The processes currently below the bootstrap. */
    public List<ProcessHandle> descendants() {
        List<ProcessHandle> d = process.toHandle().descendants().toList();
        synchronized (seen) {
            seen.addAll(d);
        }
        return d;
    }

    /** Everything the process tree wrote to stdout and stderr so far (bounded). */
    public String output() {
        return output.text();
    }

    public long outputBytes() {
        return output.total();
    }

    /** A short description of its state for failure messages. */
    public String describe() {
        OptionalInt code = exitCode();
        String state = code.isPresent() ? "exited with status " + code.getAsInt() : "still running (pid " + pid() + ")";
        if (code.isPresent()) {
            // it has exited: let the pumps drain what it wrote last (a busy machine may not have read it yet)
            joinQuietly(stdout);
            joinQuietly(stderr);
        }
        String out = output();
        String tail = out.length() > 1500 ? "…" + out.substring(out.length() - 1500) : out;
        return "the runtime " + state + (tail.isBlank() ? "; it wrote nothing" : "; its output ends with:\n" + tail.strip());
    }

    /** Kills the process tree and waits (bounded) for every member to be gone. Never throws. */
    @Override
    public void close() {
        killTree(Duration.ofSeconds(5));
        joinQuietly(stdout);
        joinQuietly(stderr);
    }

    private void killTree(Duration within) {
        long end = System.nanoTime() + within.toNanos();
        ProcessHandle root = process.toHandle();
        Set<ProcessHandle> victims = new LinkedHashSet<>();
        while (true) {
            // collect first, then kill: once a parent dies its children are re-parented and no longer found below it
            victims.addAll(root.descendants().toList());
            synchronized (seen) {
                victims.addAll(seen);
            }
            victims.addAll(marker.processes());
            for (ProcessHandle p : List.copyOf(victims)) victims.addAll(p.descendants().toList());
            root.destroyForcibly();
            victims.forEach(ProcessHandle::destroyForcibly);
            boolean gone = !root.isAlive() && victims.stream().noneMatch(ProcessHandle::isAlive);
            if (gone || System.nanoTime() > end) break;
            sleep(10);
        }
        try {
            process.waitFor(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            // a grandchild that escaped may hold the pipe open; do not wait for it long
            t.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "runtime pid " + pid() + " (" + output.total() + " bytes of output)";
    }
}

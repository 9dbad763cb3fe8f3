package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.layers.Trees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A started bootstrap. The JVM's child is the namespace command (NAMESPACES), the supervisor (HOST) or the
 * bootstrap itself (HOST without perl); {@link #pid()} is always the bootstrap's own host pid. The exit status is
 * the supervisor's report of the bootstrap's real wait status, so a signal is never mistaken for 128+N.
 */
final class ProcessRuntime implements RuntimeProcess {

    /** Longest we wait for output readers after the process died (orphans holding the pipes are killed). */
    private static final long DRAIN_MILLIS = 2_000;
    private static final long KILL_WAIT_MILLIS = 5_000;

    private final Process process;
    private final Sandbox sandbox;
    private final Path runDir;
    private final OutputPump out;
    private final OutputPump err;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private volatile long bootstrapPid;
    private volatile boolean killedByUs;

    ProcessRuntime(Process process, Sandbox sandbox, Path runDir, OutputPump out, OutputPump err,
                   Consumer<ProcessRuntime> onGone) {
        this.process = process;
        this.sandbox = sandbox;
        this.runDir = runDir;
        this.out = out;
        this.err = err;
        this.bootstrapPid = process.pid();
        process.onExit().thenRunAsync(() -> {
            ExitStatus status = finalStatus();
            cleanUp();
            onGone.accept(this);
            exit.complete(status);
        });
    }

    void bootstrapPid(long pid) {
        this.bootstrapPid = pid;
    }

    @Override
    public long pid() {
        return bootstrapPid;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public CompletableFuture<ExitStatus> onExit() {
        return exit;
    }

    @Override
    public void killTree() {
        killedByUs = true;
        if (sandbox.mode() == IsolationMode.NAMESPACES) {
            // the namespace's PID 1 is the supervisor; when it dies the kernel kills every process in the namespace
            process.toHandle().children().forEach(ProcessHandle::destroyForcibly);
        } else {
            // the supervisor is a child subreaper: orphans are reparented to it and stay descendants
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < deadline) {
                List<ProcessHandle> rest = process.descendants().filter(ProcessHandle::isAlive).toList();
                if (rest.isEmpty()) break;
                rest.forEach(ProcessHandle::destroyForcibly);
                pause(5);
            }
        }
        process.destroyForcibly();
        try {
            exit.get(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            System.getLogger(ProcessRuntime.class.getName()).log(System.Logger.Level.WARNING,
                    "runtime process " + bootstrapPid + " did not go away within " + KILL_WAIT_MILLIS + " ms of SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // completion failures are reported through onExit
        }
    }

    @Override
    public void shutdown(long graceMillis) {
        if (!process.isAlive()) return;
        bootstrapHandle().ifPresent(ProcessHandle::destroy); // SIGTERM to the bootstrap itself
        try {
            exit.get(Math.max(0, graceMillis), TimeUnit.MILLISECONDS);
            return;
        } catch (TimeoutException e) {
            // fall through: grace is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // fall through
        }
        killTree();
    }

    /** The bootstrap's handle, only while it is still ours (guards against pid reuse). */
    private Optional<ProcessHandle> bootstrapHandle() {
        if (bootstrapPid == process.pid()) return Optional.of(process.toHandle());
        return process.descendants().filter(h -> h.pid() == bootstrapPid).findFirst();
    }

    private ExitStatus finalStatus() {
        Optional<String> reported = readStatusFile();
        if (reported.isPresent()) {
            String[] f = reported.get().trim().split(" ");
            try {
                if (f[0].equals("exit")) return ExitStatus.ofCode(Integer.parseInt(f[1]));
                if (f[0].equals("signal")) return ExitStatus.ofSignal(Integer.parseInt(f[1]));
            } catch (RuntimeException e) {
                // malformed: fall back to what the JVM saw
            }
        }
        if (killedByUs) return ExitStatus.ofSignal(9);
        int code = process.exitValue();
        // the JVM reports death by signal N as 128+N; without a supervisor report that is the best we know
        if (code > 128 && code < 128 + 32) return ExitStatus.ofSignal(code - 128);
        return ExitStatus.ofCode(code);
    }

    private Optional<String> readStatusFile() {
        if (runDir == null) return Optional.empty();
        try {
            return Optional.of(Files.readString(runDir.resolve("status"), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void cleanUp() {
        try {
            out.awaitEnd(DRAIN_MILLIS);
            err.awaitEnd(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (runDir != null) {
            try {
                Trees.deleteRecursively(runDir);
            } catch (IOException e) {
                // a leftover handshake file is harmless; the function directory goes on close
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.layers.Trees;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts one runtime process under a {@link Sandbox}: builds the command (namespace prefix, supervisor, bootstrap),
 * gives it exactly the Lambda environment, stdin from /dev/null, output to two {@link OutputPump}s, and waits for
 * the supervisor's handshake so that exec failures surface as {@link EnvironmentException}s, not as crashes.
 */
final class RuntimeStarter {

    /** Bound on building the view and exec-ing the bootstrap; typically a few tens of milliseconds. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    /** The supervisor's own environment (never seen by the bootstrap); LC_ALL=C keeps perl quiet about locales. */
    private static final Map<String, String> SUPERVISOR_ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C");

    private final Sandbox sandbox;
    private final boolean stdinOpenPipe;

    RuntimeStarter(Sandbox sandbox) {
        this(sandbox, false);
    }

    /** @param stdinOpenPipe the stdin-open-pipe fault: stdin is a pipe the JVM keeps open (never written, never closed) */
    RuntimeStarter(Sandbox sandbox, boolean stdinOpenPipe) {
        this.sandbox = sandbox;
        this.stdinOpenPipe = stdinOpenPipe;
    }

    /**
     * @param launch      what to start
     * @param runParent   directory under which a per-process directory (handshake, status) is created
     */
    ProcessRuntime start(Launch launch, Path runParent, LogSink logs, Consumer<ProcessRuntime> onGone) {
        Path runDir = null;
        List<String> command = new ArrayList<>(sandbox.prefix());
        try {
            if (sandbox.supervised()) {
                Files.createDirectories(runParent);
                runDir = Files.createTempDirectory(runParent, "p");
                command.add(sandbox.tools().perl());
                command.add(sandbox.supervisor().toString());
                command.add(runDir.resolve("handshake").toString());
                command.add(runDir.resolve("status").toString());
                command.add(writeEnvironment(runDir, launch.environment()).toString());
                command.add(launch.plan() == null ? "-" : launch.plan().toString());
                command.add(launch.root() == null ? "-" : launch.root().toString());
                command.add(launch.workdir());
                command.add(launch.program());
            } else {
                command.add(launch.program());
            }
        } catch (IOException e) {
            throw new EnvironmentException("Runtime.Unknown", "cannot create a run directory under " + runParent, e);
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        // a supervisor gets a plain environment of its own and passes launch.environment() on unchanged
        pb.environment().putAll(sandbox.supervised() ? SUPERVISOR_ENV : launch.environment());
        pb.directory(launch.hostWorkdir().toFile());
        if (!stdinOpenPipe) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            deleteQuietly(runDir);
            if (!sandbox.supervised()) { // the bootstrap itself failed to exec
                throw new EnvironmentException(BootstrapLocator.INVALID_ENTRYPOINT,
                        "fork/exec " + launch.viewProgram() + ": " + execReason(e.getMessage()), e);
            }
            throw new EnvironmentException("Runtime.Unknown", "cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        String name = "runtime-" + process.pid();
        OutputPump out = OutputPump.start(process.getInputStream(), logs, false, name + "-stdout");
        OutputPump err = OutputPump.start(process.getErrorStream(), logs, true, name + "-stderr");
        // the handshake is read before ProcessRuntime exists: its exit handler deletes the run directory
        String handshake = sandbox.supervised() ? awaitHandshake(process, runDir.resolve("handshake")) : "ok " + process.pid();
        ProcessRuntime runtime = new ProcessRuntime(process, sandbox, runDir, out, err, onGone);
        if (handshake != null && handshake.startsWith("ok ")) {
            runtime.bootstrapPid(Long.parseLong(handshake.substring(3).trim()));
            return runtime;
        }
        boolean alive = process.isAlive();
        runtime.killTree();
        if (handshake == null) {
            throw new EnvironmentException("Runtime.Unknown", alive
                    ? "the runtime process did not start within " + HANDSHAKE_TIMEOUT_MILLIS + " ms"
                    : "the runtime supervisor exited (" + process.exitValue() + ") before starting the bootstrap");
        }
        String detail = handshake.substring("error ".length());
        if (detail.startsWith("exec ")) {
            throw new EnvironmentException(BootstrapLocator.INVALID_ENTRYPOINT,
                    "fork/exec " + launch.viewProgram() + ": " + detail.substring("exec ".length()));
        }
        throw new EnvironmentException("Runtime.Unknown",
                "could not set up the execution environment: " + detail.replaceFirst("^setup ", ""));
    }

    /** @return the handshake line ("ok PID" / "error ..."), or null when none came before exit or the deadline */
    private static String awaitHandshake(Process process, Path handshake) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_TIMEOUT_MILLIS);
        long pause = 1;
        String line = null;
        while (System.nanoTime() < deadline) {
            line = readLine(handshake);
            if (line != null || !process.isAlive()) break;
            sleep(pause);
            pause = Math.min(20, pause * 2);
        }
        if (line == null) line = readLine(handshake); // the supervisor may have written it just before exiting
        return line;
    }

    private static Path writeEnvironment(Path runDir, Map<String, String> env) throws IOException {
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\0'));
        Path file = runDir.resolve("environment");
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        return file;
    }

    /** "Cannot run program ...: error=13, Permission denied" -> "permission denied" (Go's wording). */
    static String execReason(String message) {
        if (message == null) return "exec failed";
        int i = message.lastIndexOf(", ");
        String reason = i >= 0 ? message.substring(i + 2) : message;
        return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }

    private static String readLine(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            return s.endsWith("\n") ? s.trim() : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("Runtime.Unknown", "interrupted while starting the runtime", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try {
            Trees.deleteRecursively(dir);
        } catch (IOException e) {
            // nothing useful to do
        }
    }

    /**
     * One process to start.
     *
     * @param program     what to exec: a view path in NAMESPACES mode, a host path otherwise
     * @param viewProgram the bootstrap as the function sees it, for error messages
     * @param workdir     the working directory as the program sees it
     * @param hostWorkdir the same directory on the host (the JVM's child starts there)
     * @param plan        mount plan file (NAMESPACES), else null
     * @param root        directory the private root is mounted on (NAMESPACES), else null
     */
    record Launch(String program, String viewProgram, String workdir, Path hostWorkdir, Path plan, Path root,
                  Map<String, String> environment) {
    }
}

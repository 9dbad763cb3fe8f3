package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.layers.Trees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Decides the isolation mode once, by really starting a probe bootstrap through each candidate the way functions
 * will be started (mount plan, chroot, exec) and checking what it sees: /var/task read-only with the bootstrap in
 * it, /opt present, /tmp writable. First success wins: mount+PID namespaces as root, then an unprivileged user
 * namespace ({@code unshare -Urm}); otherwise HOST mode.
 */
final class IsolationProbe {

    private static final long PROBE_TIMEOUT_MILLIS = 10_000;

    private static final String PROBE_BOOTSTRAP = """
            #!/bin/sh
            [ -x /var/task/bootstrap ] || { echo "no /var/task/bootstrap"; exit 10; }
            [ -d /opt ] || { echo "no /opt"; exit 11; }
            if ( : > /var/task/.probe ) 2>/dev/null; then echo "/var/task is writable"; exit 12; fi
            ( : > /tmp/.probe ) || { echo "/tmp is not writable"; exit 13; }
            exit 0
            """;

    private IsolationProbe() {
    }

    static Sandbox detect(HostTools tools, Path supervisor, Path workRoot, boolean allowNamespaces) {
        if (tools.perl() == null) {
            return new Sandbox(IsolationMode.HOST, List.of(), tools, null,
                    "perl not found: no supervisor, so no namespaces, and a death by signal N is inferred from exit code 128+N");
        }
        if (!allowNamespaces) {
            return new Sandbox(IsolationMode.HOST, List.of(), tools, supervisor, "namespaces disabled by configuration");
        }
        if (tools.unshare() == null || tools.mount() == null) {
            return new Sandbox(IsolationMode.HOST, List.of(), tools, supervisor, "util-linux unshare/mount not found");
        }
        List<String> failures = new ArrayList<>();
        List<String> common = List.of("--mount", "--pid", "--fork", "--kill-child", "--propagation", "private");
        if (tools.uid() == 0) {
            List<String> prefix = new ArrayList<>(List.of(tools.unshare()));
            prefix.addAll(common);
            String failure = probe(new Sandbox(IsolationMode.NAMESPACES, prefix, tools, supervisor, ""), workRoot);
            if (failure == null) {
                return new Sandbox(IsolationMode.NAMESPACES, prefix, tools, supervisor,
                        "running as root and mount+PID namespaces work (unshare --mount --pid)");
            }
            failures.add("as root: " + failure);
        }
        List<String> prefix = new ArrayList<>(List.of(tools.unshare(), "--user", "--map-root-user"));
        prefix.addAll(common);
        String failure = probe(new Sandbox(IsolationMode.NAMESPACES, prefix, tools, supervisor, ""), workRoot);
        if (failure == null) {
            return new Sandbox(IsolationMode.NAMESPACES, prefix, tools, supervisor,
                    "unprivileged user+mount+PID namespaces work (unshare -Urm --pid)");
        }
        failures.add("user namespace: " + failure);
        return new Sandbox(IsolationMode.HOST, List.of(), tools, supervisor,
                "namespaces are not available here (" + String.join("; ", failures) + ")");
    }

    /** @return null when the candidate works, else why not */
    static String probe(Sandbox candidate, Path workRoot) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory(workRoot, ".probe-");
            Path task = Files.createDirectories(dir.resolve("task"));
            Path opt = Files.createDirectories(dir.resolve("opt"));
            Path root = Files.createDirectories(dir.resolve("root"));
            Path bootstrap = task.resolve("bootstrap");
            Files.writeString(bootstrap, PROBE_BOOTSTRAP, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path plan = dir.resolve("mount-plan");
            Files.writeString(plan, MountPlan.build(candidate.tools().mount(), root, task, opt));
            ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
            RuntimeStarter.Launch launch = new RuntimeStarter.Launch(BootstrapLocator.TASK_BOOTSTRAP,
                    BootstrapLocator.TASK_BOOTSTRAP, "/var/task", task, plan, root, Map.of("PATH", "/usr/bin:/bin"));
            ProcessRuntime rt;
            try {
                rt = new RuntimeStarter(candidate).start(launch, dir.resolve("run"), (l, e) -> output.add(l), r -> {
                });
            } catch (EnvironmentException e) {
                return e.getMessage() + detail(output);
            }
            ExitStatus status;
            try {
                status = rt.onExit().get(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                rt.killTree();
                return "probe did not finish within " + PROBE_TIMEOUT_MILLIS + " ms";
            }
            if (status.code() != null && status.code() == 0) return null;
            return "probe bootstrap ended with " + status.describe() + detail(output);
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            if (dir != null) {
                try {
                    Trees.deleteRecursively(dir);
                } catch (IOException e) {
                    // leftovers in our own work root only
                }
            }
        }
    }

    private static String detail(ConcurrentLinkedQueue<String> output) {
        if (output.isEmpty()) return "";
        String all = String.join(" | ", output);
        return " [" + (all.length() > 300 ? all.substring(0, 300) + "..." : all) + "]";
    }
}

package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.layers.ExtractionLimits;
import dev.lambdatck.refimpl.layers.TestZips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Behaviour that holds in every isolation mode; {@link NamespacesModeTest} and {@link HostModeTest} run it with
 * the detected mode and with HOST forced.
 */
abstract class LauncherBehaviourTest {

    @TempDir
    static Path shared;

    static ProcessEnvironmentLauncher launcher;

    @TempDir
    Path tmp;

    static void startLauncher(boolean allowNamespaces) {
        launcher = new ProcessEnvironmentLauncher(shared.resolve("work"), ExtractionLimits.AWS, allowNamespaces);
    }

    @AfterAll
    static void stop() {
        launcher.close();
    }

    /** LAMBDA_TASK_ROOT as the bootstrap sees it in this mode. */
    abstract String taskRoot(PreparedFunction fn);

    abstract String optRoot(PreparedFunction fn);

    Map<String, String> environmentSeenBy(PreparedFunction fn) throws Exception {
        Fixtures.Captured out = new Fixtures.Captured();
        ExitStatus status = Fixtures.await(fn.start("127.0.0.1:9001", out));
        assertThat(status).isEqualTo(ExitStatus.ofCode(0));
        Map<String, String> env = new HashMap<>();
        for (String line : out.stdout) {
            int eq = line.indexOf('=');
            if (eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    @Test
    void bootstrapGetsExactlyTheDocumentedEnvironment() throws Exception {
        // the environment block the shell was started with, unaffected by its own additions (PWD...)
        Fixtures.script(tmp.resolve("code"), "bootstrap", "tr '\\0' '\\n' < /proc/$$/environ");
        Map<String, String> custom = new HashMap<>();
        custom.put("MY_VAR", "mine");
        custom.put("AWS_REGION", "evil-1");
        custom.put("LAMBDA_TASK_ROOT", "/evil");
        custom.put("_HANDLER", "evil");
        custom.put("_PRIVATE", "x");
        custom.put("_X_AMZN_TRACE_ID", "Root=1-evil");
        custom.put("AWS_LAMBDA_RUNTIME_API", "10.0.0.1:1");
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("envfn", tmp.resolve("code"), custom, List.of()))) {
            Map<String, String> env = environmentSeenBy(fn);
            String task = taskRoot(fn);
            String opt = optRoot(fn);
            assertThat(env).containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
                    .containsEntry("_HANDLER", "index.handler")
                    .containsEntry("LAMBDA_TASK_ROOT", task)
                    .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "envfn")
                    .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                    .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
                    .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/envfn")
                    .containsEntry("AWS_REGION", "eu-west-1")
                    .containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
                    .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
                    .containsEntry("LANG", "en_US.UTF-8")
                    .containsEntry("TZ", ":UTC")
                    .containsEntry("PATH", "/usr/local/bin:/usr/bin/:/bin:" + opt + "/bin")
                    .containsEntry("MY_VAR", "mine")
                    .containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR",
                            "LD_LIBRARY_PATH")
                    .doesNotContainKeys("_PRIVATE", "_X_AMZN_TRACE_ID", "AWS_EXECUTION_ENV", "HOME", "PWD", "JAVA_HOME");
            assertThat(env.get("LD_LIBRARY_PATH")).startsWith("/lib64:/usr/lib64:").endsWith(":" + task + "/lib:" + opt + "/lib");
            assertThat(env.get("AWS_LAMBDA_LOG_STREAM_NAME")).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
            assertThat(env).hasSize(20);
        }
    }

    @Test
    void unreservedDefaultsCanBeOverridden() throws Exception {
        Fixtures.script(tmp.resolve("code"), "bootstrap", "tr '\\0' '\\n' < /proc/$$/environ");
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("pathfn", tmp.resolve("code"),
                Map.of("PATH", "/usr/bin:/bin", "TZ", "Europe/Paris"), List.of()))) {
            assertThat(environmentSeenBy(fn)).containsEntry("PATH", "/usr/bin:/bin").containsEntry("TZ", "Europe/Paris");
        }
    }

    @Test
    void discoveryPrefersTaskThenOptAndSkipsDirectories() throws Exception {
        Fixtures.script(tmp.resolve("both"), "bootstrap", "echo task");
        Path layer = TestZips.zip().file("bootstrap", "#!/bin/sh\necho opt\n", 0755).writeTo(tmp.resolve("layer.zip"));
        Files.createDirectories(tmp.resolve("dironly/bootstrap"));
        Files.createDirectories(tmp.resolve("empty"));
        assertThat(firstLine("both", tmp.resolve("both"), layer)).isEqualTo("task");
        assertThat(firstLine("dironly", tmp.resolve("dironly"), layer)).isEqualTo("opt");
        assertThat(firstLine("layeronly", tmp.resolve("empty"), layer)).isEqualTo("opt");
    }

    private String firstLine(String name, Path code, Path layer) throws Exception {
        try (PreparedFunction fn = launcher.prepare(Fixtures.function(name, code, Map.of(), List.of(layer)))) {
            Fixtures.Captured out = new Fixtures.Captured();
            assertThat(Fixtures.await(fn.start("127.0.0.1:1", out))).isEqualTo(ExitStatus.ofCode(0));
            return out.stdout.peek();
        }
    }

    @Test
    void missingOrNonExecutableBootstrapIsInvalidEntrypoint() throws Exception {
        Files.createDirectories(tmp.resolve("none"));
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("none", tmp.resolve("none"), Map.of(), List.of()))) {
            assertThatThrownBy(() -> fn.start("127.0.0.1:1", new Fixtures.Captured()))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessage("Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]")
                    .extracting(e -> ((EnvironmentException) e).errorType()).isEqualTo("Runtime.InvalidEntrypoint");
        }
        Path code = TestZips.zip().file("bootstrap", "#!/bin/sh\necho hi\n", 0644).writeTo(tmp.resolve("noexec.zip"));
        Path layer = TestZips.zip().file("bootstrap", "#!/bin/sh\necho opt\n", 0755).writeTo(tmp.resolve("l.zip"));
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("noexec", code, Map.of(), List.of(layer)))) {
            assertThatThrownBy(() -> fn.start("127.0.0.1:1", new Fixtures.Captured()))
                    .hasMessage("fork/exec /var/task/bootstrap: permission denied")
                    .extracting(e -> ((EnvironmentException) e).errorType()).isEqualTo("Runtime.InvalidEntrypoint");
        }
    }

    @Test
    void badInterpreterIsInvalidEntrypoint() throws Exception {
        // CRLF after the shebang: the kernel looks for "/bin/sh\r"
        Path code = TestZips.zip().file("bootstrap", "#!/bin/sh\r\necho hi\r\n", 0755).writeTo(tmp.resolve("crlf.zip"));
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("crlf", code, Map.of(), List.of()))) {
            assertThatThrownBy(() -> fn.start("127.0.0.1:1", new Fixtures.Captured()))
                    .hasMessage("fork/exec /var/task/bootstrap: no such file or directory")
                    .extracting(e -> ((EnvironmentException) e).errorType()).isEqualTo("Runtime.InvalidEntrypoint");
        }
    }

    @Test
    void exitCodesAndSignalsAreTellApart() throws Exception {
        assertThat(statusOf("exit 3")).isEqualTo(ExitStatus.ofCode(3));
        assertThat(statusOf("exit 137")).isEqualTo(ExitStatus.ofCode(137));
        ExitStatus killed = statusOf("kill -KILL $$");
        assertThat(killed).isEqualTo(new ExitStatus(null, "SIGKILL"));
        assertThat(killed.describe()).isEqualTo("signal: killed");
        assertThat(statusOf("kill -SEGV $$")).isEqualTo(new ExitStatus(null, "SIGSEGV"));
    }

    private ExitStatus statusOf(String body) throws Exception {
        Path code = tmp.resolve("st" + Math.abs(body.hashCode()));
        Fixtures.script(code, "bootstrap", body);
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("status", code, Map.of(), List.of()))) {
            return Fixtures.await(fn.start("127.0.0.1:1", new Fixtures.Captured()));
        }
    }

    @Test
    void killTreeLeavesNoDescendant() throws Exception {
        String marker = "98765" + (100 + (int) (Math.random() * 800));
        // a child in the background, one that left the process group, and an orphan (parent already gone)
        Fixtures.script(tmp.resolve("code"), "bootstrap", "sleep " + marker + " &\nsetsid sleep " + marker + " &\n"
                + "(sleep " + marker + " &)\necho started\nexec sleep " + marker);
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("tree", tmp.resolve("code"), Map.of(), List.of()))) {
            RuntimeProcess p = fn.start("127.0.0.1:1", new Fixtures.Captured());
            assertThat(Fixtures.awaitMarker(marker, 4)).hasSize(4);
            assertThat(p.isAlive()).isTrue();
            p.killTree();
            assertThat(Fixtures.awaitGone(marker)).as("no sleep " + marker + " left").isTrue();
            assertThat(p.isAlive()).isFalse();
            assertThat(Fixtures.await(p)).isEqualTo(new ExitStatus(null, "SIGKILL"));
        }
    }

    @Test
    void bootstrapExitTakesItsChildrenAlong() throws Exception {
        String marker = "98764" + (100 + (int) (Math.random() * 800));
        Fixtures.script(tmp.resolve("code"), "bootstrap", "(sleep " + marker + " &)\nsleep " + marker + " &\n"
                + "while ! [ \"$(pgrep -c -f 'sleep " + marker + "')\" -ge 2 ]; do sleep 0.01; done\nexit 4");
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("orphans", tmp.resolve("code"), Map.of(), List.of()))) {
            assertThat(Fixtures.await(fn.start("127.0.0.1:1", new Fixtures.Captured()))).isEqualTo(ExitStatus.ofCode(4));
            assertThat(Fixtures.awaitGone(marker)).isTrue();
        }
    }

    @Test
    void shutdownSendsSigtermThenKills() throws Exception {
        Fixtures.script(tmp.resolve("polite"), "bootstrap", "trap 'echo got-term; exit 0' TERM\necho ready\n"
                + "while :; do sleep 0.05; done");
        Fixtures.script(tmp.resolve("stubborn"), "bootstrap", "trap '' TERM\necho ready\nwhile :; do sleep 0.05; done");
        try (PreparedFunction polite = launcher.prepare(Fixtures.function("polite", tmp.resolve("polite"), Map.of(), List.of()));
             PreparedFunction stubborn = launcher.prepare(Fixtures.function("stubborn", tmp.resolve("stubborn"), Map.of(), List.of()))) {
            Fixtures.Captured out = new Fixtures.Captured();
            RuntimeProcess p = polite.start("127.0.0.1:1", out);
            awaitLine(out, "ready");
            p.shutdown(5_000);
            assertThat(Fixtures.await(p)).isEqualTo(ExitStatus.ofCode(0));
            assertThat(out.stdout).contains("got-term");

            Fixtures.Captured out2 = new Fixtures.Captured();
            RuntimeProcess s = stubborn.start("127.0.0.1:1", out2);
            awaitLine(out2, "ready");
            long t0 = System.nanoTime();
            s.shutdown(300);
            assertThat(Fixtures.await(s)).isEqualTo(new ExitStatus(null, "SIGKILL"));
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(250L, 5_000L);
        }
    }

    private static void awaitLine(Fixtures.Captured out, String line) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!out.stdout.contains(line) && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(out.stdout).contains(line);
    }

    @Test
    void outputIsDeliveredLineByLineWithLongLinesSplit() throws Exception {
        Fixtures.script(tmp.resolve("code"), "bootstrap", "echo out1\necho err1 >&2\necho out2\n"
                + "head -c 300000 /dev/zero | tr '\\0' 'a'\necho\nprintf 'no-newline-at-end'");
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("logs", tmp.resolve("code"), Map.of(), List.of()))) {
            Fixtures.Captured out = new Fixtures.Captured();
            assertThat(Fixtures.await(fn.start("127.0.0.1:1", out))).isEqualTo(ExitStatus.ofCode(0));
            List<String> lines = new ArrayList<>(out.stdout);
            assertThat(lines.get(0)).isEqualTo("out1");
            assertThat(lines.get(1)).isEqualTo("out2");
            assertThat(lines.get(2)).hasSize(OutputPump.MAX_LINE_BYTES);
            assertThat(lines.get(3)).hasSize(300_000 - OutputPump.MAX_LINE_BYTES);
            assertThat(lines.get(4)).isEqualTo("no-newline-at-end");
            assertThat(out.stderr).containsExactly("err1");
        }
    }

    @Test
    void permissionsFromLayerZipsSurviveSoALayerBootstrapRuns() throws Exception {
        Path layer = TestZips.zip().file("bootstrap", "#!/bin/sh\n/opt/bin/helper\n", 0755)
                .file("bin/helper", "#!/bin/sh\necho helped\n", 0755).writeTo(tmp.resolve("rt.zip"));
        Files.createDirectories(tmp.resolve("code"));
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("perm", tmp.resolve("code"), Map.of(), List.of(layer)))) {
            if (launcher.isolationMode() == IsolationMode.HOST) return; // /opt/bin/helper is a view path
            Fixtures.Captured out = new Fixtures.Captured();
            assertThat(Fixtures.await(fn.start("127.0.0.1:1", out))).isEqualTo(ExitStatus.ofCode(0));
            assertThat(out.stdout).containsExactly("helped");
        }
    }

    @Test
    void prepareRefusesBadPackagesWithClearErrors() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.zip"), "not a zip");
        assertThatThrownBy(() -> launcher.prepare(Fixtures.function("junk", junk, Map.of(), List.of())))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageStartingWith("Could not unzip uploaded file. Please check your file, then try to upload again.")
                .extracting(e -> ((EnvironmentException) e).errorType()).isEqualTo("InvalidParameterValueException");
        Path slip = TestZips.zip().file("../../etc/cron.d/x", "boom").writeTo(tmp.resolve("slip.zip"));
        assertThatThrownBy(() -> launcher.prepare(Fixtures.function("slip", slip, Map.of(), List.of())))
                .isInstanceOf(EnvironmentException.class).hasMessageContaining("escape");
        Files.createDirectories(tmp.resolve("code"));
        List<Path> six = List.of(junk, junk, junk, junk, junk, junk);
        assertThatThrownBy(() -> launcher.prepare(Fixtures.function("six", tmp.resolve("code"), Map.of(), six)))
                .hasMessage("Cannot reference more than 5 layers.");
        // nothing half-prepared is left behind
        try (var dirs = Files.list(launcher.workRoot())) {
            assertThat(dirs.map(d -> d.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("junk") || n.startsWith("slip") || n.startsWith("six"));
        }
    }

    @Test
    void closeKillsRunningProcessesAndDeletesTheTrees() throws Exception {
        String marker = "98763" + (100 + (int) (Math.random() * 800));
        Fixtures.script(tmp.resolve("code"), "bootstrap", "exec sleep " + marker);
        PreparedFunction fn = launcher.prepare(Fixtures.function("closing", tmp.resolve("code"), Map.of(), List.of()));
        RuntimeProcess p = fn.start("127.0.0.1:1", new Fixtures.Captured());
        assertThat(Fixtures.awaitMarker(marker, 1)).hasSize(1);
        fn.close();
        assertThat(Fixtures.awaitGone(marker)).isTrue();
        assertThat(p.isAlive()).isFalse();
        assertThat(fn.codeDir()).doesNotExist();
    }
}

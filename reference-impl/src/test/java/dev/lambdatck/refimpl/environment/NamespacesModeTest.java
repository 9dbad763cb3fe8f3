package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.layers.TestZips;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The detected mode (NAMESPACES here when root or user namespaces work), plus view checks that need it. */
class NamespacesModeTest extends LauncherBehaviourTest {

    @BeforeAll
    static void start() {
        startLauncher(true);
    }

    @Override
    String taskRoot(PreparedFunction fn) {
        return launcher.isolationMode() == IsolationMode.NAMESPACES ? "/var/task" : fn.codeDir().toString();
    }

    @Override
    String optRoot(PreparedFunction fn) {
        return launcher.isolationMode() == IsolationMode.NAMESPACES ? "/opt" : fn.optDir().toString();
    }

    private static void assumeNamespaces() {
        assumeTrue(launcher.isolationMode() == IsolationMode.NAMESPACES,
                "NAMESPACES mode not available here (" + launcher.isolationReason() + "): path-dependent checks skipped");
    }

    @Test
    void viewHasCodeAndLayersReadOnlyAndAPrivateTmp() throws Exception {
        assumeNamespaces();
        boolean hostVarTask = Files.exists(Path.of("/var/task"));
        Path code = TestZips.zip().file("bootstrap", String.join("\n", "#!/bin/sh",
                "cat /var/task/data.txt /opt/lib/one.txt /opt/lib/two.txt /opt/shared.txt; echo",
                "pwd",
                "( : > /var/task/new ) 2>/dev/null && echo task-writable",
                "( : > /opt/new ) 2>/dev/null && echo opt-writable",
                "echo scratch > /tmp/scratch && cat /tmp/scratch",
                "ls /tmp | wc -l",
                "[ -e /work ] && echo host-work-visible",
                "echo done"), 0755).file("data.txt", "code-data").writeTo(Files.createTempFile(tmp, "c", ".zip"));
        Path l1 = TestZips.zip().file("lib/one.txt", "layer-one").file("shared.txt", "from-1").writeTo(tmp.resolve("l1.zip"));
        Path l2 = TestZips.zip().file("lib/two.txt", "layer-two").file("shared.txt", "from-2").writeTo(tmp.resolve("l2.zip"));
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("view", code, Map.of(), List.of(l1, l2)))) {
            Fixtures.Captured out = new Fixtures.Captured();
            assertThat(Fixtures.await(fn.start("127.0.0.1:1", out))).isEqualTo(ExitStatus.ofCode(0));
            assertThat(out.stdout).containsExactly("code-datalayer-onelayer-twofrom-2", "/var/task", "scratch", "1", "done");
        }
        assertThat(Files.exists(Path.of("/var/task"))).as("host /var/task untouched").isEqualTo(hostVarTask);
        assertThat(Path.of("/tmp/scratch")).doesNotExist();
    }

    @Test
    void eachProcessHasItsOwnTmp() throws Exception {
        assumeNamespaces();
        Fixtures.script(tmp.resolve("code"), "bootstrap",
                "if [ -e /tmp/mine ]; then echo seen-other; fi\necho x > /tmp/mine\necho ready\nexec sleep 30");
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("tmps", tmp.resolve("code"), Map.of(), List.of()))) {
            Fixtures.Captured a = new Fixtures.Captured();
            Fixtures.Captured b = new Fixtures.Captured();
            RuntimeProcess pa = fn.start("127.0.0.1:1", a);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!a.stdout.contains("ready") && System.nanoTime() < deadline) Thread.sleep(10);
            RuntimeProcess pb = fn.start("127.0.0.1:1", b);
            while (!b.stdout.contains("ready") && System.nanoTime() < deadline) Thread.sleep(10);
            pa.killTree();
            pb.killTree();
            assertThat(a.stdout).containsExactly("ready");
            assertThat(b.stdout).containsExactly("ready");
        }
    }

    @Test
    void bootstrapIsNotPidOneSoItCanSignalItself() throws Exception {
        assumeNamespaces();
        Fixtures.script(tmp.resolve("code"), "bootstrap", "echo $$");
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("pid", tmp.resolve("code"), Map.of(), List.of()))) {
            Fixtures.Captured out = new Fixtures.Captured();
            RuntimeProcess p = fn.start("127.0.0.1:1", out);
            Fixtures.await(p);
            assertThat(out.stdout).containsExactly("2");
            assertThat(p.pid()).isGreaterThan(2);
        }
    }
}

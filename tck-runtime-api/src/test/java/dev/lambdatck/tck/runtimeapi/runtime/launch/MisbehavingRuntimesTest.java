package dev.lambdatck.tck.runtimeapi.runtime.launch;

import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;
import dev.lambdatck.tck.runtimeapi.runtime.RuntimeSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runtimes that hang, crash, flood or hide children: each must end within its bounds and leave no process. */
class MisbehavingRuntimesTest {

    static final TckTimeouts T = new TckTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(10),
            Duration.ofMillis(200), Duration.ofSeconds(20));

    @TempDir
    Path dir;

    Path script(String body) throws IOException {
        Path p = dir.resolve("bootstrap");
        Files.writeString(p, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    TargetDescriptor target(Path bootstrap, Map<String, String> options) {
        return new TargetDescriptor("misbehaving", null, RuntimeTarget.ADAPTER, List.of(bootstrap.toString()), null,
                Set.of("core"), Map.of(), options);
    }

    RuntimeProcess launch(Path bootstrap) {
        return new RuntimeLauncher(RuntimeTarget.from(target(bootstrap, Map.of()))).launch("127.0.0.1:9", Map.of());
    }

    @Test
    void startsWithTheDocumentedEnvironmentAndNoTraceId() throws Exception {
        Path b = script("env > \"$LAMBDA_TASK_ROOT/env.txt\"; pwd > \"$LAMBDA_TASK_ROOT/pwd.txt\"");
        Path root = Files.createDirectory(dir.resolve("task"));
        RuntimeTarget t = RuntimeTarget.from(target(b, Map.of("task-root", root.toString(), "handler", "app.handle",
                "env", "FOO=bar\nEMPTY=", "env.BAZ", "q=x")));
        try (RuntimeProcess p = new RuntimeLauncher(t).launch("127.0.0.1:1234", Map.of("AWS_REGION", "eu-west-1"))) {
            assertThat(p.awaitExit(Duration.ofSeconds(5))).hasValue(0);
        }
        List<String> env = Files.readAllLines(root.resolve("env.txt"));
        assertThat(env).contains("AWS_LAMBDA_RUNTIME_API=127.0.0.1:1234", "_HANDLER=app.handle", "LAMBDA_TASK_ROOT=" + root,
                "AWS_LAMBDA_FUNCTION_NAME=lambda-tck-runtime", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", "AWS_REGION=eu-west-1", "FOO=bar", "EMPTY=", "BAZ=q=x");
        assertThat(env).anyMatch(l -> l.startsWith("AWS_LAMBDA_LOG_GROUP_NAME=")).anyMatch(l -> l.startsWith("AWS_LAMBDA_LOG_STREAM_NAME="))
                .anyMatch(l -> l.startsWith("LAMBDA_RUNTIME_DIR=")).anyMatch(l -> l.startsWith("AWS_ACCESS_KEY_ID="))
                .noneMatch(l -> l.startsWith("_X_AMZN_TRACE_ID=")).noneMatch(l -> l.startsWith("HOME="));
        assertThat(Files.readString(root.resolve("pwd.txt")).strip()).isEqualTo(root.toString());
    }

    @Test
    @Timeout(30)
    void aFloodingRuntimeIsDrainedButKeptBounded() throws Exception {
        Path b = script("head -c 30000000 /dev/zero | tr '\\0' x; echo; echo the-end >&2; sleep 60");
        try (RuntimeProcess p = launch(b)) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (p.outputBytes() < 30_000_000 && System.nanoTime() < end) Thread.sleep(20);
            assertThat(p.outputBytes()).isGreaterThanOrEqualTo(30_000_000);
            String text = p.output();
            assertThat(text.length()).isLessThan(RuntimeProcess.HEAD_BYTES + RuntimeProcess.TAIL_BYTES + 200);
            assertThat(text).contains("bytes of output not kept");
        }
    }

    @Test
    @Timeout(30)
    void closingKillsTheWholeTreeIncludingOrphansAndSigtermIgnorers() throws Exception {
        Path pids = dir.resolve("pids");
        // a child ignoring SIGTERM, and a grandchild whose parent exits at once (re-parented away from the bootstrap)
        Path b = script("trap '' TERM; (trap '' TERM; sleep 300) & echo $! >> " + pids + "; "
                + "( (sleep 300 & echo $! >> " + pids + ") ); exec sleep 300");
        List<Long> started = new ArrayList<>();
        try (RuntimeProcess p = launch(b)) {
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < end && (!Files.exists(pids) || Files.readAllLines(pids).size() < 2)) Thread.sleep(20);
            for (String l : Files.readAllLines(pids)) started.add(Long.parseLong(l.strip()));
            assertThat(started).hasSize(2);
            Thread.sleep(250); // let the watcher see the tree
            started.add(p.pid());
        }
        for (long pid : started) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d alive after close", pid).isFalse();
        }
    }

    @Test
    @Timeout(30)
    void aRuntimeThatCrashesAtStartEndsItsTestQuicklyWithAClearError() throws Exception {
        Path b = script("echo 'cannot start: no handler' >&2; exit 3");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> RuntimeSessions.firstNext(target(b, Map.of()), T))
                .isInstanceOf(TargetException.class).hasMessageContaining("did not call GET /next")
                .hasMessageContaining("exited with status 3").hasMessageContaining("cannot start: no handler");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(T.start().toMillis());
    }

    @Test
    @Timeout(30)
    void aRuntimeThatHangsAtStartEndsItsTestAtTheStartTimeout() throws Exception {
        Path pids = dir.resolve("hang.pid");
        Path b = script("echo $$ > " + pids + "; sleep 300");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> RuntimeSessions.firstNext(target(b, Map.of()), T))
                .isInstanceOf(TargetException.class).hasMessageContaining("still running");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isBetween(T.start().toMillis() - 100, T.start().toMillis() + 5000);
        long pid = Long.parseLong(Files.readString(pids).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aMissingOrNonExecutableBootstrapIsATargetError() throws Exception {
        assertThatThrownBy(() -> RuntimeTarget.from(target(dir.resolve("nope"), Map.of())))
                .isInstanceOf(TargetException.class).hasMessageContaining("does not exist");
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> RuntimeTarget.from(target(plain, Map.of())))
                .isInstanceOf(TargetException.class).hasMessageContaining("not executable");
        assertThatThrownBy(() -> RuntimeTarget.from(target(script("true"), Map.of("env", "NOEQUALS"))))
                .isInstanceOf(TargetException.class).hasMessageContaining("not K=V");
    }

    @Test
    void aDescriptorWithoutABootstrapIsATargetError() {
        TargetDescriptor d = new TargetDescriptor("x", null, RuntimeTarget.ADAPTER, List.of(), null, Set.of(), Map.of(), Map.of());
        assertThatThrownBy(() -> RuntimeSessions.firstNext(d, T)).isInstanceOf(TargetException.class)
                .hasMessageContaining("needs command: [path of the bootstrap]");
    }
}

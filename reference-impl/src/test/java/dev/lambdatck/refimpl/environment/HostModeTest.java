package dev.lambdatck.refimpl.environment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** HOST mode forced: paths are host directories, mapped through the environment. */
class HostModeTest extends LauncherBehaviourTest {

    @BeforeAll
    static void start() {
        startLauncher(false);
    }

    @Override
    String taskRoot(PreparedFunction fn) {
        return fn.codeDir().toString();
    }

    @Override
    String optRoot(PreparedFunction fn) {
        return fn.optDir().toString();
    }

    @Test
    void modeIsHostAndWorkingDirectoryIsTheCodeDir() throws Exception {
        assertThat(launcher.isolationMode()).isEqualTo(IsolationMode.HOST);
        Fixtures.script(tmp.resolve("code"), "bootstrap", "pwd");
        try (PreparedFunction fn = launcher.prepare(Fixtures.function("cwd", tmp.resolve("code"), Map.of(), List.of()))) {
            Fixtures.Captured out = new Fixtures.Captured();
            Fixtures.await(fn.start("127.0.0.1:1", out));
            assertThat(out.stdout).containsExactly(fn.codeDir().toString());
        }
    }
}

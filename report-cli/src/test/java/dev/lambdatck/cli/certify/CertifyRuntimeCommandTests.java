package dev.lambdatck.cli.certify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdatck.cli.Cli;
import dev.lambdatck.cli.ExitCodes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class CertifyRuntimeCommandTests {

    @TempDir
    Path dir;

    static Path rustFixture() {
        return Path.of("..", "fixtures-runtimes", "rust", "target", "bootstrap").toAbsolutePath().normalize();
    }

    private Path script(String body) throws Exception {
        Path p = dir.resolve("bootstrap");
        Files.writeString(p, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void a_missing_bootstrap_is_a_usage_error() {
        Cli.Result r = Cli.run("certify-runtime", "--bootstrap", dir.resolve("nope").toString(), "--out", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--bootstrap:").contains("does not exist");
    }

    @Test
    void bad_env_and_unknown_capabilities_are_usage_errors() throws Exception {
        Path b = script("exit 0");
        Cli.Result env = Cli.run("certify-runtime", "--bootstrap", b.toString(), "--env", "NOEQUALS", "--out", dir.resolve("o").toString());
        assertThat(env.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(env.err()).contains("--env: 'NOEQUALS' is not K=V");
        Cli.Result cap = Cli.run("certify-runtime", "--bootstrap", b.toString(), "--capability", "teleport", "--out", dir.resolve("o").toString());
        assertThat(cap.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cap.err()).contains("unknown capability 'teleport'").contains("fixture-protocol");
    }

    @Test
    void the_help_names_the_options() {
        Cli.Result r = Cli.run("certify-runtime", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--bootstrap", "--task-root", "--handler", "--env", "--capability", "--expectations", "--strict", "--out");
    }

    @Test
    @Timeout(120)
    void a_runtime_that_never_calls_next_is_a_void_run() throws Exception {
        Path b = script("echo 'no runtime here' >&2; exit 7");
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("certify-runtime", "--bootstrap", b.toString(), "--rule", "RTC-LOOP-001,RTC-PAYLOAD-001",
                "--timeout", "start=2s", "--no-allure", "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.VOID_OR_HARNESS_ERROR);
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.path("verdict").asText()).isEqualTo("VOID");
        assertThat(results.path("verdictReason").asText()).contains("did not call GET /next");
    }

    @Test
    @Timeout(120)
    void the_rust_fixture_is_conformant_and_every_output_is_written() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(rustFixture()), "the Rust fixture is not built");
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("certify-runtime", "--bootstrap", rustFixture().toString(), "--capability", "core,fixture-protocol",
                "--rule", "RTC-LOOP-001,RTC-LOOP-004,RTC-ERR-002,RTC-INIT-001", "--no-allure", "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.CONFORMANT);
        for (String f : new String[]{"results.json", "junit.xml", "summary.md", "runtime-target.yaml"}) {
            assertThat(out.resolve(f)).exists();
        }
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.path("target").path("adapter").asText()).isEqualTo("runtime-binary");
        assertThat(results.path("suites").toString()).contains("runtime");
        assertThat(results.path("rules").findValuesAsText("outcome")).containsOnly("PASS");
        assertThat(Files.readString(out.resolve("runtime-target.yaml"))).contains("adapter: runtime-binary").contains("fixture-protocol");
    }
}

package dev.lambdatck.tck.adapters;

import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rie adapter's process handling, with a stand-in emulator: a shell script that parses the emulator's
 * command line and serves one HTTP answer with the environment it was given (no AWS binary needed).
 */
class RieTargetTest {

    @TempDir
    Path dir;

    Path fakeEmulator() throws Exception {
        Path f = dir.resolve("fake-rie");
        Files.writeString(f, """
                #!/usr/bin/env bash
                # fake aws-lambda-rie: --runtime-interface-emulator-address H:P --runtime-api-address H:Q BOOTSTRAP
                while [ $# -gt 1 ]; do case "$1" in --runtime-interface-emulator-address) addr="$2"; shift 2;; *) shift;; esac; done
                port="${addr##*:}"
                sleep 30 &  # a child, to check the tree is killed
                body="name=$AWS_LAMBDA_FUNCTION_NAME timeout=$AWS_LAMBDA_FUNCTION_TIMEOUT memory=$AWS_LAMBDA_FUNCTION_MEMORY_SIZE handler=$AWS_LAMBDA_FUNCTION_HANDLER k=$K cwd=$PWD"
                echo "fake emulator listening on $port"
                exec python3 -c '
                import http.server, sys
                body = sys.argv[2].encode()
                class H(http.server.BaseHTTPRequestHandler):
                    def do_POST(self):
                        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                    def log_message(self, *a): pass
                http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
                ' "$port" "$body"
                """);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    @Test
    void runsOneEmulatorPerFunctionAndKillsItsTreeOnClose() throws Exception {
        Path code = Files.createDirectory(dir.resolve("code"));
        Files.writeString(code.resolve("bootstrap"), "#!/bin/sh\n");
        TargetDescriptor d = new TargetDescriptor("fake", null, "rie", List.of(fakeEmulator().toString()), null, Set.of(), Map.of(), Map.of());
        try (PlatformTarget t = new RieTargetProvider().create(d)) {
            t.start();
            DeployedFunction fn = t.deploy(FunctionSpec.of("tck-fn", code).withEnvironment(Map.of("K", "v"))
                    .withTimeout(Duration.ofMillis(1500)).withHandler("h.main"));
            assertThat(fn.invokeUrl().getPath()).isEqualTo("/2015-03-31/functions/function/invocations");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(fn.invokeUrl())
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("name=tck-fn timeout=2 memory=128 handler=h.main k=v cwd=" + code.toRealPath());
            List<ProcessHandle> tree = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(dir.toString())).toList();
            assertThat(fn.logs()).contains("fake emulator listening");
            fn.close();
            for (ProcessHandle p : tree) assertThat(p.isAlive()).as("process %s ended", p.pid()).isFalse();
        }
    }

    @Test
    void refusesLayersAndAMissingCommand() throws Exception {
        TargetDescriptor none = new TargetDescriptor("fake", null, "rie", List.of(), null, Set.of(), Map.of(), Map.of());
        try (PlatformTarget t = new RieTargetProvider().create(none)) {
            assertThatThrownBy(t::start).isInstanceOf(TargetException.class).hasMessageContaining("command");
        }
        TargetDescriptor d = new TargetDescriptor("fake", null, "rie", List.of(fakeEmulator().toString()), null, Set.of(), Map.of(), Map.of());
        try (PlatformTarget t = new RieTargetProvider().create(d)) {
            t.start();
            assertThatThrownBy(() -> t.deploy(FunctionSpec.of("x", dir).withLayers(List.of(dir.resolve("l.zip")))))
                    .isInstanceOf(TargetException.class).hasMessageContaining("layers");
        }
    }

    @Test
    void saysSoWhenTheEmulatorDiesAtOnce() throws Exception {
        Path dies = dir.resolve("dies");
        Files.writeString(dies, "#!/bin/sh\necho 'cannot start' >&2\nexit 4\n");
        Files.setPosixFilePermissions(dies, PosixFilePermissions.fromString("rwxr-xr-x"));
        TargetDescriptor d = new TargetDescriptor("fake", null, "rie", List.of(dies.toString()), null, Set.of(), Map.of(), Map.of());
        try (PlatformTarget t = new RieTargetProvider().create(d)) {
            t.start();
            assertThatThrownBy(() -> t.deploy(FunctionSpec.of("x", dir))).isInstanceOf(TargetException.class)
                    .hasMessageContaining("exited with status 4").hasMessageContaining("cannot start");
        }
    }
}

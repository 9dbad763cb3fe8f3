package dev.lambdatck.refimpl.extensions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.environment.ProcessEnvironmentLauncher;
import dev.lambdatck.refimpl.environment.RuntimeProcess;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.http.Json;
import dev.lambdatck.refimpl.layers.ExtractionLimits;
import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.support.ExtScript;
import dev.lambdatck.refimpl.support.Harness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.lambdatck.refimpl.support.ExtScript.awaitLine;
import static dev.lambdatck.refimpl.support.Harness.invoke;
import static dev.lambdatck.refimpl.support.Harness.invokeAsync;
import static dev.lambdatck.refimpl.support.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The Extensions API of the reference platform, through real extension processes (bash + curl). */
class ExtensionsApiTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    @TempDir
    static Path tmp;
    static Harness h;

    @BeforeAll
    static void up() {
        h = Harness.start(tmp.resolve("platform"), Duration.ofMillis(1500));
    }

    @AfterAll
    static void down() {
        h.close();
    }

    static DeployedFunctionHandle deploy(Duration timeout, Map<String, String> extensions) {
        return h.deployWithExtensions(timeout, Map.of(), extensions);
    }

    static JsonNode eventBody(String line) throws Exception {
        return Json.MAPPER.readTree(line.substring(line.indexOf('{')));
    }

    // ---------------------------------------------------------------- registration

    @Test
    void registrationAnswersIdentifierAndFunctionFacts() throws Exception {
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(3), Map.of("e1", ExtScript.of("\"INVOKE\"", "",
                "say id $ID", ":")))) {
            assertThat(text(invoke(f, "x"))).isEqualTo("x");
            JsonNode body = eventBody(awaitLine(f, "ext e1 register", WAIT));
            assertThat(awaitLine(f, "ext e1 register", WAIT)).contains(" 200 ");
            assertThat(body.path("functionName").asText()).isEqualTo(f.config().name());
            assertThat(body.path("functionVersion").asText()).isEqualTo("$LATEST");
            assertThat(body.path("handler").asText()).isEqualTo("function.handler");
            assertThat(awaitLine(f, "ext e1 id", WAIT)).matches("ext e1 id [0-9a-f-]{36}");
        }
    }

    @Test
    void registrationErrors() {
        String attempts = String.join("; ",
                "call POST register --data-binary '{\"events\":[\"INVOKE\"]}'; say noname $S $B",
                "call POST register -H 'Lambda-Extension-Name: x' --data-binary '{\"events\":[\"INVOKE\",\"PING\"]}'; say badevent $S $B",
                "call POST register -H 'Lambda-Extension-Name: x' --data-binary 'not json'; say malformed $S $B");
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(3), Map.of("e1", ExtScript.of("\"INVOKE\"", attempts, "",
                "call POST register -H 'Lambda-Extension-Name: late' --data-binary '{\"events\":[\"INVOKE\"]}'; say late $S $B")))) {
            assertThat(text(invoke(f, "x"))).isEqualTo("x");
            assertThat(awaitLine(f, "ext e1 noname", WAIT)).contains(" 403 ").contains("\"errorType\":\"Extension.InvalidExtensionName\"");
            assertThat(awaitLine(f, "ext e1 badevent", WAIT)).contains(" 403 ").contains("\"errorType\":\"Extension.InvalidEventType\"");
            assertThat(awaitLine(f, "ext e1 malformed", WAIT)).contains(" 400 ").contains("\"errorType\":\"InvalidRequestFormat\"");
            assertThat(awaitLine(f, "ext e1 late", WAIT)).contains(" 403 ").contains("\"errorType\":\"Extension.RegistrationClosed\"");
            assertThat(awaitLine(f, "ext e1 register", WAIT)).contains(" 200 "); // the refusals registered nothing
        }
    }

    @Test
    void eleventhExtensionIsRefusedAndInitGoesOnWithoutIt() throws Exception {
        Map<String, String> exts = new LinkedHashMap<>();
        for (int i = 1; i <= 11; i++) exts.put(String.format("e%02d", i), ExtScript.simple("\"INVOKE\""));
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(5), exts)) {
            HttpResponse<byte[]> r = invokeAsync(f.invokeUrl(), "x".getBytes()).get(10, TimeUnit.SECONDS);
            assertThat(text(r)).isEqualTo("x");
            Harness.await("eleven registrations", WAIT, () -> ExtScript.count(f, "ext e") >= 11 + 10);
            assertThat(f.logs().lines().filter(l -> l.matches("ext e\\d\\d register 403 .*Extension.TooManyExtensions.*")).count()).isEqualTo(1);
            assertThat(f.logs().lines().filter(l -> l.matches("ext e\\d\\d register 200 .*")).count()).isEqualTo(10);
        }
    }

    // ---------------------------------------------------------------- events

    @Test
    void invokeEventMirrorsTheRuntimesHeadersAndShutdownOnlyGetsNone() throws Exception {
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(3), Map.of("e1", ExtScript.simple("\"INVOKE\""),
                "s1", ExtScript.simple("\"SHUTDOWN\"")))) {
            String headers = text(invoke(f.invokeUrl(), "headers".getBytes(), "X-Amzn-Trace-Id",
                    "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"));
            Map<String, String> hs = new LinkedHashMap<>();
            headers.lines().filter(l -> l.contains(":")).forEach(l -> hs.put(l.substring(0, l.indexOf(':')).toLowerCase(),
                    l.substring(l.indexOf(':') + 1).trim()));
            JsonNode ev = eventBody(awaitLine(f, "ext e1 event 200", WAIT));
            assertThat(ev.path("eventType").asText()).isEqualTo("INVOKE");
            assertThat(ev.path("requestId").asText()).isEqualTo(hs.get("lambda-runtime-aws-request-id"));
            assertThat(ev.path("deadlineMs").asText()).isEqualTo(hs.get("lambda-runtime-deadline-ms"));
            assertThat(ev.path("invokedFunctionArn").asText()).isEqualTo(hs.get("lambda-runtime-invoked-function-arn"));
            assertThat(ev.path("tracing").path("type").asText()).isEqualTo("X-Amzn-Trace-Id");
            assertThat(ev.path("tracing").path("value").asText()).startsWith("Root=1-5759e988-bd862e3fe1be46a994272793");
            assertThat(ev.has("payload")).isFalse();
            assertThat(text(invoke(f, "second"))).isEqualTo("second");
            assertThat(ExtScript.line(f, "ext s1 event")).isEmpty();
        }
    }

    @Test
    void nextInvocationWaitsForExtensionsButTheInvokerDoesNot() {
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(5), Map.of("e1", ExtScript.of("\"INVOKE\"", "", "", "sleep 1; say done")))) {
            invoke(f, "warm");
            awaitLine(f, "ext e1 done", WAIT);
            long t0 = System.nanoTime();
            assertThat(text(invoke(f, "a"))).isEqualTo("a");
            Duration first = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(first).as("the invoker gets its answer while the extension still works").isLessThan(Duration.ofMillis(800));
            assertThat(text(invoke(f, "b"))).isEqualTo("b");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(900));
        }
    }

    @Test
    void initWaitsForEveryRegisteredExtension() {
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(3), Map.of("e1", ExtScript.of("\"INVOKE\"", "",
                "sleep 0.6; say ready $(date +%s%3N)", ":")))) {
            long before = System.currentTimeMillis();
            assertThat(text(invoke(f, "x"))).isEqualTo("x");
            long ready = Long.parseLong(awaitLine(f, "ext e1 ready", WAIT).split(" ")[3]);
            assertThat(ready).isGreaterThan(before);
            String event = awaitLine(f, "ext e1 event 200", WAIT);
            assertThat(Long.parseLong(event.split(" ")[4])).isGreaterThanOrEqualTo(ready);
        }
    }

    @Test
    void extensionThatNeverRegistersTimesInitOut() {
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(1), Map.of("quiet", "#!/bin/sh\nexec sleep 60\n"))) {
            assertThat(text(invoke(f, "x"))).contains("Sandbox.Timedout");
        }
    }

    // ---------------------------------------------------------------- shutdown

    @Test
    void shutdownReasons() throws Exception {
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(1), Map.of("e1", ExtScript.simple(ExtScript.BOTH)))) {
            assertThat(text(invoke(f, "sleep:5"))).contains("Sandbox.Timedout");
            JsonNode ev = eventBody(awaitShutdown(f, 1));
            assertThat(ev.path("shutdownReason").asText()).isEqualTo("timeout");
            assertThat(text(invoke(f, "crash:3"))).contains("Runtime.ExitError");
            assertThat(eventBody(awaitShutdown(f, 2)).path("shutdownReason").asText()).isEqualTo("failure");
            invoke(f, "x");
            long before = System.currentTimeMillis();
            f.close();
            JsonNode last = eventBody(awaitShutdown(f, 3));
            assertThat(last.path("shutdownReason").asText()).isEqualTo("spindown");
            assertThat(last.path("deadlineMs").asLong()).isGreaterThan(before);
        }
    }

    private static String awaitShutdown(DeployedFunctionHandle f, int nth) {
        Harness.await("SHUTDOWN event " + nth, WAIT, () -> f.logs().lines().filter(l -> l.contains("\"SHUTDOWN\"")).count() >= nth);
        return f.logs().lines().filter(l -> l.contains("\"SHUTDOWN\"")).skip(nth - 1).findFirst().orElseThrow();
    }

    @Test
    void extensionProcessesEndWithTheEnvironment() throws Exception {
        DeployedFunctionHandle f = deploy(Duration.ofSeconds(3), Map.of("e1", ExtScript.of("\"INVOKE\"", "", "say pid $$", ":")));
        invoke(f, "x");
        long pid = Long.parseLong(awaitLine(f, "ext e1 pid", WAIT).split(" ")[3]);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);
        assertThat(text(invoke(f, "crash:2"))).contains("Runtime.ExitError"); // reset: not SHUTDOWN-registered, killed at once
        Harness.await("the extension ended with the reset", WAIT, () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        invoke(f, "again");
        Harness.await("a new extension process", WAIT, () -> ExtScript.count(f, "ext e1 pid") == 2);
        long second = Long.parseLong(f.logs().lines().filter(l -> l.startsWith("ext e1 pid")).skip(1).findFirst().orElseThrow().split(" ")[3]);
        f.close();
        Harness.await("the extension ended with its function", WAIT, () -> ProcessHandle.of(second).map(p -> !p.isAlive()).orElse(true));
    }

    // ---------------------------------------------------------------- failures

    @Test
    void launchErrorFailsInit() {
        Map<String, String> exts = new LinkedHashMap<>();
        exts.put("noexec", null);
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(3), exts)) {
            HttpResponse<byte[]> r = invoke(f, "x");
            assertThat(r.headers().firstValue("X-Amz-Function-Error")).isPresent();
            assertThat(text(r)).contains("\"errorType\":\"Extension.LaunchError\"");
        }
    }

    @Test
    void initErrorTypes() {
        String report = "call POST init/error -H \"Lambda-Extension-Identifier: $ID\" -H \"Lambda-Extension-Function-Error-Type: $TYPE\";"
                + " say initerror $S; TMO=2 call GET event/next -H \"Lambda-Extension-Identifier: $ID\"; say after $S $B; exit 1";
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(3), Map.of("e1", ExtScript.of("\"INVOKE\"", "TYPE=Extension.Custom", report, ":")))) {
            HttpResponse<byte[]> r = invoke(f, "x");
            assertThat(r.headers().firstValue("X-Amz-Function-Error")).isPresent();
            assertThat(text(r)).contains("\"errorType\":\"Extension.Custom\"");
            assertThat(awaitLine(f, "ext e1 initerror", WAIT)).isEqualTo("ext e1 initerror 202");
            assertThat(awaitLine(f, "ext e1 after", WAIT)).contains(" 403 ");
        }
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(3), Map.of("e1", ExtScript.of("\"INVOKE\"", "TYPE=bogus", report, ":")))) {
            assertThat(text(invoke(f, "x"))).contains("\"errorType\":\"Extension.InitError\"");
        }
    }

    @Test
    void crashingExtensionResetsWithExtensionCrash() {
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(3), Map.of("e1", ExtScript.of("\"INVOKE\"", "", "",
                "N=$((N+1)); [ $N -ge 2 ] && exit 7")))) {
            assertThat(text(invoke(f, "x"))).isEqualTo("x");
            invoke(f, "y"); // the runtime answers; the extension then crashes (at its second INVOKE)
            Harness.await("the reset", WAIT, () -> f.logs().contains("Extension.Crash"));
            assertThat(text(invoke(f, "after"))).isEqualTo("after"); // a fresh environment
        }
    }

    @Test
    void crashBeforeRegisteringFailsThePendingInvocation() {
        try (DeployedFunctionHandle f = deploy(Duration.ofSeconds(3), Map.of("e1", "#!/bin/sh\nexit 3\n"))) {
            assertThat(text(invoke(f, "x"))).contains("\"errorType\":\"Extension.Crash\"");
        }
    }

    @Test
    void withoutExtensionsNothingChanges() {
        try (DeployedFunctionHandle f = h.deploy(Harness.multiRuntime(), Duration.ofSeconds(3), 1, Map.of())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 5; i++) assertThat(text(invoke(f, "n" + i))).isEqualTo("n" + i);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    // ---------------------------------------------------------------- the real launcher

    @Test
    void realLauncherGivesExtensionsTheirEnvironment() throws Exception {
        Path work = Files.createTempDirectory(tmp, "launch");
        Path code = Files.createDirectories(work.resolve("code"));
        Path layer = Files.createDirectories(work.resolve("layer/extensions"));
        Files.writeString(layer.resolve("envdump"), "#!/bin/sh\nenv | sort\npwd\necho done\n");
        Files.setPosixFilePermissions(layer.resolve("envdump"), PosixFilePermissions.fromString("rwxr-xr-x"));
        FunctionConfig fn = new FunctionConfig("ext-env", null, code, "tck.handler", Map.of("CUSTOM", "v"), Duration.ofSeconds(3),
                128, List.of(work.resolve("layer")), 1, null, null);
        try (ProcessEnvironmentLauncher launcher = new ProcessEnvironmentLauncher(work.resolve("root"), ExtractionLimits.AWS, true);
             PreparedFunction prepared = launcher.prepare(fn)) {
            StringBuffer out = new StringBuffer();
            RuntimeProcess p = prepared.startExtension("envdump", "127.0.0.1:9", (line, stderr) -> out.append(line).append('\n'));
            p.onExit().get(10, TimeUnit.SECONDS);
            Harness.await("the extension's output", WAIT, () -> out.toString().contains("done"));
            assertThat(out.toString()).contains("AWS_LAMBDA_RUNTIME_API=127.0.0.1:9\n").contains("CUSTOM=v\n")
                    .contains("AWS_LAMBDA_FUNCTION_NAME=ext-env\n")
                    .doesNotContain("_HANDLER=").doesNotContain("LAMBDA_TASK_ROOT=").doesNotContain("LAMBDA_RUNTIME_DIR=")
                    .doesNotContain("AWS_EXECUTION_ENV=");
            Files.setPosixFilePermissions(prepared.optDir().resolve("extensions/envdump"), PosixFilePermissions.fromString("rw-r--r--"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> prepared.startExtension("envdump", "127.0.0.1:9", (l, e) -> { }))
                    .hasMessageContaining("/opt/extensions/envdump");
        }
    }
}

package dev.lambdatck.tck.runtimeapi.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The generated test extensions against a small in-test Extensions API (JDK HttpServer on loopback): they register,
 * log every answer as one parseable line, leave after SHUTDOWN, and report errors as scripted.
 */
class ExtensionScriptTest {

    private HttpServer server;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger events = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && onPath("curl"), "needs /bin/sh and curl");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/2020-01-01/extension/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String id = x.getRequestHeaders().getFirst("Lambda-Extension-Identifier");
        String name = x.getRequestHeaders().getFirst("Lambda-Extension-Name");
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(x.getRequestMethod() + " " + path + " name=" + name + " id=" + id + " " + body);
        if (path.endsWith("/register")) {
            if (name == null) {
                reply(x, 403, Map.of(), "{\"errorMessage\":\"no name\",\"errorType\":\"Extension.InvalidExtensionName\"}");
            } else {
                reply(x, 200, Map.of("Lambda-Extension-Identifier", "id-" + name), "{\"functionName\":\"f\",\"functionVersion\":\"$LATEST\",\"handler\":\"h\"}");
            }
        } else if (path.endsWith("/event/next")) {
            if (!("id-" + "probe").equals(id)) {
                reply(x, 403, Map.of(), "{\"errorMessage\":\"bad id\",\"errorType\":\"Extension.InvalidExtensionIdentifier\"}");
            } else if (events.incrementAndGet() == 1) {
                reply(x, 200, Map.of("Lambda-Extension-Event-Identifier", "ev-1"),
                        "{\"eventType\":\"INVOKE\",\"deadlineMs\":1,\"requestId\":\"r-1\",\"invokedFunctionArn\":\"arn\"}");
            } else {
                reply(x, 200, Map.of("Lambda-Extension-Event-Identifier", "ev-2"),
                        "{\"eventType\":\"SHUTDOWN\",\n \"shutdownReason\":\"spindown\",\"deadlineMs\":2}");
            }
        } else {
            reply(x, 202, Map.of(), "{\"status\":\"OK\"}");
        }
    }

    private static void reply(HttpExchange x, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private List<ExtensionLog.Line> run(ExtensionScript script, Path dir) throws Exception {
        Path file = dir.resolve(script.name());
        Files.writeString(file, script.text());
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
        pb.environment().put("_HANDLER", "h");
        Process p = pb.start();
        try {
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the extension ended; stderr:%n%s", err).isTrue();
            return ExtensionLog.parse(err);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void registersLogsEveryEventAndLeavesOnShutdown(@TempDir Path dir) throws Exception {
        List<ExtensionLog.Line> lines = run(ExtensionScript.named("probe", "tck-ext-test").registerWithoutName("register-noname", "INVOKE"), dir);
        List<String> labels = new ArrayList<>(lines.stream().map(ExtensionLog.Line::label).toList());
        assertThat(labels).containsExactly("start", "env", "register-noname", "register", "next-call", "event", "next-call", "event", "bye");
        ExtensionLog.Line env = ExtensionLog.first(lines, "probe", "env").orElseThrow();
        assertThat(env.field("api")).hasValue("127.0.0.1:" + server.getAddress().getPort());
        assertThat(env.field("private")).hasValue("_HANDLER,");
        ExtensionLog.Line noName = ExtensionLog.first(lines, "probe", "register-noname").orElseThrow();
        assertThat(noName.status()).isEqualTo(403);
        assertThat(ErrorDoc.of(noName.body()).map(ErrorDoc::errorType)).hasValue("Extension.InvalidExtensionName");
        ExtensionLog.Line reg = ExtensionLog.first(lines, "probe", "register").orElseThrow();
        assertThat(reg.status()).isEqualTo(200);
        assertThat(reg.header("lambda-extension-identifier")).hasValue("id-probe");
        assertThat(reg.json().path("handler").asText()).isEqualTo("h");
        List<ExtensionLog.Line> ev = ExtensionLog.of(lines, "probe", "event");
        assertThat(ev.get(0).json().path("requestId").asText()).isEqualTo("r-1");
        assertThat(ev.get(0).header("Lambda-Extension-Event-Identifier")).hasValue("ev-1");
        assertThat(ev.get(1).json().path("shutdownReason").asText()).as("a body with a line break still parses").isEqualTo("spindown");
        assertThat(ev.get(1).timeMs()).isGreaterThan(1_600_000_000_000L);
        assertThat(requests).anyMatch(r -> r.startsWith("POST /2020-01-01/extension/register name=probe") && r.endsWith("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}"));
    }

    @Test
    void reportsAnInitErrorAndTriesFurtherCalls(@TempDir Path dir) throws Exception {
        List<ExtensionLog.Line> lines = run(ExtensionScript.named("probe", "tck-ext-test").initError("Tck.ExtensionFailed"), dir);
        assertThat(lines).extracting(ExtensionLog.Line::label).containsExactly("start", "env", "register", "init-error", "after-next", "after-exit-error", "bye");
        assertThat(ExtensionLog.first(lines, "probe", "init-error").orElseThrow().status()).isEqualTo(202);
        assertThat(requests).anyMatch(r -> r.startsWith("POST /2020-01-01/extension/init/error name=null id=id-probe"));
    }

    @Test
    void pausesAfterAnInvokeAndReportsExitErrors(@TempDir Path dir) throws Exception {
        List<ExtensionLog.Line> lines = run(ExtensionScript.named("probe", "tck-ext-test").pauseAfterInvoke(300).exitErrorOnInvoke("Extension.TckQuit"), dir);
        assertThat(lines).extracting(ExtensionLog.Line::label)
                .containsExactly("start", "env", "register", "next-call", "event", "exit-error", "after-next", "after-exit-error", "bye");
        assertThat(ExtensionLog.first(lines, "probe", "after-next").orElseThrow().status()).isEqualTo(200);
    }

    @Test
    void pausesBeforeAskingAgain(@TempDir Path dir) throws Exception {
        List<ExtensionLog.Line> lines = run(ExtensionScript.named("probe", "tck-ext-test").pauseAfterInvoke(400), dir);
        List<ExtensionLog.Line> calls = ExtensionLog.of(lines, "probe", "next-call");
        ExtensionLog.Line invoke = ExtensionLog.of(lines, "probe", "event").get(0);
        assertThat(calls.get(1).timeMs() - invoke.timeMs()).isGreaterThanOrEqualTo(390);
    }

    @Test
    void writesALayerWithModes() throws Exception {
        Path zip = ExtensionLayer.of(ExtensionScript.named("a", "m")).add(ExtensionScript.named("b", "m"), 0644).write();
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            List<String> entries = new ArrayList<>();
            for (ZipArchiveEntry e : java.util.Collections.list(z.getEntries())) entries.add(e.getName() + " " + Integer.toOctalString(e.getUnixMode()));
            assertThat(entries).containsExactly("extensions/ 40755", "extensions/a 100755", "extensions/b 100644");
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(d, program))) return true;
        return false;
    }
}

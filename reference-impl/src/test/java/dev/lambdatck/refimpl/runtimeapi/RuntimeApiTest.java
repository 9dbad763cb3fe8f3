package dev.lambdatck.refimpl.runtimeapi;

import dev.lambdatck.refimpl.support.Harness;
import dev.lambdatck.refimpl.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.lambdatck.refimpl.support.Harness.invokeAsync;
import static org.assertj.core.api.Assertions.assertThat;

/** The Runtime API spoken by the test itself (the bootstrap only reports its address). */
class RuntimeApiTest {

    static final String P = "/2018-06-01/runtime/invocation/";
    @TempDir
    static Path tmp;
    static Harness h;

    @BeforeAll
    static void up() {
        h = Harness.start(tmp);
    }

    @AfterAll
    static void down() {
        h.close();
    }

    record Started(Harness.Puppet puppet, String api, CompletableFuture<HttpResponse<byte[]>> invoker) {
    }

    static Started start(byte[] payload, String... headers) {
        Harness.Puppet p = h.puppet(Duration.ofSeconds(10));
        var f = invokeAsync(p.function().invokeUrl(), payload, headers);
        return new Started(p, p.api(), f);
    }

    static RawHttp.Response next(String api) {
        return RawHttp.exchange(api, "GET " + P + "next HTTP/1.1");
    }

    static RawHttp.Response post(String api, String path, String extraHeaders, byte[] body) {
        return RawHttp.exchange(api, "POST " + path + " HTTP/1.1\r\nContent-Length: " + body.length
                + (extraHeaders.isEmpty() ? "" : "\r\n" + extraHeaders), body);
    }

    static HttpResponse<byte[]> result(Started s) throws Exception {
        return s.invoker().get(20, TimeUnit.SECONDS);
    }

    @Test
    void nextCarriesHeadersAndExactPayload() throws Exception {
        byte[] payload = {0, 1, 2, (byte) 0xff, 'x'};
        long before = System.currentTimeMillis();
        Started s = start(payload, "Content-Type", "application/octet-stream");
        RawHttp.Response n = next(s.api());
        assertThat(n.status()).isEqualTo(200);
        assertThat(n.body()).isEqualTo(payload);
        assertThat(n.header("content-type")).isEqualTo("application/octet-stream");
        String id = n.header("lambda-runtime-aws-request-id");
        assertThat(id).isNotBlank();
        long deadline = Long.parseLong(n.header("lambda-runtime-deadline-ms"));
        assertThat(deadline).isBetween(before + 10_000 - 50, System.currentTimeMillis() + 10_000 + 50);
        assertThat(n.header("lambda-runtime-invoked-function-arn")).startsWith("arn:aws:lambda:");
        assertThat(n.header("lambda-runtime-trace-id")).startsWith("Root=1-");
        RawHttp.Response ok = post(s.api(), P + id + "/response", "Content-Type: text/plain", "done".getBytes());
        assertThat(ok.status()).isEqualTo(202);
        assertThat(ok.text()).isEqualTo("{\"status\":\"OK\"}");
        assertThat(ok.header("content-type")).isEqualTo("application/json");
        HttpResponse<byte[]> r = result(s);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("done");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        s.puppet().function().close();
    }

    @Test
    void requestIdIsCheckedBeforeStateAndSecondResponseIs403() throws Exception {
        Started s = start("x".getBytes());
        String id = next(s.api()).header("lambda-runtime-aws-request-id");
        RawHttp.Response wrong = post(s.api(), P + "not-" + id + "/response", "", new byte[0]);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.text()).isEqualTo("{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
        assertThat(post(s.api(), P + id + "/response", "", "one".getBytes()).status()).isEqualTo(202);
        RawHttp.Response second = post(s.api(), P + id + "/response", "", "two".getBytes());
        assertThat(second.status()).isEqualTo(403);
        assertThat(second.text()).contains("\"errorType\":\"InvalidStateTransition\"");
        assertThat(post(s.api(), P + id + "/error", "", new byte[0]).status()).isEqualTo(403);
        assertThat(post(s.api(), P + "other/response", "", new byte[0]).status()).isEqualTo(400); // id before state
        assertThat(new String(result(s).body(), StandardCharsets.UTF_8)).isEqualTo("one");
        RawHttp.Response initErr = post(s.api(), "/2018-06-01/runtime/init/error", "", new byte[0]);
        assertThat(initErr.status()).isEqualTo(403);
        s.puppet().function().close();
    }

    @Test
    void responseLimitIsExact() throws Exception {
        Started s = start("x".getBytes());
        String id = next(s.api()).header("lambda-runtime-aws-request-id");
        RawHttp.Response tooBig = post(s.api(), P + id + "/response", "", new byte[6_291_557]);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.text()).isEqualTo("{\"errorMessage\":\"Exceeded maximum allowed payload size (6291556 bytes).\",\"errorType\":\"RequestEntityTooLarge\"}");
        HttpResponse<byte[]> r = result(s);
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("Function.ResponseSizeTooLarge")
                .contains("Response payload size (6291557 bytes) exceeded maximum allowed payload size (6291556 bytes).");
        // the invocation is finished: the runtime may go on, and exactly the limit is accepted
        var f2 = invokeAsync(s.puppet().function().invokeUrl(), "y".getBytes());
        String id2 = next(s.api()).header("lambda-runtime-aws-request-id");
        assertThat(post(s.api(), P + id2 + "/response", "", new byte[6_291_556]).status()).isEqualTo(202);
        assertThat(f2.get(20, TimeUnit.SECONDS).body()).hasSize(6_291_556);
        s.puppet().function().close();
    }

    @Test
    void invalidResponseModeIs400AndInvokerSeesIt() throws Exception {
        Started s = start("x".getBytes());
        String id = next(s.api()).header("lambda-runtime-aws-request-id");
        RawHttp.Response bad = post(s.api(), P + id + "/response", "Lambda-Runtime-Function-Response-Mode: buffered", "a".getBytes());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("InvalidFunctionResponseMode");
        assertThat(new String(result(s).body(), StandardCharsets.UTF_8)).contains("Runtime.InvalidResponseModeHeader");
        s.puppet().function().close();
    }

    @Test
    void unknownPathsAndMethodsAndBadHttp() throws Exception {
        Started s = start("x".getBytes());
        RawHttp.Response nf = RawHttp.exchange(s.api(), "GET /2018-06-01/runtime/nothing HTTP/1.1");
        assertThat(nf.status()).isEqualTo(404);
        RawHttp.Response na = RawHttp.exchange(s.api(), "POST " + P + "next HTTP/1.1\r\nContent-Length: 0");
        assertThat(na.status()).isEqualTo(405);
        assertThat(na.header("allow")).isEqualTo("GET");
        RawHttp.Response garbage = RawHttp.exchange(s.api(), "THIS IS NOT HTTP");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.text()).contains("errorType");
        RawHttp.Response huge = RawHttp.exchange(s.api(), "GET " + P + "next HTTP/1.1\r\nX-Big: " + "a".repeat(1_100_000));
        assertThat(huge.status()).isEqualTo(431);
        // still serving, and the invocation was not touched
        String id = next(s.api()).header("lambda-runtime-aws-request-id");
        RawHttp.Response badChunk = RawHttp.exchange(s.api(), "POST " + P + id + "/response HTTP/1.1\r\nTransfer-Encoding: chunked",
                "zz\r\nnot a chunk\r\n".getBytes());
        assertThat(badChunk.status()).isEqualTo(400);
        assertThat(badChunk.text()).contains("TruncatedHTTPRequest");
        assertThat(new String(result(s).body(), StandardCharsets.UTF_8)).contains("Runtime.TruncatedResponse");
        s.puppet().function().close();
    }

    @Test
    void truncatedBodyFailsTheInvocationWithoutHanging() throws Exception {
        Started s = start("x".getBytes());
        String id = next(s.api()).header("lambda-runtime-aws-request-id");
        String[] hp = s.api().split(":");
        try (Socket sock = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            sock.getOutputStream().write(("POST " + P + id + "/response HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly-ten!!")
                    .getBytes(StandardCharsets.US_ASCII));
            sock.getOutputStream().flush();
        }
        HttpResponse<byte[]> r = result(s);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("Runtime.TruncatedResponse");
        s.puppet().function().close();
    }

    @Test
    void streamingRelaysChunksBeforeTheEndAndErrorTrailers() throws Exception {
        Harness.Puppet p = h.puppet(Duration.ofSeconds(10));
        String[] inv = {p.function().streamingInvokeUrl().getHost(), Integer.toString(p.function().streamingInvokeUrl().getPort())};
        try (Socket client = new Socket(inv[0], Integer.parseInt(inv[1]))) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("POST " + p.function().streamingInvokeUrl().getPath() + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 1\r\nConnection: close\r\n\r\nx").getBytes(StandardCharsets.US_ASCII));
            String api = p.api();
            String id = next(api).header("lambda-runtime-aws-request-id");
            String[] hp = api.split(":");
            try (Socket rt = new Socket(hp[0], Integer.parseInt(hp[1]))) {
                rt.setSoTimeout(10_000);
                OutputStream o = rt.getOutputStream();
                o.write(("POST " + P + id + "/response HTTP/1.1\r\nHost: x\r\nConnection: close\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n"
                        + "Transfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n"
                        + "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n"
                        + "6\r\nfirst!\r\n").getBytes(StandardCharsets.US_ASCII));
                o.flush();
                // the first chunk reaches the invoker while the runtime's request is still open
                InputStream in = client.getInputStream();
                String seen = readUntil(in, "first!");
                assertThat(seen).contains("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream").contains("first!");
                String body = Base64.getEncoder().encodeToString("{\"errorMessage\":\"mid\",\"errorType\":\"Stream.Fail\"}".getBytes());
                o.write(("6\r\nsecond\r\n0\r\nLambda-Runtime-Function-Error-Type: Stream.Fail\r\nLambda-Runtime-Function-Error-Body: "
                        + body + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                o.flush();
                RawHttp.Response ack = RawHttp.read(rt.getInputStream());
                assertThat(ack.status()).isEqualTo(202);
                String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(rest).contains("second").contains("Lambda-Runtime-Function-Error-Type: Stream.Fail")
                        .contains("Lambda-Runtime-Function-Error-Body: " + body);
            }
        }
        p.function().close();
    }

    @Test
    void streamedErrorTrailerReachesABufferedInvokerAsFunctionError() throws Exception {
        Started s = start("x".getBytes());
        String id = next(s.api()).header("lambda-runtime-aws-request-id");
        String body = Base64.getEncoder().encodeToString("{\"errorMessage\":\"mid\",\"errorType\":\"Stream.Fail\"}".getBytes());
        RawHttp.Response ack = RawHttp.exchange(s.api(), "POST " + P + id + "/response HTTP/1.1\r\n"
                        + "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked",
                RawHttp.chunked("Lambda-Runtime-Function-Error-Type: Stream.Fail\r\nLambda-Runtime-Function-Error-Body: " + body,
                        "partial".getBytes()));
        assertThat(ack.status()).isEqualTo(202);
        HttpResponse<byte[]> r = result(s);
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"errorMessage\":\"mid\",\"errorType\":\"Stream.Fail\"}");
        s.puppet().function().close();
    }

    @Test
    void streamToBufferedInvokerIsSizeLimited() throws Exception {
        Started s = start("x".getBytes());
        String id = next(s.api()).header("lambda-runtime-aws-request-id");
        byte[] big = new byte[4_000_000];
        RawHttp.Response ack = RawHttp.exchange(s.api(), "POST " + P + id + "/response HTTP/1.1\r\n"
                + "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked", RawHttp.chunked("", big, big));
        assertThat(ack.status()).isEqualTo(413);
        assertThat(new String(result(s).body(), StandardCharsets.UTF_8)).contains("Function.ResponseSizeTooLarge");
        s.puppet().function().close();
    }

    @Test
    void initErrorThenNextIs403() throws Exception {
        Started s = start("x".getBytes());
        RawHttp.Response ie = post(s.api(), "/2018-06-01/runtime/init/error", "Lambda-Runtime-Function-Error-Type: Runtime.Boom",
                new byte[0]);
        assertThat(ie.status()).isEqualTo(202);
        RawHttp.Response n = next(s.api());
        assertThat(n.status()).isEqualTo(403);
        assertThat(n.text()).contains("InvalidStateTransition");
        HttpResponse<byte[]> r = result(s);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"errorMessage\":\"Unknown application error occurred\",\"errorType\":\"Runtime.Boom\"}");
        s.puppet().function().close();
    }

    @Test
    void secondNextWhileRunningIs403() throws Exception {
        Started s = start("x".getBytes());
        String id = next(s.api()).header("lambda-runtime-aws-request-id");
        assertThat(next(s.api()).status()).isEqualTo(403);
        post(s.api(), P + id + "/response", "", "ok".getBytes());
        assertThat(new String(result(s).body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        s.puppet().function().close();
    }

    static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder sb = new StringBuilder();
        byte[] b = new byte[1];
        while (!sb.toString().contains(marker)) {
            if (in.read(b) < 0) break;
            sb.append((char) (b[0] & 0xff));
        }
        return sb.toString();
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'a');
        return b;
    }
}

package dev.lambdatck.refimpl.faults;

import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.platform.ReferencePlatform;
import dev.lambdatck.refimpl.support.Harness;
import dev.lambdatck.refimpl.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.lambdatck.refimpl.support.Harness.invoke;
import static dev.lambdatck.refimpl.support.Harness.invokeAsync;
import static dev.lambdatck.refimpl.support.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every fault switch changes the behaviour it claims: each has a check that passes on the conforming
 * platform and fails on a platform built with that fault.
 */
class FaultSwitchesTest {

    static final String P = "/2018-06-01/runtime/invocation/";
    static final Map<Fault, Check> CHECKS = new EnumMap<>(Fault.class);

    @TempDir
    static Path tmp;
    static Harness conforming;

    interface Check {
        void run(Harness h) throws Exception;
    }

    record Session(Harness.Puppet puppet, String api, CompletableFuture<HttpResponse<byte[]>> invoker) {
        HttpResponse<byte[]> result() throws Exception {
            return invoker.get(10, TimeUnit.SECONDS);
        }

        RawHttp.Response next() {
            return RawHttp.exchange(api, "GET " + P + "next HTTP/1.1", null, 3000);
        }

        RawHttp.Response post(String path, String headers, byte[] body) {
            return RawHttp.exchange(api, "POST " + path + " HTTP/1.1\r\nContent-Length: " + body.length
                    + (headers.isEmpty() ? "" : "\r\n" + headers), body, 5000);
        }
    }

    static Session open(Harness h, byte[] payload, String... headers) {
        Harness.Puppet p = h.puppet(Duration.ofSeconds(5));
        var f = invokeAsync(p.function().invokeUrl(), payload, headers);
        return new Session(p, p.api(), f);
    }

    static Session open(Harness h) {
        return open(h, "x".getBytes());
    }

    static DeployedFunctionHandle multi(Harness h, Duration timeout, Map<String, String> env) {
        return h.deploy(Harness.multiRuntime(), timeout, 1, env);
    }

    static String id(RawHttp.Response next) {
        return next.header("lambda-runtime-aws-request-id");
    }

    static String streamHead(String id) {
        return "POST " + P + id + "/response HTTP/1.1\r\nLambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked";
    }

    static {
        CHECKS.put(Fault.OMIT_REQUEST_ID_HEADER, h -> assertThat(id(open(h).next())).isNotBlank());
        Check deadline = h -> {
            String d = open(h).next().header("lambda-runtime-deadline-ms");
            assertThat(d).isNotNull();
            assertThat(Long.parseLong(d)).isGreaterThan(System.currentTimeMillis());
        };
        CHECKS.put(Fault.OMIT_DEADLINE_HEADER, deadline);
        CHECKS.put(Fault.DEADLINE_IN_SECONDS, deadline);
        CHECKS.put(Fault.OMIT_FUNCTION_ARN_HEADER, h -> assertThat(open(h).next().header("lambda-runtime-invoked-function-arn")).startsWith("arn:"));
        CHECKS.put(Fault.OMIT_TRACE_HEADER, h -> assertThat(open(h, "x".getBytes(), "X-Amzn-Trace-Id",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1").next().header("lambda-runtime-trace-id"))
                .startsWith("Root=1-5759e988-bd862e3fe1be46a994272793"));
        CHECKS.put(Fault.NO_CLIENT_CONTEXT, h -> assertThat(open(h, "x".getBytes(), "X-Amz-Client-Context",
                Base64.getEncoder().encodeToString("{\"a\":1}".getBytes())).next().header("lambda-runtime-client-context"))
                .isEqualTo("{\"a\":1}"));
        CHECKS.put(Fault.ACCEPT_BAD_CLIENT_CONTEXT, h -> assertThat(invoke(multi(h, Duration.ofSeconds(3), Map.of()), "x",
                "X-Amz-Client-Context", "@@@").statusCode()).isEqualTo(400));
        CHECKS.put(Fault.NO_TENANT_ID, h -> assertThat(open(h, "x".getBytes(), "X-Amz-Tenant-Id", "t1").next()
                .header("lambda-runtime-aws-tenant-id")).isEqualTo("t1"));
        CHECKS.put(Fault.TRUNCATE_PAYLOAD, h -> assertThat(open(h, "payload".getBytes()).next().text()).isEqualTo("payload"));
        CHECKS.put(Fault.WRONG_CONTENT_TYPE, h -> assertThat(open(h, "x".getBytes(), "Content-Type", "text/x-tck").next()
                .header("content-type")).isEqualTo("text/x-tck"));
        CHECKS.put(Fault.REDELIVER_ON_SECOND_NEXT, h -> {
            Session s = open(h);
            s.next();
            assertThat(s.next().status()).isEqualTo(403);
        });
        CHECKS.put(Fault.SWALLOW_ON_ABANDONED_NEXT, h -> {
            Session s = open(h);
            s.post(P + id(s.next()) + "/response", "", "one".getBytes());
            s.result();
            String[] hp = s.api().split(":");
            try (Socket abandoned = new Socket(hp[0], Integer.parseInt(hp[1]))) {
                abandoned.getOutputStream().write(("GET " + P + "next HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                abandoned.getOutputStream().flush();
                Thread.sleep(100); // let the server park it
            }
            Thread.sleep(300); // let the server see the close
            var second = invokeAsync(s.puppet().function().invokeUrl(), "two".getBytes());
            RawHttp.Response n = s.next();
            assertThat(n.status()).isEqualTo(200);
            assertThat(n.text()).isEqualTo("two");
            s.post(P + id(n) + "/response", "", "ok".getBytes());
            second.get(10, TimeUnit.SECONDS);
        });
        CHECKS.put(Fault.NEXT_AFTER_INIT_ERROR, h -> {
            Session s = open(h);
            s.post("/2018-06-01/runtime/init/error", "", new byte[0]);
            assertThat(s.next().status()).isEqualTo(403);
        });
        CHECKS.put(Fault.ACCEPT_UNKNOWN_REQUEST_ID, h -> {
            Session s = open(h);
            s.next();
            assertThat(s.post(P + "unknown/response", "", "x".getBytes()).status()).isEqualTo(400);
        });
        CHECKS.put(Fault.STATE_CHECK_BEFORE_ID_CHECK, h -> {
            Session s = open(h);
            s.post(P + id(s.next()) + "/response", "", "x".getBytes());
            assertThat(s.post(P + "unknown/response", "", "x".getBytes()).status()).isEqualTo(400);
        });
        CHECKS.put(Fault.ACCEPT_SECOND_RESPONSE, h -> {
            Session s = open(h);
            String id = id(s.next());
            s.post(P + id + "/response", "", "x".getBytes());
            assertThat(s.post(P + id + "/response", "", "y".getBytes()).status()).isEqualTo(403);
        });
        CHECKS.put(Fault.RESPONSE_ANSWERS_200, h -> {
            Session s = open(h);
            assertThat(s.post(P + id(s.next()) + "/response", "", "x".getBytes()).status()).isEqualTo(202);
        });
        CHECKS.put(Fault.TRUNCATE_RESPONSE, h -> {
            Session s = open(h);
            byte[] big = new byte[1_500_000];
            java.util.Arrays.fill(big, (byte) 'r');
            s.post(P + id(s.next()) + "/response", "", big);
            assertThat(s.result().body()).hasSize(big.length);
        });
        CHECKS.put(Fault.LATE_413_ON_DECLARED_OVERSIZE, h -> {
            Session s = open(h);
            assertThat(RawHttp.exchange(s.api(), "POST " + P + id(s.next()) + "/response HTTP/1.1\r\nContent-Length: 7000000",
                    "small".getBytes(), 2000).status()).isEqualTo(413);
        });
        CHECKS.put(Fault.NO_PERCENT_DECODED_REQUEST_ID, h -> {
            Session s = open(h);
            StringBuilder encoded = new StringBuilder();
            for (byte b : id(s.next()).getBytes(StandardCharsets.UTF_8)) encoded.append(String.format("%%%02X", b));
            assertThat(s.post(P + encoded + "/response", "", "x".getBytes()).status()).isEqualTo(202);
            assertThat(text(s.result())).isEqualTo("x");
        });
        CHECKS.put(Fault.TRUNCATED_STREAM_AS_SUCCESS, h -> {
            Session s = open(h);
            String[] hp = s.api().split(":");
            try (Socket rt = new Socket(hp[0], Integer.parseInt(hp[1]))) {
                rt.getOutputStream().write((streamHead(id(s.next())) + "\r\nHost: x\r\n\r\n5\r\npart-\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                rt.getOutputStream().flush();
                rt.shutdownOutput(); // no terminating zero-length chunk
                var result = s.result();
                assertThat(result.headers().firstValue("X-Amz-Function-Error")).isPresent();
                assertThat(text(result)).contains("Runtime.TruncatedResponse");
            }
        });
        CHECKS.put(Fault.NO_413_ON_LARGE_RESPONSE, h -> {
            Session s = open(h);
            assertThat(s.post(P + id(s.next()) + "/response", "", new byte[6_291_557]).status()).isEqualTo(413);
        });
        CHECKS.put(Fault.WAIT_FOR_NEXT_BEFORE_RESULT, h -> {
            Session s = open(h);
            s.post(P + id(s.next()) + "/response", "", "x".getBytes());
            assertThat(text(s.invoker().get(2, TimeUnit.SECONDS))).isEqualTo("x");
        });
        CHECKS.put(Fault.ACCEPT_BAD_RESPONSE_MODE, h -> {
            Session s = open(h);
            assertThat(s.post(P + id(s.next()) + "/response", "Lambda-Runtime-Function-Response-Mode: buffered", "x".getBytes())
                    .status()).isEqualTo(400);
        });
        CHECKS.put(Fault.NO_FUNCTION_ERROR_HEADER, h -> assertThat(invoke(multi(h, Duration.ofSeconds(3), Map.of()), "error")
                .headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled"));
        CHECKS.put(Fault.REWRITE_ERROR_BODY, h -> assertThat(text(invoke(multi(h, Duration.ofSeconds(3), Map.of()), "error")))
                .isEqualTo("{\"errorMessage\":\"boom\",\"errorType\":\"Test.Error\"}"));
        CHECKS.put(Fault.EMPTY_DEFAULT_ERROR_BODY, h -> assertThat(text(invoke(multi(h, Duration.ofSeconds(3), Map.of()), "error-nobody")))
                .contains("\"errorType\":\"Test.Empty\""));
        CHECKS.put(Fault.RESET_AFTER_ERROR, h -> {
            DeployedFunctionHandle f = multi(h, Duration.ofSeconds(3), Map.of());
            String pid = text(invoke(f, "pid"));
            invoke(f, "error");
            assertThat(text(invoke(f, "pid"))).isEqualTo(pid);
        });
        CHECKS.put(Fault.INIT_ERROR_REFUSED, h -> assertThat(open(h).post("/2018-06-01/runtime/init/error", "", new byte[0]).status())
                .isEqualTo(202));
        CHECKS.put(Fault.REJECT_SECOND_INIT_ERROR_LATE, h -> {
            Session s = open(h);
            s.next();
            assertThat(s.post("/2018-06-01/runtime/init/error", "", new byte[0]).status()).isEqualTo(403);
        });
        CHECKS.put(Fault.DROP_INIT_ERROR, h -> assertThat(text(invoke(multi(h, Duration.ofSeconds(3), Map.of("INIT_MODE", "error")), "x")))
                .contains("init failed"));
        CHECKS.put(Fault.INIT_EXIT_AS_200, h -> {
            HttpResponse<byte[]> r = invoke(multi(h, Duration.ofSeconds(3), Map.of("INIT_MODE", "exit:4")), "x");
            assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
            assertThat(text(r)).contains("Runtime.ExitError");
        });
        CHECKS.put(Fault.NO_INIT_TIMEOUT, h -> {
            DeployedFunctionHandle f = multi(h, Duration.ofSeconds(1), Map.of("INIT_MODE", "sleep:30"));
            HttpResponse<byte[]> r = invokeAsync(f.invokeUrl(), "x".getBytes()).get(6, TimeUnit.SECONDS);
            assertThat(text(r)).contains("Sandbox.Timedout");
        });
        CHECKS.put(Fault.TIMEOUT_AS_200, h -> {
            HttpResponse<byte[]> r = invoke(multi(h, Duration.ofSeconds(1), Map.of()), "sleep:30");
            assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
            assertThat(text(r)).contains("\"errorType\":\"Sandbox.Timedout\"");
        });
        CHECKS.put(Fault.NO_KILL_ON_TIMEOUT, h -> {
            DeployedFunctionHandle f = multi(h, Duration.ofSeconds(1), Map.of());
            String pid = text(invoke(f, "pid"));
            invoke(f, "sleep:2");
            assertThat(text(invoke(f, "pid"))).isNotEqualTo(pid);
        });
        CHECKS.put(Fault.CRASH_AS_200, h -> {
            HttpResponse<byte[]> r = invoke(multi(h, Duration.ofSeconds(3), Map.of()), "crash:3");
            assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
            assertThat(text(r)).contains("Runtime.ExitError").contains("exit status 3");
        });
        CHECKS.put(Fault.BUFFER_STREAM, h -> {
            Harness.Puppet p = h.puppet(Duration.ofSeconds(5));
            URI u = p.function().streamingInvokeUrl();
            try (Socket client = new Socket(u.getHost(), u.getPort())) {
                client.setSoTimeout(1500);
                client.getOutputStream().write(("POST " + u.getPath() + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx")
                        .getBytes(StandardCharsets.US_ASCII));
                String api = p.api();
                String id = id(RawHttp.exchange(api, "GET " + P + "next HTTP/1.1"));
                String[] hp = api.split(":");
                try (Socket rt = new Socket(hp[0], Integer.parseInt(hp[1]))) {
                    OutputStream o = rt.getOutputStream();
                    o.write(("POST " + P + id + "/response HTTP/1.1\r\nHost: x\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n6\r\nfirst!\r\n").getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                    InputStream in = client.getInputStream();
                    StringBuilder sb = new StringBuilder();
                    while (!sb.toString().contains("first!")) {
                        int c = in.read();
                        if (c < 0) break;
                        sb.append((char) c);
                    }
                    assertThat(sb.toString()).contains("first!");
                }
            }
        });
        CHECKS.put(Fault.DROP_STREAM_ERROR_TRAILER, h -> {
            Session s = open(h);
            s.post(P, "", new byte[0]); // harmless 404, keeps the session warm
            RawHttp.exchange(s.api(), streamHead(id(s.next())),
                    RawHttp.chunked("Lambda-Runtime-Function-Error-Type: Stream.Fail", "part".getBytes()));
            assertThat(s.result().headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        });
        CHECKS.put(Fault.NO_STREAM_LIMIT_FOR_BUFFERED, h -> {
            Session s = open(h);
            byte[] big = new byte[4_000_000];
            assertThat(RawHttp.exchange(s.api(), streamHead(id(s.next())), RawHttp.chunked("", big, big)).status()).isEqualTo(413);
        });
        CHECKS.put(Fault.UNKNOWN_PATH_200, h -> assertThat(RawHttp.exchange(open(h).api(), "GET /2018-06-01/nothing HTTP/1.1").status())
                .isEqualTo(404));
        CHECKS.put(Fault.EVENT_ANSWERS_200, h -> assertThat(invoke(multi(h, Duration.ofSeconds(3), Map.of()), "x",
                "X-Amz-Invocation-Type", "Event").statusCode()).isEqualTo(202));
        CHECKS.put(Fault.DRY_RUN_RUNS, h -> {
            DeployedFunctionHandle f = multi(h, Duration.ofSeconds(3), Map.of());
            invoke(f, "log:dry-ran", "X-Amz-Invocation-Type", "DryRun");
            invoke(f, "log:after");
            assertThat(f.logs()).doesNotContain("dry-ran");
        });
        CHECKS.put(Fault.NO_EXECUTED_VERSION, h -> assertThat(invoke(multi(h, Duration.ofSeconds(3), Map.of()), "x")
                .headers().firstValue("X-Amz-Executed-Version")).hasValue("$LATEST"));
        CHECKS.put(Fault.UNKNOWN_FUNCTION_400, h -> assertThat(invoke(URI.create(h.platform.invokeBase()
                + "/2015-03-31/functions/missing/invocations"), new byte[0]).statusCode()).isEqualTo(404));
        CHECKS.put(Fault.OVERSIZED_PAYLOAD_WRONG_TYPE, h -> {
            // the Event quota (1 MiB) takes the same refusal path as the synchronous one, with a small body
            HttpResponse<byte[]> r = invoke(multi(h, Duration.ofSeconds(3), Map.of()).invokeUrl(),
                    new byte[1_048_577], "X-Amz-Invocation-Type", "Event");
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.headers().firstValue("X-Amzn-ErrorType")).hasValue("RequestTooLargeException");
        });
        CHECKS.put(Fault.NO_LOG_TAIL, h -> assertThat(invoke(multi(h, Duration.ofSeconds(3), Map.of()), "log:x",
                "X-Amz-Log-Type", "Tail").headers().firstValue("X-Amz-Log-Result")).isPresent());
    }

    @BeforeAll
    static void up() {
        conforming = Harness.start(tmp.resolve("conforming"), Duration.ofMillis(500));
    }

    @AfterAll
    static void down() {
        conforming.close();
    }

    /** The Runtime API faults; the layer faults (LY-*) are proven by the layers suite's kill matrix in report-cli. */
    static Fault[] runtimeApiFaults() {
        return java.util.Arrays.stream(Fault.values()).filter(f -> f.ruleIds().get(0).startsWith("RT-")).toArray(Fault[]::new);
    }

    @Test
    void everyFaultHasACheck() {
        assertThat(CHECKS.keySet()).containsExactlyInAnyOrder(runtimeApiFaults());
    }

    @ParameterizedTest
    @MethodSource("runtimeApiFaults")
    void checkPassesOnTheConformingPlatform(Fault fault) throws Exception {
        CHECKS.get(fault).run(conforming);
    }

    @ParameterizedTest
    @MethodSource("runtimeApiFaults")
    void checkFailsWithTheFaultOn(Fault fault) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(fault.id()));
        try (Harness faulty = Harness.start(dir, Duration.ofMillis(500), fault.id())) {
            assertThatThrownBy(() -> CHECKS.get(fault).run(faulty)).as(fault.id()).isInstanceOf(Throwable.class);
        }
    }

    @Test
    void faultsListNamesDescriptionsAndRules() {
        assertThat(ReferencePlatform.listFaults()).hasSize(Fault.values().length)
                .allSatisfy(f -> assertThat(f.ruleIds()).isNotEmpty().allMatch(id -> id.matches("(RT|LY)-[A-Z]+-\\d{3}")));
        assertThatThrownBy(() -> FaultSet.parse("no-such-fault")).hasMessageContaining("known:");
    }
}

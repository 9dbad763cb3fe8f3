package dev.lambdatck.refimpl.faults;

import dev.lambdatck.refimpl.environment.IsolationMode;
import dev.lambdatck.refimpl.environment.LambdaEnvironment;
import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.environment.ProcessEnvironmentLauncher;
import dev.lambdatck.refimpl.environment.RuntimeProcess;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.layers.ExtractionLimits;
import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.platform.ReferencePlatform;
import dev.lambdatck.refimpl.support.ExtScript;
import dev.lambdatck.refimpl.support.Harness;
import dev.lambdatck.refimpl.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
import java.util.List;
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
        CHECKS.put(Fault.REQUEST_ID_FROM_PAYLOAD, h -> {
            Session s = open(h);
            String first = id(s.next());
            s.post(P + first + "/response", "", "one".getBytes());
            s.result();
            var again = invokeAsync(s.puppet().function().invokeUrl(), "x".getBytes()); // the same payload
            String second = id(s.next());
            s.post(P + second + "/response", "", "two".getBytes());
            again.get(10, TimeUnit.SECONDS);
            assertThat(second).isNotEqualTo(first);
        });
        CHECKS.put(Fault.BARE_GENERATED_TRACE_ID, h -> assertThat(open(h).next().header("lambda-runtime-trace-id")).startsWith("Root=1-"));
        CHECKS.put(Fault.EMPTY_ACCEPTED_ANSWER, h -> {
            Session s = open(h);
            assertThat(s.post(P + id(s.next()) + "/response", "", "x".getBytes()).text()).contains("\"status\"");
        });
        CHECKS.put(Fault.REFUSE_CHUNKED_RESPONSE, h -> {
            Session s = open(h);
            assertThat(RawHttp.exchange(s.api(), "POST " + P + id(s.next()) + "/response HTTP/1.1\r\nTransfer-Encoding: chunked",
                    RawHttp.chunked("", "ab".getBytes()), 5000).status()).isEqualTo(202);
            assertThat(text(s.result())).isEqualTo("ab");
        });
        CHECKS.put(Fault.TRUNCATE_OVERSIZED_PAYLOAD, h -> {
            // the declared length alone is refused (the whole body would race the early answer and the close)
            URI u = multi(h, Duration.ofSeconds(3), Map.of()).invokeUrl();
            assertThat(RawHttp.exchange(u.getHost() + ":" + u.getPort(), "POST " + u.getPath() + " HTTP/1.1\r\nContent-Length: 6291457",
                    "x".getBytes(), 3000).status()).isEqualTo(413);
        });
        CHECKS.put(Fault.DROP_STREAM_CONTENT_TYPE, h -> {
            Harness.Puppet p = h.puppet(Duration.ofSeconds(5));
            var streamed = invokeAsync(p.function().streamingInvokeUrl(), "x".getBytes());
            String id = id(RawHttp.exchange(p.api(), "GET " + P + "next HTTP/1.1", null, 5000));
            RawHttp.exchange(p.api(), streamHead(id) + "\r\nContent-Type: text/x-tck-stream", RawHttp.chunked("", "s".getBytes()), 5000);
            assertThat(streamed.get(10, TimeUnit.SECONDS).headers().firstValue("Content-Type")).hasValue("text/x-tck-stream");
        });
        CHECKS.put(Fault.TIMEOUT_ENDS_STREAM_CLEANLY, h -> {
            Harness.Puppet p = h.puppet(Duration.ofSeconds(1));
            URI u = p.function().streamingInvokeUrl();
            try (Socket client = new Socket(u.getHost(), u.getPort())) {
                client.setSoTimeout(5000);
                client.getOutputStream().write(("POST " + u.getPath() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx")
                        .getBytes(StandardCharsets.US_ASCII));
                String api = p.api();
                String id = id(RawHttp.exchange(api, "GET " + P + "next HTTP/1.1", null, 5000));
                String[] hp = api.split(":");
                try (Socket rt = new Socket(hp[0], Integer.parseInt(hp[1]))) {
                    rt.getOutputStream().write((streamHead(id) + "\r\nHost: x\r\n\r\n5\r\nstart\r\n").getBytes(StandardCharsets.US_ASCII));
                    rt.getOutputStream().flush(); // and never ends: the 1 s timeout cuts the stream
                    String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertThat(answer).contains("Lambda-Runtime-Function-Error-Type: Sandbox.Timedout");
                }
            }
        });
        CHECKS.put(Fault.WRONG_METHOD_FAILS_INVOCATION, h -> {
            Session s = open(h);
            String id = id(s.next());
            assertThat(RawHttp.exchange(s.api(), "PUT " + P + id + "/response HTTP/1.1\r\nContent-Length: 1", "x".getBytes(), 5000)
                    .status()).isEqualTo(405);
            s.post(P + id + "/response", "", "ok".getBytes());
            assertThat(s.result().headers().firstValue("X-Amz-Function-Error")).isEmpty();
        });
        CHECKS.put(Fault.MALFORMED_REQUEST_500, h -> assertThat(RawHttp.exchange(open(h).api(),
                "GET " + P + "next with spaces HTTP/1.1", null, 5000).status()).isBetween(400, 499));
        CHECKS.put(Fault.TEXT_PLAIN_ERROR_ANSWERS, h -> assertThat(open(h).post(P + "unknown/response", "", "x".getBytes())
                .header("content-type")).startsWith("application/json"));
        CHECKS.put(Fault.CLOSE_AFTER_EVERY_ANSWER, h -> {
            String[] hp = open(h).api().split(":");
            try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET /2018-06-01/nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /2018-06-01/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String both = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(both.split("HTTP/1.1 404", -1)).hasSize(3);
            }
        });
        CHECKS.put(Fault.REJECT_EXPECT_CONTINUE, h -> {
            Session s = open(h);
            assertThat(s.post(P + id(s.next()) + "/response", "Expect: 100-continue", "x".getBytes()).status()).isNotEqualTo(417);
        });
        CHECKS.put(Fault.SERIAL_RUNTIME_API, h -> {
            Session s = open(h);
            s.post(P + id(s.next()) + "/response", "", "x".getBytes());
            s.result();
            String[] hp = s.api().split(":");
            try (Socket waiting = new Socket(hp[0], Integer.parseInt(hp[1]))) {
                waiting.getOutputStream().write(("GET " + P + "next HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                waiting.getOutputStream().flush();
                Thread.sleep(100); // let the server park it
                assertThat(RawHttp.exchange(s.api(), "GET /2018-06-01/nothing HTTP/1.1", null, 1000).status()).isEqualTo(404);
            }
        });
        CHECKS.put(Fault.FUNCTION_ERROR_AS_500, h -> assertThat(invoke(multi(h, Duration.ofSeconds(3), Map.of()), "error").statusCode())
                .isEqualTo(200));
        CHECKS.put(Fault.FLAG_INVALID_JSON_RESPONSE, h -> {
            Session s = open(h);
            s.post(P + id(s.next()) + "/response", "Content-Type: application/json", "not json".getBytes());
            assertThat(s.result().headers().firstValue("X-Amz-Function-Error")).isEmpty();
        });
        CHECKS.put(Fault.STRAY_ERROR_FAILS_CURRENT, h -> {
            Session s = open(h);
            String id = id(s.next());
            assertThat(s.post(P + "unknown/error", "", "{\"errorMessage\":\"x\",\"errorType\":\"Stray\"}".getBytes()).status())
                    .isEqualTo(400);
            s.post(P + id + "/response", "", "ok".getBytes());
            assertThat(text(s.result())).isEqualTo("ok");
        });
        CHECKS.put(Fault.IDLE_NEXT_GETS_EMPTY_EVENT, h -> {
            Session s = open(h);
            s.post(P + id(s.next()) + "/response", "", "x".getBytes());
            s.result();
            // nothing is pending: the /next must stay unanswered
            assertThatThrownBy(() -> RawHttp.exchange(s.api(), "GET " + P + "next HTTP/1.1", null, 1500))
                    .isInstanceOf(IllegalStateException.class);
        });
        CHECKS.put(Fault.STALE_NEXT_REFUSED, h -> {
            Session s = open(h);
            s.post(P + id(s.next()) + "/response", "", "one".getBytes());
            s.result();
            var waiting = CompletableFuture.supplyAsync(() -> RawHttp.exchange(s.api(), "GET " + P + "next HTTP/1.1", null, 10_000));
            Thread.sleep(2300); // longer than the fault's 2 s
            var second = invokeAsync(s.puppet().function().invokeUrl(), "two".getBytes());
            RawHttp.Response n = waiting.get(10, TimeUnit.SECONDS);
            assertThat(n.status()).isEqualTo(200);
            assertThat(n.text()).isEqualTo("two");
            s.post(P + id(n) + "/response", "", "ok".getBytes());
            second.get(10, TimeUnit.SECONDS);
        });
        CHECKS.put(Fault.REFUSED_POST_OVERWRITES_RESULT, h -> {
            Session s = open(h);
            String id = id(s.next());
            assertThat(s.post(P + id + "/response", "", "first".getBytes()).status()).isEqualTo(202);
            assertThat(s.post(P + id + "/response", "", "second".getBytes()).status()).isEqualTo(403);
            assertThat(text(s.result())).isEqualTo("first");
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
        CHECKS.put(Fault.NO_HANDLER_VARIABLE, h -> assertThat(startEnv(h, Map.of())).containsEntry("_HANDLER", "tck.handler"));
        CHECKS.put(Fault.VERSION_WITHOUT_DOLLAR, h -> assertThat(startEnv(h, Map.of())).containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"));
        CHECKS.put(Fault.MEMORY_SIZE_IN_BYTES, h -> assertThat(startEnv(h, Map.of())).containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
        CHECKS.put(Fault.NO_DEFAULT_REGION, h -> assertThat(startEnv(h, Map.of())).containsKey("AWS_DEFAULT_REGION"));
        CHECKS.put(Fault.NO_RUNTIME_DIR_VARIABLE, h -> assertThat(startEnv(h, Map.of())).containsEntry("LAMBDA_RUNTIME_DIR", "/var/runtime"));
        CHECKS.put(Fault.EMPTY_LOG_STREAM_NAME, h -> assertThat(startEnv(h, Map.of()).get("AWS_LAMBDA_LOG_STREAM_NAME")).isNotBlank());
        CHECKS.put(Fault.RUNTIME_API_WITH_SCHEME, h -> assertThat(startEnv(h, Map.of()).get("AWS_LAMBDA_RUNTIME_API")).isEqualTo("127.0.0.1:9"));
        CHECKS.put(Fault.NO_SESSION_TOKEN, h -> assertThat(startEnv(h, Map.of())).containsKey("AWS_SESSION_TOKEN"));
        CHECKS.put(Fault.CUSTOMER_OVERRIDES_RESERVED, h -> assertThat(startEnv(h, Map.of("_HANDLER", "hijacked")))
                .containsEntry("_HANDLER", "tck.handler"));
        CHECKS.put(Fault.TRACE_ID_AT_STARTUP, h -> assertThat(startEnv(h, Map.of())).doesNotContainKey("_X_AMZN_TRACE_ID"));
        CHECKS.put(Fault.CUSTOMER_VALUES_CUT_AT_EQUALS, h -> assertThat(startEnv(h, Map.of("TCK_V", "a=b=c"))).containsEntry("TCK_V", "a=b=c"));
        CHECKS.put(Fault.WORKDIR_IS_ROOT, h -> assertThat(bootOutput(h, "[ \"$(pwd)\" = \"$LAMBDA_TASK_ROOT\" ] && echo cwd-ok", false))
                .contains("cwd-ok"));
        CHECKS.put(Fault.LAYER_BOOTSTRAP_FIRST, h -> assertThat(bootOutput(h, "echo from-task", true)).contains("from-task"));
        CHECKS.put(Fault.READ_ONLY_TMP, h -> {
            // the fault mounts the private /tmp read-only: in host mode /tmp is the host's and there is nothing to break
            Assumptions.assumeTrue(h.platform.isolationMode() == IsolationMode.NAMESPACES, "read-only-tmp needs namespace isolation");
            assertThat(bootOutput(h, "echo x > /tmp/check-$$ && echo tmp-ok", false)).contains("tmp-ok");
        });
        CHECKS.put(Fault.STDIN_OPEN_PIPE, h -> assertThat(bootOutput(h, "timeout 2 cat >/dev/null && echo stdin-ok", false))
                .contains("stdin-ok"));
        CHECKS.put(Fault.LATE_TIMEOUT, h -> {
            DeployedFunctionHandle f = multi(h, Duration.ofSeconds(1), Map.of());
            invoke(f, "warm");
            long t0 = System.nanoTime();
            assertThat(text(invoke(f, "sleep:30"))).contains("Sandbox.Timedout");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(3000));
        });
        CHECKS.put(Fault.RESULT_TO_OLDEST_INVOKER, h -> {
            DeployedFunctionHandle f = h.deploy(Harness.multiRuntime(), Duration.ofSeconds(5), 2, Map.of());
            var slow = invokeAsync(f.invokeUrl(), "sleep:1".getBytes());
            Harness.await("the slow invocation started", Duration.ofSeconds(5), () -> f.logs().contains("START"));
            var quick = invokeAsync(f.invokeUrl(), "quick".getBytes());
            assertThat(text(quick.get(10, TimeUnit.SECONDS))).isEqualTo("quick");
            assertThat(text(slow.get(10, TimeUnit.SECONDS))).isEqualTo("slept");
        });
        CHECKS.put(Fault.RETRY_AFTER_CRASH, h -> {
            DeployedFunctionHandle f = multi(h, Duration.ofSeconds(3), Map.of());
            assertThat(text(invoke(f, "crash:3"))).contains("Runtime.ExitError");
            assertThat(f.logs().split("START RequestId", -1)).hasSize(2);
        });
        CHECKS.put(Fault.NO_QUEUE_WHEN_BUSY, h -> {
            DeployedFunctionHandle f = multi(h, Duration.ofSeconds(5), Map.of());
            invoke(f, "warm");
            var busy = invokeAsync(f.invokeUrl(), "sleep:1".getBytes());
            Harness.await("the busy invocation started", Duration.ofSeconds(5), () -> f.logs().split("START RequestId", -1).length == 3);
            assertThat(text(invoke(f, "waited"))).isEqualTo("waited");
            assertThat(text(busy.get(10, TimeUnit.SECONDS))).isEqualTo("slept");
        });
        CHECKS.put(Fault.INIT_COUNTS_AGAINST_TIMEOUT, h -> {
            // init well within the harness's 500 ms init limit; init plus the handler exceeds the 1 s timeout
            DeployedFunctionHandle f = multi(h, Duration.ofSeconds(1), Map.of("INIT_MODE", "sleep:0.45"));
            assertThat(text(invoke(f, "sleep:0.6"))).isEqualTo("slept");
        });
        CHECKS.put(Fault.UNDEPLOY_LEAVES_PROCESSES, h -> {
            DeployedFunctionHandle f = multi(h, Duration.ofSeconds(3), Map.of());
            long pid = Long.parseLong(text(invoke(f, "pid")));
            f.close();
            Harness.await("the runtime ended with its function", Duration.ofSeconds(5),
                    () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        });
        CHECKS.put(Fault.NO_LOG_TAIL, h -> assertThat(invoke(multi(h, Duration.ofSeconds(3), Map.of()), "log:x",
                "X-Amz-Log-Type", "Tail").headers().firstValue("X-Amz-Log-Result")).isPresent());
        // managed instances (maxConcurrency > 1): the checks live in LmiFaultChecks
        CHECKS.put(Fault.LMI_MAX_CONCURRENCY_OFF_BY_ONE, h -> LmiFaultChecks.maxConcurrencyVariable(h, tmp));
        CHECKS.put(Fault.LMI_ONE_INVOCATION_AT_A_TIME, h -> LmiFaultChecks.twoInvocationsAtOnce(h, tmp));
        CHECKS.put(Fault.LMI_ANSWER_TO_OLDEST, h -> LmiFaultChecks.answersRoutedById(h, tmp));
        CHECKS.put(Fault.LMI_SECOND_ANSWER_403, h -> LmiFaultChecks.secondAnswerRefused400(h, tmp));
        CHECKS.put(Fault.LMI_LATE_ANSWER_400, h -> LmiFaultChecks.lateAnswerGone(h, tmp));
        CHECKS.put(Fault.LMI_SHARED_REQUEST_ID, h -> LmiFaultChecks.distinctIdsInFlight(h, tmp));
        CHECKS.put(Fault.LMI_INVOKE_EXTENSIONS_ACCEPTED, h -> {
            var f = h.deployWithExtensions(Duration.ofSeconds(3), Map.of(), Map.of("e1", ExtScript.simple(
                    ExtScript.BOTH)), 2);
            try {
                invokeAsync(f.invokeUrl(), "x".getBytes());
                assertThat(ExtScript.awaitLine(f, "ext e1 register", Duration.ofSeconds(5)))
                        .contains(" 403 ").contains("Extension.InvalidEventType");
            } finally {
                f.close();
            }
        });
        // extensions: the checks live in ExtensionFaultChecks
        ExtensionFaultChecks.addTo(CHECKS);
    }

    /** The environment a bootstrap of the harness's platform would start with (environment faults act here). */
    static Map<String, String> startEnv(Harness h, Map<String, String> customer) {
        FunctionConfig fn = new FunctionConfig("env-check", null, tmp, "tck.handler", customer, Duration.ofSeconds(3), 128,
                List.of(), 1, null, null);
        return LambdaEnvironment.build(fn, "127.0.0.1:9", LambdaEnvironment.PathView.LAMBDA, "2026/11/29/[$LATEST]0123",
                h.platform.faults());
    }

    /**
     * Starts {@code script} (then "echo done") as the bootstrap through the process launcher, with the harness's faults,
     * and returns its output. {@code optBootstrap}: a layer bootstrap printing "from-opt" is present too.
     */
    static String bootOutput(Harness h, String script, boolean optBootstrap) throws Exception {
        Path work = Files.createTempDirectory(tmp, "launch");
        Path code = Files.createDirectories(work.resolve("code"));
        writeScript(code.resolve("bootstrap"), script);
        FunctionConfig fn = new FunctionConfig("launch-check", null, code, "tck.handler", Map.of(), Duration.ofSeconds(3), 128,
                List.of(), 1, null, null);
        try (ProcessEnvironmentLauncher launcher = new ProcessEnvironmentLauncher(work.resolve("root"), ExtractionLimits.AWS, true,
                h.platform.faults()); PreparedFunction prepared = launcher.prepare(fn)) {
            if (optBootstrap) writeScript(prepared.optDir().resolve("bootstrap"), "echo from-opt");
            StringBuffer out = new StringBuffer();
            RuntimeProcess p = prepared.start("127.0.0.1:9", (line, stderr) -> out.append(line).append('\n'));
            p.onExit().get(10, TimeUnit.SECONDS);
            Harness.await("the bootstrap's output", Duration.ofSeconds(3), () -> out.toString().contains("done"));
            return out.toString();
        }
    }

    static void writeScript(Path file, String script) throws java.io.IOException {
        Files.writeString(file, "#!/bin/sh\n" + script + "\necho done\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
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
        return java.util.Arrays.stream(Fault.values()).filter(f -> f.ruleIds().get(0).startsWith("RT-") || f.ruleIds().get(0).startsWith("LMI-")
                || f.ruleIds().get(0).startsWith("EXT-")).toArray(Fault[]::new);
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
                .allSatisfy(f -> assertThat(f.ruleIds()).isNotEmpty().allMatch(id -> id.matches("(RT|LY|LMI|EXT)-[A-Z]+-\\d{3}")));
        assertThatThrownBy(() -> FaultSet.parse("no-such-fault")).hasMessageContaining("known:");
    }
}

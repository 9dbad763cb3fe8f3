package dev.lambdatck.refimpl.faults;

import dev.lambdatck.refimpl.environment.LambdaEnvironment;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.support.Harness;
import dev.lambdatck.refimpl.support.RawHttp;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.lambdatck.refimpl.support.Harness.invokeAsync;
import static dev.lambdatck.refimpl.support.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link FaultSwitchesTest} checks of the managed-instances faults (LMI-CONC-*): the test plays a runtime with
 * several workers on a function with maxConcurrency 2, speaking the Runtime API itself.
 */
final class LmiFaultChecks {

    static final String P = FaultSwitchesTest.P;

    private LmiFaultChecks() {
    }

    /** A function with maxConcurrency {@code n} whose bootstrap only records its Runtime API address. */
    static Harness.Puppet puppet(Harness h, Path dir, Duration timeout, int n) {
        Path file = dir.resolve("lmi-api-" + System.nanoTime());
        String script = "#!/bin/bash\necho \"$AWS_LAMBDA_RUNTIME_API $$\" > " + file + ".tmp && mv " + file + ".tmp " + file
                + "\nexec sleep 600\n";
        FunctionConfig fc = new FunctionConfig("lmi" + System.nanoTime(), null, h.codeDir(script), "function.handler", Map.of(),
                timeout, 128, List.of(), 1, null, null, n);
        return new Harness.Puppet(h.platform.deploy(fc), file);
    }

    static CompletableFuture<HttpResponse<byte[]>> invoke(Harness.Puppet p, String payload) {
        return invokeAsync(p.function().invokeUrl(), payload.getBytes(StandardCharsets.UTF_8));
    }

    static RawHttp.Response next(String api, int timeoutMillis) {
        return RawHttp.exchange(api, "GET " + P + "next HTTP/1.1", null, timeoutMillis);
    }

    static RawHttp.Response post(String api, String id, String what, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(api, "POST " + P + id + "/" + what + " HTTP/1.1\r\nContent-Length: " + b.length, b, 5000);
    }

    static String id(RawHttp.Response next) {
        return next.header("lambda-runtime-aws-request-id");
    }

    /** LMI-CONC-001: the bootstrap of a maxConcurrency-3 function starts with AWS_LAMBDA_MAX_CONCURRENCY=3. */
    static void maxConcurrencyVariable(Harness h, Path tmp) {
        FunctionConfig fn = new FunctionConfig("env-check", null, tmp, "tck.handler", Map.of(), Duration.ofSeconds(3), 128,
                List.of(), 1, null, null, 3);
        Map<String, String> env = LambdaEnvironment.build(fn, "127.0.0.1:9", LambdaEnvironment.PathView.LAMBDA,
                "2026/11/29/[$LATEST]0123", h.platform.faults());
        assertThat(env).containsEntry("AWS_LAMBDA_MAX_CONCURRENCY", "3");
    }

    /** LMI-CONC-002: two /next outstanding at once both get an invocation before either is answered. */
    static void twoInvocationsAtOnce(Harness h, Path tmp) throws Exception {
        Harness.Puppet p = puppet(h, tmp, Duration.ofSeconds(5), 2);
        var one = invoke(p, "one");
        var two = invoke(p, "two");
        String api = p.api();
        var first = CompletableFuture.supplyAsync(() -> next(api, 3000));
        var second = CompletableFuture.supplyAsync(() -> next(api, 3000));
        RawHttp.Response a = first.get(10, TimeUnit.SECONDS);
        RawHttp.Response b = second.get(10, TimeUnit.SECONDS);
        assertThat(List.of(a.text(), b.text())).containsExactlyInAnyOrder("one", "two");
        assertThat(id(a)).isNotEqualTo(id(b));
        post(api, id(a), "response", "a");
        post(api, id(b), "response", "b");
        one.get(10, TimeUnit.SECONDS);
        two.get(10, TimeUnit.SECONDS);
    }

    /** LMI-CONC-003: with two invocations in flight, the answer for the second one reaches the second invoker. */
    static void answersRoutedById(Harness h, Path tmp) throws Exception {
        Harness.Puppet p = puppet(h, tmp, Duration.ofSeconds(5), 2);
        var one = invoke(p, "one");
        String api = p.api();
        RawHttp.Response first = next(api, 3000);
        var two = invoke(p, "two");
        RawHttp.Response second = next(api, 3000);
        assertThat(second.text()).isEqualTo("two");
        post(api, id(second), "response", "answer-two");
        post(api, id(first), "response", "answer-one");
        assertThat(text(two.get(10, TimeUnit.SECONDS))).isEqualTo("answer-two");
        assertThat(text(one.get(10, TimeUnit.SECONDS))).isEqualTo("answer-one");
    }

    /** LMI-CONC-004: a second /response for an answered invocation is refused 400 InvalidRequestID. */
    static void secondAnswerRefused400(Harness h, Path tmp) throws Exception {
        Harness.Puppet p = puppet(h, tmp, Duration.ofSeconds(5), 2);
        var one = invoke(p, "one");
        String api = p.api();
        String id = id(next(api, 3000));
        assertThat(post(api, id, "response", "first").status()).isEqualTo(202);
        RawHttp.Response again = post(api, id, "response", "second");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.text()).contains("InvalidRequestID");
        assertThat(post(api, id, "error", "{}").status()).isEqualTo(400);
        assertThat(text(one.get(10, TimeUnit.SECONDS))).isEqualTo("first");
    }

    /** LMI-CONC-005: an answer for a timed-out invocation gets 410 InvokeTimeout; the runtime is not reset. */
    static void lateAnswerGone(Harness h, Path tmp) throws Exception {
        DeployedFunctionHandle f;
        Harness.Puppet p = puppet(h, tmp, Duration.ofSeconds(1), 2);
        f = p.function();
        var one = invoke(p, "one");
        String api = p.api();
        String id = id(next(api, 3000));
        assertThat(text(one.get(10, TimeUnit.SECONDS))).contains("Sandbox.Timedout");
        RawHttp.Response late = post(api, id, "response", "late");
        assertThat(late.status()).isEqualTo(410);
        assertThat(late.text()).contains("InvokeTimeout");
        assertThat(post(api, id, "response", "later").status()).isEqualTo(400);
        var two = invoke(p, "two");
        RawHttp.Response n = next(api, 3000);
        post(api, id(n), "response", "served by the same runtime");
        assertThat(text(two.get(10, TimeUnit.SECONDS))).isEqualTo("served by the same runtime");
        assertThat(f.logs()).doesNotContain("RuntimeProcess");
    }

    /** LMI-CONC-006: two invocations with the same event in flight at once get different request ids. */
    static void distinctIdsInFlight(Harness h, Path tmp) throws Exception {
        Harness.Puppet p = puppet(h, tmp, Duration.ofSeconds(5), 2);
        var one = invoke(p, "same");
        String api = p.api();
        RawHttp.Response first = next(api, 3000);
        var two = invoke(p, "same");
        RawHttp.Response second = next(api, 3000);
        assertThat(id(second)).isNotEqualTo(id(first));
        post(api, id(first), "response", "1");
        post(api, id(second), "response", "2");
        one.get(10, TimeUnit.SECONDS);
        two.get(10, TimeUnit.SECONDS);
    }
}

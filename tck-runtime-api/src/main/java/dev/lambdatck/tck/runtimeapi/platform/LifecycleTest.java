package dev.lambdatck.tck.runtimeapi.platform;

import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.ErrorDoc;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.HostProcesses;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Crashes, timeouts, reuse and concurrency of execution environments (chapter rt-life). */
@ExtendWith(PlatformFunctions.class)
class LifecycleTest {

    static final Duration ONE_SECOND = Duration.ofSeconds(1);

    static Fn oneSecond(Functions fx, String key) {
        return fx.fresh(key, s -> s.withTimeout(ONE_SECOND));
    }

    static long pid(FixtureResult r) {
        return r.first("echo").path("pid").asLong();
    }

    /** A background process with a unique command line, started from inside the environment. */
    static Step spawnMarker(String marker) {
        return Step.exec("sh", "-c", "sleep " + marker + " >/dev/null 2>&1 </dev/null &");
    }

    static String newMarker() {
        // a unique, valid `sleep` argument: seconds with a random fraction
        return "3141." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    }

    @RuleTest("RT-LIFE-001")
    void reportsANonZeroExitAsExitError(Functions fx) {
        WireResponse r = fx.fresh("exit-3").invoke(Script.of(Step.exit(3)));
        ErrorDoc e = ErrorDoc.of(r.body()).orElse(null);
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-LIFE-001: function error flagged").isPresent();
        assertThat(e).as("RT-LIFE-001: a JSON error (got '%s')", r.bodyText()).isNotNull();
        assertThat(e.errorType()).as("RT-LIFE-001: errorType after exit status 3").isEqualTo("Runtime.ExitError");
        assertThat(e.errorMessage()).as("RT-LIFE-001: errorMessage contains the exit status").contains("3");
    }

    @RuleTest("RT-LIFE-002")
    void reportsASignalAsExitError(Functions fx) {
        WireResponse r = fx.fresh("kill").invoke(Script.of(Step.kill("KILL")));
        ErrorDoc e = ErrorDoc.of(r.body()).orElse(null);
        assertThat(e).as("RT-LIFE-002: a JSON error (got '%s')", r.bodyText()).isNotNull();
        assertThat(e.errorType()).as("RT-LIFE-002: errorType after SIGKILL").isEqualTo("Runtime.ExitError");
        assertThat(e.errorMessage()).as("RT-LIFE-002: errorMessage names the signal").containsIgnoringCase("kill");
    }

    @RuleTest("RT-LIFE-003")
    void reportsAZeroExitAsExitError(Functions fx) {
        WireResponse r = fx.fresh("exit-0").invoke(Script.of(Step.exit(0)));
        assertThat(ErrorDoc.typeIn(r)).as("RT-LIFE-003: errorType after exit status 0 (body '%s')", r.bodyText()).hasValue("Runtime.ExitError");
    }

    @RuleTest("RT-LIFE-007")
    void restartsTheRuntimeAfterACrashOrATimeout(Functions fx) {
        // process ids may repeat (PID namespaces): a process's own invocation count tells a new process from an old one
        Fn crash = fx.fresh("crash-restart");
        crash.run(Script.of(Step.echo()));
        FixtureResult before = crash.run(Script.of(Step.echo()));
        crash.invoke(Script.of(Step.exit(1)));
        FixtureResult after = crash.run(Script.of(Step.echo()));
        assertThat(before.invocation()).as("RT-LIFE-007: the first process served two invocations").isEqualTo(2);
        assertThat(after.invocation()).as("RT-LIFE-007: after a crash a new bootstrap process went through Init (first invocation of its own)").isEqualTo(1);

        Fn timeout = oneSecond(fx, "timeout-restart");
        timeout.run(Script.of(Step.echo()));
        FixtureResult t0 = timeout.run(Script.of(Step.echo()));
        timeout.invoke(Script.of(Step.sleep(4000)));
        FixtureResult t1 = timeout.run(Script.of(Step.echo()));
        assertThat(t0.invocation()).as("RT-LIFE-007: the first process served two invocations").isEqualTo(2);
        assertThat(t1.invocation()).as("RT-LIFE-007: after a timeout a new bootstrap process went through Init (first invocation of its own)").isEqualTo(1);
    }

    @RuleTest("RT-LIFE-008")
    void keepsTheRuntimeAfterAnError(Functions fx) {
        Fn fn = fx.shared();
        WireResponse failed = fn.invoke(Script.of(Step.echo(), Step.error("Tck.Handled", "handled")));
        FixtureResult next = fn.run(Script.of(Step.echo(), Step.recall()));
        List<FixtureResult> earlier = next.recalled();
        assertThat(ErrorDoc.typeIn(failed)).as("RT-LIFE-008: the first invocation reported its error").hasValue("Tck.Handled");
        assertThat(earlier).as("RT-LIFE-008: the process that reported the error served the next invocation").isNotEmpty();
        FixtureResult before = earlier.get(earlier.size() - 1);
        assertThat(pid(next)).as("RT-LIFE-008: same process after /error").isEqualTo(pid(before));
        assertThat(next.invocation()).as("RT-LIFE-008: the same process counted on").isEqualTo(before.invocation() + 1);
    }

    @RuleTest("RT-LIFE-009")
    void reusesTheRuntimeForConsecutiveInvocations(Functions fx) {
        Fn fn = fx.shared();
        FixtureResult a = fn.run(Script.of(Step.echo()));
        FixtureResult b = fn.run(Script.of(Step.echo()));
        FixtureResult c = fn.run(Script.of(Step.echo()));
        assertThat(List.of(pid(b), pid(c))).as("RT-LIFE-009: consecutive invocations served by process %d", pid(a)).containsOnly(pid(a));
        assertThat(List.of(b.invocation(), c.invocation())).as("RT-LIFE-009: invocation numbers follow %d", a.invocation())
                .containsExactly(a.invocation() + 1, a.invocation() + 2);
    }

    @RuleTest("RT-LIFE-010")
    void neverGivesABusyRuntimeASecondInvocation(Functions fx) {
        Fn fn = fx.fresh("busy");
        fn.run(Script.of(Step.echo()));
        // while the runtime works on the first invocation a second one is queued; the runtime then asks /next again
        CompletableFuture<WireResponse> first = fn.invokeAsync(Script.of(Step.echo(), Step.sleep(400),
                Step.http("GET", Step.API + "/runtime/invocation/next"), Step.respond()));
        sleep(150);
        CompletableFuture<WireResponse> second = fn.invokeAsync(Script.of(Step.echo()).bytes(), Map.of());
        FixtureResult r = Fn.result(first.join());
        second.join();
        var again = r.first("http");
        int status = again.path("status").asInt();
        String id = again.path("headers").path("lambda-runtime-aws-request-id").asText("");
        assertThat(status == 403 || (status == 200 && id.equals(r.requestId())))
                .as("RT-LIFE-010: a busy runtime asking /next again got 403 or its own invocation, not the queued one (got %d, request id '%s', current '%s')",
                        status, id, r.requestId()).isTrue();
    }

    @RuleTest("RT-LIFE-011")
    void givesEachConcurrentInvokerItsOwnResult(Functions fx) {
        Fn fn = fx.fresh("concurrent", s -> s.withConcurrency(2));
        List<String> results = new ArrayList<>();
        List<CompletableFuture<WireResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String result = "result-" + i + "-" + UUID.randomUUID();
            results.add(result);
            calls.add(fn.invokeAsync(Script.of(Step.sleep(50L * (i % 3)), Step.respond(Body.text(result), "text/plain"))));
        }
        for (int i = 0; i < results.size(); i++) {
            WireResponse r = calls.get(i).join();
            assertThat(r.bodyText()).as("RT-LIFE-011: invoker %d received the result produced for its own payload", i).isEqualTo(results.get(i));
        }
    }

    @RuleTest("RT-LIFE-012")
    void deliversEachInvocationOnceEvenWhenTheRuntimeFails(Functions fx) {
        Fn fn = oneSecond(fx, "once");
        String crashMarker = "tck-delivery-crash-" + UUID.randomUUID();
        String timeoutMarker = "tck-delivery-timeout-" + UUID.randomUUID();
        fn.invoke(Script.of(Step.log(crashMarker), Step.exit(1)));
        fn.invoke(Script.of(Step.log(timeoutMarker), Step.sleep(4000)));
        fn.run(Script.of(Step.echo()));
        fn.run(Script.of(Step.echo()));
        String logs = fn.logs();
        assertThat(count(logs, crashMarker)).as("RT-LIFE-012: the invocation whose runtime crashed was delivered once (log:%n%s)", logs).isEqualTo(1);
        assertThat(count(logs, timeoutMarker)).as("RT-LIFE-012: the invocation that timed out was delivered once (log:%n%s)", logs).isEqualTo(1);
    }

    @RuleTest("RT-LIFE-013")
    void queuesOrServesAnInvocationWhileBusy(Functions fx) {
        Fn fn = fx.fresh("queue");
        fn.run(Script.of(Step.echo()));
        CompletableFuture<WireResponse> busy = fn.invokeAsync(Script.of(Step.sleep(800), Step.respond(Body.text("busy"))));
        sleep(100);
        WireResponse waiting = fn.invoke(Script.of(Step.echo()));
        assertThat(busy.join().bodyText()).as("RT-LIFE-013: the first invocation completed").isEqualTo("busy");
        if (waiting.status() == 429) return; // explicit throttling is allowed
        assertThat(waiting.status()).as("RT-LIFE-013: an invocation arriving while busy waits or is served (or gets 429)").isEqualTo(200);
        assertThat(Fn.result(waiting).first("echo").path("ok").asBoolean()).as("RT-LIFE-013: it reached a runtime").isTrue();
    }

    @RuleTest("RT-LIFE-015")
    void endsEveryProcessWhenTheFunctionIsRemoved(Functions fx) {
        Fn fn = fx.fresh("removed");
        String marker = newMarker();
        try {
            fn.run(Script.of(spawnMarker(marker), Step.echo()));
            if (!HostProcesses.appears(marker, Duration.ofMillis(500), fx.timeouts().poll())) {
                throw new NotApplicable("the function's processes are not visible from the TCK's host");
            }
            fn.deployed().close();
            Duration bound = fx.timeouts().invoke().compareTo(Duration.ofSeconds(10)) > 0 ? fx.timeouts().invoke() : Duration.ofSeconds(10);
            boolean gone = HostProcesses.gone(marker, bound, fx.timeouts().poll());
            assertThat(gone).as("RT-LIFE-015: every process of the removed function ended within %d ms; still running:%s",
                    bound.toMillis(), gone ? "" : HostProcesses.describe(marker)).isTrue();
        } finally {
            HostProcesses.killAll(marker);
        }
    }

    static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

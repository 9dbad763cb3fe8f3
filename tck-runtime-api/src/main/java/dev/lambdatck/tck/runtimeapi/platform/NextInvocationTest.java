package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Prerequisites;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /runtime/invocation/next as the fixture runtime sees it (chapter rt-next). */
@ExtendWith(PlatformFunctions.class)
class NextInvocationTest {

    static final String REQUEST_ID = "lambda-runtime-aws-request-id";
    static final String DEADLINE = "lambda-runtime-deadline-ms";
    static final String ARN = "lambda-runtime-invoked-function-arn";
    static final String TRACE = "lambda-runtime-trace-id";
    /** RT-NEXT-012's pause with the runtime waiting in /next: a long poll of a few seconds is ordinary, not stale. */
    static final long WAITING_NEXT_PAUSE_MS = 3000;

    @RuleTest("RT-NEXT-001")
    void deliversThePayloadByteForByte(Functions fx) {
        byte[] payload = new byte[512];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 7 + 3);
        byte[] text = " ünïcödé ✓ \u0000 end".getBytes(StandardCharsets.UTF_8);
        byte[] event = new byte[payload.length + text.length];
        System.arraycopy(payload, 0, event, 0, payload.length);
        System.arraycopy(text, 0, event, payload.length, text.length);
        // a plain event comes back unchanged: the fixture echoes what /next delivered
        WireResponse r = fx.shared().invoke(event, Map.of("Content-Type", "application/octet-stream"));
        assertThat(r.status()).as("RT-NEXT-001: invoke status").isEqualTo(200);
        assertThat(r.body()).as("RT-NEXT-001: the event the runtime received (echoed back) equals the %d bytes sent", event.length)
                .isEqualTo(event);
    }

    @RuleTest("RT-NEXT-002")
    void namesTheInvocationInARequestIdHeader(Functions fx) {
        Fn fn = fx.shared();
        // unchecked: this rule is the prerequisite the other tests are blocked by
        WireResponse answer = fn.invokeUnchecked(Script.of(Step.echo()));
        assertThat(fn.logs()).as("RT-NEXT-002: the fixture runtime reported a GET /next answer without a request id")
                .doesNotContain(Prerequisites.NO_REQUEST_ID);
        Prerequisites.checkOthers(fn, answer, "RT-NEXT-002");
        FixtureResult r = Fn.result(answer);
        assertThat(r.nextHeader(REQUEST_ID)).as("RT-NEXT-002: /next answer carries a non-empty Lambda-Runtime-Aws-Request-Id")
                .hasValueSatisfying(v -> assertThat(v).isNotBlank());
    }

    @RuleTest("RT-NEXT-003")
    void givesEveryInvocationItsOwnRequestId(Functions fx) {
        Fn fn = fx.shared();
        String a = fn.run(Script.of(Step.echo())).nextHeader(REQUEST_ID).orElse(null);
        String b = fn.run(Script.of(Step.echo())).nextHeader(REQUEST_ID).orElse(null);
        assertThat(a).as("RT-NEXT-003: first invocation's request id").isNotBlank();
        assertThat(b).as("RT-NEXT-003: two invocations have different request ids").isNotBlank().isNotEqualTo(a);
    }

    @RuleTest("RT-NEXT-004")
    void sendsTheDeadlineAsEpochMilliseconds(Functions fx) {
        FixtureResult r = fx.shared().run(Script.of(Step.echo()));
        String v = r.nextHeader(DEADLINE).orElse(null);
        assertThat(v).as("RT-NEXT-004: Lambda-Runtime-Deadline-Ms present").isNotNull();
        assertThat(v).as("RT-NEXT-004: deadline is a base-10 integer").matches("[0-9]+");
        long now = System.currentTimeMillis();
        assertThat(Long.parseLong(v)).as("RT-NEXT-004: deadline %s is Unix epoch milliseconds (now is %d ms)", v, now)
                .isBetween(now - Duration.ofDays(1).toMillis(), now + Duration.ofDays(1).toMillis());
    }

    @RuleTest("RT-NEXT-005")
    void setsTheDeadlineWithinTheFunctionTimeout(Functions fx) {
        Fn fn = fx.shared();
        fn.run(Script.of(Step.echo())); // warm: the deadline is about delivery, not start-up
        long before = System.currentTimeMillis();
        FixtureResult r = fn.run(Script.of(Step.echo()));
        long after = System.currentTimeMillis();
        long deadline = r.nextHeader(DEADLINE).map(NextInvocationTest::parseOrZero).orElse(0L);
        long timeout = fn.spec().timeout().toMillis();
        assertThat(deadline).as("RT-NEXT-005: deadline %d lies after the invocation was sent (%d)", deadline, before)
                .isGreaterThan(before - 1000);
        assertThat(deadline).as("RT-NEXT-005: deadline %d is at most delivery + timeout %d ms + 1 s (answer at %d)", deadline, timeout, after)
                .isLessThanOrEqualTo(after + timeout + 1000);
        assertThat(deadline).as("RT-NEXT-005: deadline leaves the function most of its %d ms timeout", timeout)
                .isGreaterThanOrEqualTo(before + timeout - 1000);
    }

    @RuleTest("RT-NEXT-006")
    void namesTheInvokedFunctionArn(Functions fx) {
        Fn fn = fx.shared();
        FixtureResult r = fn.run(Script.of(Step.echo()));
        assertThat(r.nextHeader(ARN)).as("RT-NEXT-006: Lambda-Runtime-Invoked-Function-Arn is an ARN naming %s", fn.name())
                .hasValueSatisfying(v -> assertThat(v).startsWith("arn:").contains(fn.name()));
    }

    @RuleTest("RT-NEXT-007")
    void carriesATraceId(Functions fx) {
        FixtureResult r = fx.shared().run(Script.of(Step.echo()));
        assertThat(r.nextHeader(TRACE)).as("RT-NEXT-007: /next answer carries Lambda-Runtime-Trace-Id").isPresent();
    }

    @RuleTest("RT-NEXT-008")
    void formatsTheTraceIdAsAnXRayHeader(Functions fx) {
        FixtureResult r = fx.shared().run(Script.of(Step.echo()));
        String v = r.nextHeader(TRACE).orElseThrow(() -> new NotApplicable("the /next answer carried no Lambda-Runtime-Trace-Id"));
        assertThat(v).as("RT-NEXT-008: trace header is X-Ray syntax with Root=1-<8 hex>-<24 hex>")
                .matches("([A-Za-z]+=[^;]*;)*Root=1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}(;[A-Za-z]+=[^;]*)*");
    }

    @RuleTest("RT-NEXT-009")
    void omitsOptionalHeadersInsteadOfSendingThemEmpty(Functions fx) {
        FixtureResult r = fx.shared().run(Script.of(Step.echo()));
        for (String h : new String[]{"lambda-runtime-client-context", "lambda-runtime-cognito-identity", "lambda-runtime-aws-tenant-id"}) {
            Optional<String> v = r.nextHeader(h);
            assertThat(v.map(String::isBlank).orElse(false)).as("RT-NEXT-009: %s is absent or non-empty (was '%s')", h, v.orElse(null))
                    .isFalse();
        }
    }

    @RuleTest("RT-NEXT-010")
    void passesTheInvokersContentType(Functions fx) {
        Fn fn = fx.shared();
        FixtureResult typed = fn.run(Script.of(Step.echo()), Map.of("Content-Type", "application/x-tck-event"));
        assertThat(typed.nextHeader("content-type")).as("RT-NEXT-010: /next Content-Type equals the invoker's")
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/x-tck-event"));
        FixtureResult plain = fn.run(Script.of(Step.echo()));
        assertThat(plain.nextHeader("content-type")).as("RT-NEXT-010: /next Content-Type is application/json when the invoker gave none")
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    @RuleTest("RT-NEXT-011")
    void holdsNextOpenWhileNoInvocationIsPending(Functions fx) throws InterruptedException {
        Fn fn = fx.shared();
        FixtureResult first = fn.run(Script.of(Step.echo()));
        Thread.sleep(Math.max(500, fx.timeouts().quiet().toMillis()));
        FixtureResult second = fn.run(Script.of(Step.echo()));
        int a = first.first("echo").path("invocation").asInt();
        int b = second.first("echo").path("invocation").asInt();
        long pa = first.first("echo").path("pid").asLong();
        long pb = second.first("echo").path("pid").asLong();
        if (pa != pb) throw new NotApplicable("the two invocations were served by different processes (" + pa + ", " + pb + ")");
        assertThat(b).as("RT-NEXT-011: the runtime got no invocation while idle (invocation numbers %d then %d)", a, b)
                .isEqualTo(a + 1);
    }

    @RuleTest("RT-NEXT-012")
    void answersTheWaitingNextWhenAnInvocationArrives(Functions fx) throws InterruptedException {
        Fn fn = fx.fresh("waiting-next");
        FixtureResult before = fn.run(Script.of(Step.echo()));
        // the fixture now waits in GET /next and never polls again on its own: a long poll must outlast a pause
        Thread.sleep(Math.max(WAITING_NEXT_PAUSE_MS, fx.timeouts().quiet().toMillis()));
        long t0 = System.nanoTime();
        WireResponse r = fn.invoke(Script.of(Step.echo()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.status()).as("RT-NEXT-012: invoke status").isEqualTo(200);
        JsonNode after = Fn.result(r).first("echo");
        assertThat(after.path("ok").asBoolean()).as("RT-NEXT-012: invocation reached the waiting runtime").isTrue();
        assertThat(ms).as("RT-NEXT-012: the invocation was delivered to the waiting /next promptly").isLessThan(fn.spec().timeout().toMillis());
        Optional<String> failedNext = logLines(fn).filter(l -> l.contains("GET /next answered") || l.contains("GET /next failed")).findFirst();
        assertThat(failedNext).as("RT-NEXT-012: the runtime's waiting GET /next was answered without the invocation").isEmpty();
        long pa = before.first("echo").path("pid").asLong();
        long pb = after.path("pid").asLong();
        if (pa != pb) throw new NotApplicable("the platform replaced the idle runtime (process " + pa + ", then " + pb + ")");
        int a = before.first("echo").path("invocation").asInt();
        int b = after.path("invocation").asInt();
        assertThat(b).as("RT-NEXT-012: the waiting runtime served the invocation as its next one (invocation numbers %d then %d)", a, b)
                .isEqualTo(a + 1);
    }

    /** The function log's lines; none when the target keeps no log. */
    private static Stream<String> logLines(Fn fn) {
        try {
            String log = fn.logs();
            return log == null ? Stream.empty() : log.lines();
        } catch (RuntimeException noLog) {
            return Stream.empty();
        }
    }

    @RuleTest("RT-NEXT-013")
    void neverHandsOutAnotherInvocationWhileOneIsOpen(Functions fx) {
        Fn fn = fx.fresh("repeat-next");
        FixtureResult r = fn.run(Script.of(Step.echo(), Step.http("GET", Step.API + "/runtime/invocation/next"), Step.respond()));
        var step = r.first("http");
        int status = step.path("status").asInt();
        String again = step.path("headers").path(REQUEST_ID).asText("");
        assertThat(status == 403 || (status == 200 && again.equals(r.requestId())))
                .as("RT-NEXT-013: a repeated /next while the invocation is open re-delivers it or gets 403 (got %d, request id '%s', current '%s')",
                        status, again, r.requestId())
                .isTrue();
    }

    @RuleTest("RT-NEXT-014")
    void deliversJsonWithoutReserialisingIt(Functions fx) throws Exception {
        String event = "{\"tck\":{\"v\":1,\"steps\":[{\"op\":\"echo\"}]},  \"z\" : 1.0E+2, \"a\":\"\\u00e9\\/\\n\",\n \"b\":[ 1 ,2.50 ] ,\"k\":{}}";
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        FixtureResult r = Fn.result(fx.shared().invoke(bytes, Map.of("Content-Type", "application/json")));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(r.first("echo").path("eventSha256").asText())
                .as("RT-NEXT-014: the JSON payload reached the runtime with its white space, key order and escapes (%d bytes sent, %d received)",
                        bytes.length, r.first("echo").path("eventBytes").asInt())
                .isEqualTo(sha);
    }

    @RuleTest("RT-NEXT-016")
    void keepsAnInvocationThatArrivesAfterAnAbandonedNext(Functions fx) {
        Fn fn = fx.fresh("abandoned-next");
        String tag = "tck-next-016-" + java.util.UUID.randomUUID();
        // after the answer, curl waits in GET /next and gives up after 0.5 s, closing its connection; then the fixture polls
        WireResponse answer = fn.invoke(Script.of(Step.respond(dev.lambdatck.tck.runtimeapi.support.Body.text("done")), Step.exec("sh", "-c",
                "command -v curl >/dev/null || { echo " + tag + " no-curl >&2; exit 127; }; "
                        + "curl -s -m 0.5 -o /dev/null \"http://$AWS_LAMBDA_RUNTIME_API" + Step.API + "/runtime/invocation/next\"; "
                        // the rule is about an invocation arriving after the close: give the platform a moment to see it
                        + "sleep 0.3; echo \"" + tag + " abandoned $?\" > /proc/$PPID/fd/2").set("timeoutMs", 5000)));
        assertThat(answer.bodyText()).as("RT-NEXT-016: the first invocation was answered").isEqualTo("done");
        long end = System.nanoTime() + fn.invokeDeadline().toNanos();
        String line = null;
        while (line == null && System.nanoTime() < end) {
            line = fn.logs().lines().filter(l -> l.contains(tag)).findFirst().orElse(null);
            if (line == null) LifecycleTest.sleep(fx.timeouts().poll().toMillis());
        }
        if (line == null || line.contains("no-curl")) throw new NotApplicable("the environment has no sh and curl (or /proc) to abandon a GET /next with");
        WireResponse r = fn.invoke(Script.of(Step.echo()));
        assertThat(FixtureResult.parse(r.body()).map(FixtureResult::invocation).orElse(-1))
                .as("RT-NEXT-016: the invocation after the abandoned GET /next reached the same runtime as its second invocation (got HTTP %d: %s)",
                        r.status(), r.bodyText())
                .isEqualTo(2);
    }

    static long parseOrZero(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

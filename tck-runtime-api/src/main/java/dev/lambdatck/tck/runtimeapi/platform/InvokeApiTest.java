package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.ErrorDoc;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.Json;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Prerequisites;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireRequest;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The invoker's side: POST /2015-03-31/functions/NAME/invocations (chapter rt-invoke). */
@ExtendWith(PlatformFunctions.class)
class InvokeApiTest {

    static final String LOG_TYPE = "X-Amz-Log-Type";
    static final String LOG_RESULT = "X-Amz-Log-Result";
    static final String CLIENT_CONTEXT = "X-Amz-Client-Context";

    static int invocationNumber(Fn fn) {
        return fn.run(Script.of(Step.echo())).invocation();
    }

    @RuleTest("RT-INVOKE-001")
    void answersSynchronousInvocationsWith200(Functions fx) {
        Fn fn = fx.shared();
        WireResponse ok = fn.invoke(Script.of(Step.respond(Body.text("fine"), "text/plain")));
        WireResponse failed = fn.invoke(Script.of(Step.error("Tck.Failed", "failed")));
        assertThat(ok.status()).as("RT-INVOKE-001: status when the function succeeded").isEqualTo(200);
        assertThat(ok.bodyText()).as("RT-INVOKE-001: body is the function's result").isEqualTo("fine");
        assertThat(failed.status()).as("RT-INVOKE-001: status when the function failed").isEqualTo(200);
        assertThat(ErrorDoc.typeIn(failed)).as("RT-INVOKE-001: body is the function's error").hasValue("Tck.Failed");
    }

    @RuleTest("RT-INVOKE-002")
    void queuesEventInvocations(Functions fx) throws InterruptedException {
        Fn fn = fx.shared();
        String marker = "tck-event-" + UUID.randomUUID();
        WireResponse r = fn.invoke(Script.of(Step.log(marker), Step.respond()), Map.of(Fn.INVOCATION_TYPE, "Event"));
        assertThat(r.status()).as("RT-INVOKE-002: status of an Event invocation").isEqualTo(202);
        assertThat(r.body()).as("RT-INVOKE-002: body of an Event invocation").isEmpty();
        long end = System.nanoTime() + fn.invokeDeadline().toNanos();
        while (!fn.logs().contains(marker) && System.nanoTime() < end) Thread.sleep(fx.timeouts().poll().toMillis());
        if (!fn.logs().contains(marker)) Prerequisites.checkLog(fn);
        assertThat(fn.logs()).as("RT-INVOKE-002: the event was then delivered to a runtime (its script logged the marker)").contains(marker);
    }

    @RuleTest("RT-INVOKE-003")
    void answersDryRunWithoutRunningTheFunction(Functions fx) {
        Fn fn = fx.shared();
        int before = invocationNumber(fn);
        WireResponse r = fn.invoke(Script.of(Step.echo()), Map.of(Fn.INVOCATION_TYPE, "DryRun"));
        int after = invocationNumber(fn);
        assertThat(r.status()).as("RT-INVOKE-003: status of a DryRun invocation").isEqualTo(204);
        assertThat(after).as("RT-INVOKE-003: the DryRun delivered nothing to the runtime (invocations %d then %d)", before, after).isEqualTo(before + 1);
    }

    @RuleTest("RT-INVOKE-004")
    void doesNotFlagSuccessfulResults(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.respond(Body.text("fine"))));
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-INVOKE-004: no X-Amz-Function-Error after /response").isEmpty();
    }

    @RuleTest("RT-INVOKE-005")
    void reportsPlatformDetectedErrorsAsFunctionErrors(Functions fx) {
        Map<String, WireResponse> cases = new java.util.LinkedHashMap<>();
        cases.put("runtime exit", fx.fresh("crash").invoke(Script.of(Step.exit(2))));
        cases.put("exit during init", fx.fresh("init-crash", s -> s.withEnvironment(Map.of("TCK_FIXTURE_INIT", "exit:2"))).invoke(Script.of(Step.echo())));
        cases.put("timeout", fx.fresh("timeout", s -> s.withTimeout(Duration.ofSeconds(1))).invoke(Script.of(Step.sleep(4000))));
        cases.forEach((what, r) -> {
            assertThat(r.status()).as("RT-INVOKE-005: status after a %s", what).isEqualTo(200);
            assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-INVOKE-005: X-Amz-Function-Error after a %s", what).isPresent();
            assertThat(ErrorDoc.of(r.body()).map(ErrorDoc::wellFormed).orElse(false))
                    .as("RT-INVOKE-005: body '%s' after a %s is JSON with string errorType and errorMessage", r.bodyText(), what).isTrue();
        });
    }

    @RuleTest("RT-INVOKE-006")
    void returnsABoundedLogTail(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.log("x".repeat(100)).set("repeat", 100), Step.respond()), Map.of(LOG_TYPE, "Tail"));
        String b64 = r.header(LOG_RESULT).orElse(null);
        assertThat(b64).as("RT-INVOKE-006: X-Amz-Log-Result present").isNotNull();
        byte[] tail;
        try {
            tail = Base64.getDecoder().decode(b64.trim());
        } catch (IllegalArgumentException e) {
            throw new AssertionError("RT-INVOKE-006: X-Amz-Log-Result is not base64: " + b64);
        }
        assertThat(tail.length).as("RT-INVOKE-006: the decoded tail is at most 4 KB").isBetween(1, 4096);
    }

    @RuleTest("RT-INVOKE-007")
    void includesTheInvocationsOutputInTheLogTail(Functions fx) {
        String marker = "tck-tail-" + UUID.randomUUID();
        // output travels through pipes: leave the platform a moment to read the line before the invocation ends
        WireResponse r = fx.shared().invoke(Script.of(Step.log(marker), Step.sleep(200), Step.respond()), Map.of(LOG_TYPE, "Tail"));
        String tail = r.header(LOG_RESULT).map(v -> new String(Base64.getDecoder().decode(v.trim()), StandardCharsets.UTF_8)).orElse("");
        assertThat(tail).as("RT-INVOKE-007: the line written during the invocation is in the decoded log tail").contains(marker);
    }

    @RuleTest("RT-INVOKE-008")
    void namesTheExecutedVersion(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.respond()));
        assertThat(r.header("X-Amz-Executed-Version")).as("RT-INVOKE-008: X-Amz-Executed-Version for an unqualified invocation").hasValue("$LATEST");
    }

    @RuleTest("RT-INVOKE-009")
    void forwardsTheDecodedClientContext(Functions fx) throws Exception {
        String context = "{\"custom\":{\"tck\":\"client context ✓\"},\"client\":{\"app_title\":\"tck\"},\"env\":{}}";
        FixtureResult r = fx.shared().run(Script.of(Step.echo()),
                Map.of(CLIENT_CONTEXT, Base64.getEncoder().encodeToString(context.getBytes(StandardCharsets.UTF_8))));
        String got = r.nextHeader("lambda-runtime-client-context").orElse(null);
        assertThat(got).as("RT-INVOKE-009: Lambda-Runtime-Client-Context present").isNotNull();
        JsonNode parsed = Json.parse(got.getBytes(StandardCharsets.UTF_8)).orElse(null);
        assertThat(parsed).as("RT-INVOKE-009: the runtime received the decoded JSON text, not base64 (got '%s')", got)
                .isEqualTo(Json.MAPPER.readTree(context));
    }

    @RuleTest("RT-INVOKE-010")
    void refusesAnInvalidClientContext(Functions fx) {
        Fn fn = fx.shared();
        int before = invocationNumber(fn);
        WireResponse notBase64 = fn.invoke(Script.of(Step.echo()), Map.of(CLIENT_CONTEXT, "!!not base64!!"));
        WireResponse notJson = fn.invoke(Script.of(Step.echo()),
                Map.of(CLIENT_CONTEXT, Base64.getEncoder().encodeToString("not json".getBytes(StandardCharsets.UTF_8))));
        int after = invocationNumber(fn);
        assertThat(notBase64.status()).as("RT-INVOKE-010: status for a client context that is not base64").isEqualTo(400);
        assertThat(notJson.status()).as("RT-INVOKE-010: status for a client context that is not JSON").isEqualTo(400);
        assertThat(after).as("RT-INVOKE-010: neither reached the runtime (invocations %d then %d)", before, after).isEqualTo(before + 1);
    }

    @RuleTest("RT-INVOKE-011")
    void refusesAnOversizedClientContext(Functions fx) {
        Fn fn = fx.shared();
        int before = invocationNumber(fn);
        String big = "{\"custom\":{\"pad\":\"" + "p".repeat(3000) + "\"}}";
        String b64 = Base64.getEncoder().encodeToString(big.getBytes(StandardCharsets.UTF_8));
        WireResponse r = fn.invoke(Script.of(Step.echo()), Map.of(CLIENT_CONTEXT, b64));
        int after = invocationNumber(fn);
        assertThat(r.status()).as("RT-INVOKE-011: status for a %d-byte client context", b64.length()).isEqualTo(400);
        assertThat(after).as("RT-INVOKE-011: it did not reach the runtime").isEqualTo(before + 1);
    }

    @RuleTest("RT-INVOKE-012")
    void forwardsTheCallersTraceRoot(Functions fx) {
        String root = "1-" + String.format("%08x", System.currentTimeMillis() / 1000) + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        FixtureResult r = fx.shared().run(Script.of(Step.echo()), Map.of("X-Amzn-Trace-Id", "Root=" + root + ";Sampled=1"));
        assertThat(r.nextHeader("lambda-runtime-trace-id")).as("RT-INVOKE-012: Lambda-Runtime-Trace-Id carries the caller's Root")
                .hasValueSatisfying(v -> assertThat(v).contains("Root=" + root));
    }

    @RuleTest("RT-INVOKE-013")
    void refusesAnOversizedPayloadWith413(Functions fx) {
        byte[] payload = new byte[LimitsTest.RESPONSE_LIMIT + 1];
        Arrays.fill(payload, (byte) 'z');
        WireResponse r = fx.shared().invoke(payload, Map.of("Content-Type", "application/octet-stream"));
        assertThat(r.status()).as("RT-INVOKE-013: status for a %d-byte payload", payload.length).isEqualTo(413);
        String type = r.header("X-Amzn-ErrorType").orElse("") + " " + r.bodyText();
        assertThat(type).as("RT-INVOKE-013: the error type is RequestTooLargeException").contains("RequestTooLargeException");
    }

    @RuleTest("RT-INVOKE-014")
    void answersAnUnknownFunctionWith404(Functions fx) {
        Fn fn = fx.shared();
        String missing = "tck-no-such-function-" + UUID.randomUUID().toString().substring(0, 8);
        String url = fn.invokeUrl().toString().replace("/functions/" + fn.name() + "/", "/functions/" + missing + "/");
        if (url.equals(fn.invokeUrl().toString())) url = fn.invokeUrl().resolve("/2015-03-31/functions/" + missing + "/invocations").toString();
        WireResponse r = fn.send(WireRequest.post(URI.create(url)).body(Script.of(Step.echo()).bytes()));
        assertThat(r.status()).as("RT-INVOKE-014: status for function %s", missing).isEqualTo(404);
        String type = r.header("X-Amzn-ErrorType").orElse("") + " " + r.bodyText();
        assertThat(type).as("RT-INVOKE-014: the error type is ResourceNotFoundException").contains("ResourceNotFoundException");
    }

    @RuleTest("RT-INVOKE-015")
    void forwardsTheTenantId(Functions fx) {
        Fn fn = fx.shared();
        FixtureResult with = fn.run(Script.of(Step.echo()), Map.of("X-Amz-Tenant-Id", "tck-tenant-42"));
        FixtureResult without = fn.run(Script.of(Step.echo()));
        assertThat(with.nextHeader("lambda-runtime-aws-tenant-id")).as("RT-INVOKE-015: the runtime received the tenant id").hasValue("tck-tenant-42");
        assertThat(without.nextHeader("lambda-runtime-aws-tenant-id")).as("RT-INVOKE-015: no tenant id header without a tenant").isEmpty();
    }

}

package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.runtimeapi.support.Answered;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.ErrorDoc;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Payload size limits (chapter rt-limit). */
@ExtendWith(PlatformFunctions.class)
class LimitsTest {

    static final int RESPONSE_LIMIT = 6_291_556;
    static final int PAYLOAD_LIMIT = 6_291_456;
    static final int DECLARED = 7_000_000;

    @RuleTest("RT-LIMIT-001")
    void acceptsAResponseOfExactlyTheLimit(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.respond(Body.size(RESPONSE_LIMIT, 'a'), "text/plain")));
        assertThat(a.steps().first("respond").path("status").asInt()).as("RT-LIMIT-001: /response of exactly %d bytes answered", RESPONSE_LIMIT)
                .isEqualTo(202);
        byte[] body = a.answer().body();
        assertThat(body.length).as("RT-LIMIT-001: bytes the invoker received").isEqualTo(RESPONSE_LIMIT);
        assertThat(allOf(body, (byte) 'a')).as("RT-LIMIT-001: the invoker received the body intact").isTrue();
    }

    @RuleTest("RT-LIMIT-002")
    void refusesAResponseAboveTheLimitWith413(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.respond(Body.size(RESPONSE_LIMIT + 1, 'b'), "text/plain")));
        JsonNode step = a.steps().first("respond");
        assertThat(step.path("status").asInt()).as("RT-LIMIT-002: /response of %d bytes answered", RESPONSE_LIMIT + 1).isEqualTo(413);
        assertThat(ErrorDoc.of(step.path("responseBody").asText()).map(ErrorDoc::errorType).orElse(null))
                .as("RT-LIMIT-002: errorType of the 413 answer '%s'", step.path("responseBody").asText()).isEqualTo("RequestEntityTooLarge");
    }

    @RuleTest("RT-LIMIT-003")
    void explainsTheLimitInThe413Message(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.respond(Body.size(RESPONSE_LIMIT + 1, 'c'), "text/plain")));
        assertThat(ErrorDoc.of(a.steps().first("respond").path("responseBody").asText()).map(ErrorDoc::errorMessage).orElse(null))
                .as("RT-LIMIT-003: errorMessage of the 413 answer").isEqualTo("Exceeded maximum allowed payload size (6291556 bytes).");
    }

    @RuleTest("RT-LIMIT-004")
    void reportsAnOversizedResponseToTheInvoker(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.respond(Body.size(RESPONSE_LIMIT + 1, 'd'), "text/plain")));
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-LIMIT-004: function error flagged").isPresent();
        assertThat(ErrorDoc.typeIn(r)).as("RT-LIMIT-004: errorType the invoker received").hasValue("Function.ResponseSizeTooLarge");
    }

    @RuleTest("RT-LIMIT-005")
    void finishesTheInvocationAfterA413(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.echo(), Step.respond(Body.size(RESPONSE_LIMIT + 1, 'e'), "text/plain"),
                Step.http("POST", Step.CURRENT_ERROR).body(Body.text("{\"errorMessage\":\"after 413\",\"errorType\":\"Tck.After413\"}"))));
        int status = a.steps().first("respond").path("status").asInt();
        if (status != 413) throw new dev.lambdatck.core.NotApplicable("the oversized /response was answered " + status + ", not 413 (see RT-LIMIT-002)");
        assertThat(a.steps().first("http").path("status").asInt()).as("RT-LIMIT-005: a further /error for the finished invocation is refused")
                .isBetween(400, 499);
        FixtureResult next = fx.shared().run(Script.of(Step.echo()));
        assertThat(next.invocation()).as("RT-LIMIT-005: the next invocations are served by the same process (it counts on)")
                .isEqualTo(a.steps().invocation() + 2);
    }

    @RuleTest("RT-LIMIT-006")
    void countsChunkedResponseBytesToo(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.http("POST", Step.CURRENT_RESPONSE).set("chunked", true)
                .body(Body.size(RESPONSE_LIMIT + 1, 'f'))));
        assertThat(a.steps().first("http").path("status").asInt()).as("RT-LIMIT-006: chunked /response of %d bytes answered", RESPONSE_LIMIT + 1)
                .isEqualTo(413);
    }

    @RuleTest("RT-LIMIT-007")
    void refusesADeclaredOversizeBeforeTheBodyArrives(Functions fx) {
        // Content-Length says 7000000 but only a few bytes follow: only an answer that does not wait for the body can come
        String sent = "only these bytes";
        Answered a = Answered.run(fx.shared(), Script.of(Step.http("POST", Step.CURRENT_RESPONSE).set("declaredLength", DECLARED)
                .set("timeoutMs", 2000).body(Body.text(sent))));
        JsonNode step = a.steps().first("http");
        assertThat(step.path("ok").asBoolean()).as("RT-LIMIT-007: an answer came within 2 s while %d of the %d declared bytes were never sent (step: %s)",
                DECLARED - sent.length(), DECLARED, step).isTrue();
        assertThat(step.path("status").asInt()).as("RT-LIMIT-007: status of a /response declaring %d bytes", DECLARED).isEqualTo(413);
    }

    @RuleTest("RT-LIMIT-008")
    void answersAnOversizedErrorWith4xx(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.error().body(Body.size(RESPONSE_LIMIT + 1, 'g'))));
        JsonNode step = a.steps().first("error");
        assertThat(step.path("ok").asBoolean()).as("RT-LIMIT-008: the platform answered the oversized /error (step: %s)", step).isTrue();
        assertThat(step.path("status").asInt()).as("RT-LIMIT-008: status of an /error of %d bytes", RESPONSE_LIMIT + 1).isBetween(400, 499);
    }

    @RuleTest("RT-LIMIT-009")
    void deliversAPayloadOfSixMebibytes(Functions fx) {
        // a script padded to the limit: the runtime reports size and digest of what it received, so the check does
        // not depend on the way back (a 6 MiB result has rules of its own)
        byte[] payload = paddedEcho(PAYLOAD_LIMIT);
        WireResponse r = fx.shared().invoke(payload, Map.of("Content-Type", "application/json"));
        assertThat(r.status()).as("RT-LIMIT-009: invoke status for a %d-byte payload", PAYLOAD_LIMIT).isEqualTo(200);
        JsonNode echo = Fn.result(r).first("echo");
        assertThat(echo.path("eventBytes").asLong()).as("RT-LIMIT-009: bytes the runtime received").isEqualTo(PAYLOAD_LIMIT);
        assertThat(echo.path("eventSha256").asText()).as("RT-LIMIT-009: SHA-256 of what the runtime received equals the payload's")
                .isEqualToIgnoringCase(sha256(payload));
    }

    /** {@code {"tck":{"v":1,"steps":[{"op":"echo"}]},"pad":"pp…p"}} and a newline, exactly {@code size} bytes. */
    static byte[] paddedEcho(int size) {
        byte[] head = "{\"tck\":{\"v\":1,\"steps\":[{\"op\":\"echo\"}]},\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        Arrays.fill(out, (byte) 'p');
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, size - tail.length, tail.length);
        return out;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @RuleTest("RT-LIMIT-010")
    void refusesAnOversizedPayloadBeforeTheRuntime(Functions fx) {
        Fn fn = fx.shared();
        int before = fn.run(Script.of(Step.echo())).invocation();
        byte[] payload = new byte[RESPONSE_LIMIT + 1];
        Arrays.fill(payload, (byte) 'q');
        WireResponse r = fn.invoke(payload, Map.of("Content-Type", "application/octet-stream"));
        FixtureResult after = fn.run(Script.of(Step.echo()));
        assertThat(r.status()).as("RT-LIMIT-010: invoke status for a %d-byte payload", payload.length).isEqualTo(413);
        assertThat(after.invocation()).as("RT-LIMIT-010: the oversized payload never reached the runtime (invocation numbers %d, then %d)",
                before, after.invocation()).isEqualTo(before + 1);
    }

    static boolean allOf(byte[] b, byte v) {
        for (byte x : b) if (x != v) return false;
        return true;
    }
}

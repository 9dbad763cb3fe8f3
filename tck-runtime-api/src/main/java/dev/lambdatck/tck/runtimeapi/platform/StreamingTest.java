package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.runtimeapi.support.Answered;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.ErrorDoc;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.Json;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response streaming (chapter rt-stream). The streaming invoker reads the target's streaming invoke URL
 * as raw HTTP: chunked body, and the error reported at the end of the stream as the trailers
 * {@value #ERROR_TYPE} and {@value #ERROR_BODY} (base64), the wire form of the reference platform.
 */
@ExtendWith(PlatformFunctions.class)
class StreamingTest {

    static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    static final String ERROR_BODY = "Lambda-Runtime-Function-Error-Body";
    static final String MODE = "Lambda-Runtime-Function-Response-Mode";

    static Step stream(String contentType, ObjectNode... chunks) {
        Step s = Step.op("stream").set("contentType", contentType);
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (ObjectNode c : chunks) a.add(c);
        return s.set("chunks", a);
    }

    static ObjectNode delayed(ObjectNode body, long ms) {
        return body.put("delayMs", ms);
    }

    static Step errorTrailer(Step s, String type, String message) {
        return s.set("errorTrailer", Json.object().put("errorType", type).put("message", message));
    }

    @RuleTest("RT-STREAM-001")
    void deliversTheStreamedBytes(Functions fx) {
        Fn fn = fx.shared();
        WireResponse r = fn.stream(Script.of(stream("application/octet-stream", Body.text("alpha-"), Body.text("beta-"), Body.text("gamma"))));
        assertThat(r.status()).as("RT-STREAM-001: streaming invoke status").isEqualTo(200);
        assertThat(r.bodyText()).as("RT-STREAM-001: the streaming invoker received the concatenated chunks").isEqualTo("alpha-beta-gamma");
        Answered a = Answered.run(fn, Script.of(stream("text/plain", Body.text("x"), Body.text("y"))));
        assertThat(a.steps().first("stream").path("status").asInt()).as("RT-STREAM-001: status of the streamed /response").isEqualTo(202);
    }

    @RuleTest("RT-STREAM-002")
    void forwardsStreamedBytesAsTheyArrive(Functions fx) {
        Fn fn = fx.shared();
        fn.run(Script.of(Step.echo())); // warm
        WireResponse r = fn.stream(Script.of(stream("text/plain", Body.text("first-"), delayed(Body.text("second"), 1500))));
        assertThat(r.bodyText()).as("RT-STREAM-002: body").isEqualTo("first-second");
        long first = r.arrivalOf(0);
        long second = r.arrivalOf("first-".length());
        assertThat(second - first).as("RT-STREAM-002: the first chunk reached the invoker (at %d ms) while the runtime held back the second (at %d ms)",
                first, second).isGreaterThanOrEqualTo(1000);
    }

    @RuleTest("RT-STREAM-003")
    void propagatesTheStreamedContentType(Functions fx) {
        WireResponse r = fx.shared().stream(Script.of(stream("text/x-tck-stream", Body.text("typed"))));
        assertThat(r.header("Content-Type")).as("RT-STREAM-003: the streaming invoker's Content-Type")
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/x-tck-stream"));
    }

    @RuleTest("RT-STREAM-004")
    void refusesAnUnknownResponseMode(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.http("POST", Step.CURRENT_RESPONSE)
                .headers(Map.of(MODE, "buffered-please")).body(Body.text("mode?"))));
        var step = a.steps().first("http");
        assertThat(step.path("status").asInt()).as("RT-STREAM-004: /response with an unknown response mode answered").isEqualTo(400);
        assertThat(ErrorDoc.of(step.path("body").asText()).map(ErrorDoc::errorType).orElse(null))
                .as("RT-STREAM-004: errorType of the refusal").isEqualTo("InvalidFunctionResponseMode");
    }

    @RuleTest("RT-STREAM-005")
    void failsTheInvocationAfterAnUnknownResponseMode(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.http("POST", Step.CURRENT_RESPONSE)
                .headers(Map.of(MODE, "buffered-please")).body(Body.text("mode?"))));
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-STREAM-005: function error flagged").isPresent();
        assertThat(ErrorDoc.typeIn(r)).as("RT-STREAM-005: errorType the invoker received (body '%s')", r.bodyText())
                .hasValue("Runtime.InvalidResponseModeHeader");
    }

    @RuleTest("RT-STREAM-006")
    void reportsTheErrorTrailerType(Functions fx) {
        WireResponse r = fx.shared().stream(Script.of(errorTrailer(stream("text/plain", Body.text("partial")), "Tck.StreamFailed", "mid-stream")));
        assertThat(r.trailer(ERROR_TYPE)).as("RT-STREAM-006: error type at the end of the stream").hasValue("Tck.StreamFailed");
    }

    @RuleTest("RT-STREAM-007")
    void reportsTheDecodedErrorBody(Functions fx) {
        WireResponse r = fx.shared().stream(Script.of(errorTrailer(stream("text/plain", Body.text("partial")), "Tck.StreamFailed", "decoded details")));
        String b64 = r.trailer(ERROR_BODY).orElse(null);
        assertThat(b64).as("RT-STREAM-007: error details at the end of the stream").isNotNull();
        String details = new String(Base64.getDecoder().decode(b64.trim()), StandardCharsets.UTF_8);
        assertThat(ErrorDoc.of(details).map(ErrorDoc::errorMessage).orElse(null))
                .as("RT-STREAM-007: the error details are the runtime's decoded error body ('%s')", details).isEqualTo("decoded details");
    }

    @RuleTest("RT-STREAM-008")
    void reportsTheErrorTypeWhenTheBodyTrailerIsNotBase64(Functions fx) {
        WireResponse r = fx.shared().stream(Script.of(Step.http("POST", Step.CURRENT_RESPONSE)
                .headers(Map.of(MODE, "streaming", "Content-Type", "text/plain",
                        "Trailer", ERROR_TYPE + ", " + ERROR_BODY))
                .set("chunked", true).body(Body.text("partial"))
                .set("trailers", Json.object().put(ERROR_TYPE, "Tck.RawTrailer").put(ERROR_BODY, "{not base64!}"))));
        assertThat(r.trailer(ERROR_TYPE)).as("RT-STREAM-008: error type reported despite an invalid error-body trailer").hasValue("Tck.RawTrailer");
    }

    @RuleTest("RT-STREAM-009")
    void givesABufferedInvokerTheWholeStream(Functions fx) {
        Fn fn = fx.shared();
        WireResponse ok = fn.invoke(Script.of(stream("text/plain", Body.text("one-"), Body.text("two-"), Body.text("three"))));
        assertThat(ok.bodyText()).as("RT-STREAM-009: a buffered invoker received the complete concatenated body").isEqualTo("one-two-three");
        WireResponse failed = fn.invoke(Script.of(errorTrailer(stream("text/plain", Body.text("partial")), "Tck.StreamFailed", "m")));
        assertThat(failed.header(Fn.FUNCTION_ERROR)).as("RT-STREAM-009: a buffered invoker received a function error after an error trailer").isPresent();
    }

    @RuleTest("RT-STREAM-010")
    void limitsAStreamReadByABufferedInvoker(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(stream("application/octet-stream",
                Body.size(4_000_000, 's'), Body.size(LimitsTest.RESPONSE_LIMIT + 1 - 4_000_000, 't'))));
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-STREAM-010: function error flagged (got %d bytes)", r.body().length).isPresent();
        assertThat(ErrorDoc.typeIn(r)).as("RT-STREAM-010: errorType for an oversized stream read by a buffered invoker").hasValue("Function.ResponseSizeTooLarge");
    }

    @RuleTest("RT-STREAM-011")
    void passesTheHttpIntegrationPreludeThrough(Functions fx) {
        ObjectNode prelude = Json.object().put("statusCode", 201);
        prelude.putObject("headers").put("x-tck", "prelude");
        Step s = stream("ignored/because-of-prelude", Body.text("streamed body")).set("prelude", prelude);
        WireResponse r = fx.shared().stream(Script.of(s));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(prelude.toString().getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(new byte[8]);
        expected.writeBytes("streamed body".getBytes(StandardCharsets.UTF_8));
        assertThat(r.header("Content-Type")).as("RT-STREAM-011: content type").hasValueSatisfying(v ->
                assertThat(v).startsWith("application/vnd.awslambda.http-integration-response"));
        assertThat(r.body()).as("RT-STREAM-011: prelude, eight NUL bytes and body unchanged").isEqualTo(expected.toByteArray());
    }

    @RuleTest("RT-STREAM-012")
    void reportsATruncatedStreamAsAnError(Functions fx) {
        // the fixture shuts its sending side down after the last data chunk: no zero-length chunk, no trailers
        WireResponse r = fx.shared().stream(Script.of(stream("text/plain", Body.text("cut-"), Body.text("short")).set("truncate", true)));
        String type = r.trailer(ERROR_TYPE).orElse(r.header(Fn.FUNCTION_ERROR).isPresent() ? ErrorDoc.typeIn(r).orElse("") : null);
        assertThat(type).as("RT-STREAM-012: the stream cut off by the runtime ended with an error, not a normal end (trailers %s, body '%s')",
                r.trailers(), r.bodyText()).isEqualTo("Runtime.TruncatedResponse");
    }

    @RuleTest("RT-STREAM-013")
    void endsATimedOutStreamWithAnError(Functions fx) {
        Fn fn = fx.fresh("stream-timeout", s -> s.withTimeout(Duration.ofSeconds(1)));
        fn.run(Script.of(Step.echo())); // warm, so the timeout hits the stream and not init
        WireResponse r = fn.stream(Script.of(stream("text/plain", Body.text("started"), delayed(Body.text("never"), 4000))));
        String type = r.trailer(ERROR_TYPE).orElse(r.header(Fn.FUNCTION_ERROR).isPresent() ? ErrorDoc.typeIn(r).orElse("") : "");
        assertThat(type).as("RT-STREAM-013: the stream ended with an error naming the timeout (trailers %s, body '%s')",
                r.trailers(), r.bodyText()).containsIgnoringCase("time");
        assertThat(r.bodyText()).as("RT-STREAM-013: the held-back chunk never arrived").doesNotContain("never");
    }
}

package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.runtimeapi.support.Answered;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.ErrorDoc;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.Json;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /runtime/invocation/{id}/response (chapter rt-resp). */
@ExtendWith(PlatformFunctions.class)
class ResponseTest {

    static final String WRONG_ID = Step.API + "/runtime/invocation/tck-not-a-current-request-id/";
    static final String PERCENT_ENCODED_RESPONSE = Step.API + "/runtime/invocation/{requestIdPercent}/response";
    /** The fixture's log lines in init mode post-before-next (fixture protocol §4). */
    static final Pattern INIT_POST_RESPONSE = Pattern.compile("init-post response (\\S+)");
    static final Pattern INIT_POST_ERROR = Pattern.compile("init-post error (\\S+)");

    @RuleTest("RT-RESP-001")
    void acceptsTheResponseWith202(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.respond(Body.text("accepted?"), "text/plain")));
        assertThat(a.steps().first("respond").path("status").asInt()).as("RT-RESP-001: /response for the current invocation answered").isEqualTo(202);
    }

    @RuleTest("RT-RESP-002")
    void answersTheResponseWithAJsonStatusDocument(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.http("POST", Step.CURRENT_RESPONSE).body(Body.text("ok"))));
        JsonNode step = a.steps().first("http");
        assertThat(step.path("status").asInt()).as("RT-RESP-002: /response accepted").isBetween(200, 299);
        assertThat(step.path("headers").path("content-type").asText("")).as("RT-RESP-002: 202 answer Content-Type").startsWith("application/json");
        JsonNode body = Json.parseObject(step.path("body").asText("").getBytes(StandardCharsets.UTF_8)).orElse(null);
        assertThat(body).as("RT-RESP-002: 202 answer body '%s' is a JSON object", step.path("body").asText()).isNotNull();
        assertThat(body.path("status").isTextual()).as("RT-RESP-002: 202 answer has a string member status: %s", body).isTrue();
    }

    @RuleTest("RT-RESP-003")
    void deliversTheResponseByteForByte(Functions fx) {
        // 1.5 MiB of every byte value: larger than the buffers a platform might hold a result in
        byte[] result = new byte[3 * 512 * 1024];
        for (int i = 0; i < result.length; i++) result[i] = (byte) (255 - i % 251);
        WireResponse r = fx.shared().invoke(Script.of(Step.respond(Body.bytes(result), "application/octet-stream")));
        assertThat(r.status()).as("RT-RESP-003: invoke status").isEqualTo(200);
        assertThat(r.body().length).as("RT-RESP-003: number of bytes the invoker received").isEqualTo(result.length);
        assertThat(Arrays.equals(r.body(), result)).as("RT-RESP-003: the invoker received exactly the %d bytes the runtime posted",
                result.length).isTrue();
    }

    @RuleTest("RT-RESP-004")
    void passesTheResponseContentType(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.respond(Body.text("<p>tck</p>"), "text/x-tck-result")));
        assertThat(r.header("Content-Type")).as("RT-RESP-004: invoker Content-Type is the runtime's")
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/x-tck-result"));
    }

    @RuleTest("RT-RESP-005")
    void acceptsAnEmptyResponse(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.respond(Body.text(""))));
        assertThat(a.steps().first("respond").path("status").asInt()).as("RT-RESP-005: zero-length /response answered").isEqualTo(202);
    }

    @RuleTest("RT-RESP-006")
    void deliversAnEmptyResponseAsEmpty(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.respond(Body.text(""))));
        assertThat(r.status()).as("RT-RESP-006: invoke status").isEqualTo(200);
        assertThat(r.bodyText()).as("RT-RESP-006: the invoker received a zero-length result").isEmpty();
    }

    @RuleTest("RT-RESP-007")
    void refusesAnUnknownRequestIdWith400(Functions fx) {
        Step strayResponse = Step.http("POST", WRONG_ID + "response").body(Body.text("stray"));
        Step strayError = Step.http("POST", WRONG_ID + "error").body(Body.text("{\"errorMessage\":\"stray\",\"errorType\":\"Tck.Stray\"}"));
        // while the invocation awaits its result, and after it got one
        Answered a = Answered.run(fx.shared(), Script.of(strayResponse, strayError, Step.respond(Body.text("ok")),
                Step.http("POST", WRONG_ID + "response").body(Body.text("stray")),
                Step.http("POST", WRONG_ID + "error").body(Body.text("{\"errorMessage\":\"stray\",\"errorType\":\"Tck.Stray\"}"))));
        for (JsonNode step : a.steps().all("http")) {
            assertThat(step.path("status").asInt()).as("RT-RESP-007: post to an unknown request id answered").isEqualTo(400);
            assertThat(ErrorDoc.of(step.path("body").asText()).isPresent()).as("RT-RESP-007: 400 body '%s' is a JSON error", step.path("body").asText()).isTrue();
        }
    }

    @RuleTest("RT-RESP-008")
    void namesTheUnknownRequestIdError(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.http("POST", WRONG_ID + "response").body(Body.text("stray")),
                Step.respond(Body.text("ok")), Step.http("POST", WRONG_ID + "response").body(Body.text("stray"))));
        for (JsonNode step : a.steps().all("http")) {
            String type = ErrorDoc.of(step.path("body").asText()).map(ErrorDoc::errorType).orElse(null);
            assertThat(type).as("RT-RESP-008: errorType of the answer to an unknown request id").isEqualTo("InvalidRequestID");
        }
    }

    @RuleTest("RT-RESP-009")
    void keepsTheCurrentInvocationAfterAWrongIdPost(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(
                Step.http("POST", WRONG_ID + "response").body(Body.text("stray-response")),
                Step.http("POST", WRONG_ID + "error").body(Body.text("{\"errorMessage\":\"stray\",\"errorType\":\"Tck.Stray\"}")),
                Step.respond(Body.text("the-real-result"), "text/plain")));
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-RESP-009: no function error after stray posts").isEmpty();
        assertThat(r.bodyText()).as("RT-RESP-009: the invoker received the response posted with the right id").isEqualTo("the-real-result");
    }

    @RuleTest("RT-RESP-010")
    void checksTheRequestIdBeforeTheState(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.respond(Body.text("done")),
                Step.http("POST", WRONG_ID + "response").body(Body.text("late and wrong"))));
        assertThat(a.steps().first("http").path("status").asInt())
                .as("RT-RESP-010: a wrong-id /response after the response was accepted is refused as a wrong id").isEqualTo(400);
    }

    @RuleTest("RT-RESP-011")
    void refusesASecondResponseWith403(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.respond(Body.text("first"), "text/plain"),
                Step.http("POST", Step.CURRENT_RESPONSE).body(Body.text("second"))));
        JsonNode second = a.steps().first("http");
        assertThat(second.path("status").asInt()).as("RT-RESP-011: second /response answered").isEqualTo(403);
        assertThat(ErrorDoc.of(second.path("body").asText()).map(ErrorDoc::errorType).orElse(null))
                .as("RT-RESP-011: errorType of the refusal").isEqualTo("InvalidStateTransition");
    }

    @RuleTest("RT-RESP-012")
    void keepsResponseAndErrorExclusive(Functions fx) {
        Fn fn = fx.shared();
        Answered afterResponse = Answered.run(fn, Script.of(Step.respond(Body.text("ok")),
                Step.http("POST", Step.CURRENT_ERROR).body(Body.text("{\"errorMessage\":\"late\",\"errorType\":\"Tck.Late\"}"))));
        Answered afterError = Answered.run(fn, Script.of(Step.error("Tck.First", "first"),
                Step.http("POST", Step.CURRENT_RESPONSE).body(Body.text("late"))));
        for (Answered a : new Answered[]{afterResponse, afterError}) {
            JsonNode late = a.steps().first("http");
            assertThat(late.path("status").asInt()).as("RT-RESP-012: /error after /response, /response after /error answered").isEqualTo(403);
            assertThat(ErrorDoc.of(late.path("body").asText()).map(ErrorDoc::errorType).orElse(null))
                    .as("RT-RESP-012: errorType of the refusal").isEqualTo("InvalidStateTransition");
        }
    }

    @RuleTest("RT-RESP-013")
    void keepsTheFirstResultWhenALaterPostIsRefused(Functions fx) {
        Fn fn = fx.shared();
        WireResponse r1 = fn.invoke(Script.of(Step.respond(Body.text("first"), "text/plain"),
                Step.http("POST", Step.CURRENT_RESPONSE).body(Body.text("second"))));
        WireResponse r2 = fn.invoke(Script.of(Step.respond(Body.text("ok"), "text/plain"),
                Step.http("POST", Step.CURRENT_ERROR).body(Body.text("{\"errorMessage\":\"late\",\"errorType\":\"Tck.Late\"}"))));
        assertThat(r1.bodyText()).as("RT-RESP-013: the invoker received the first response").isEqualTo("first");
        assertThat(r2.bodyText()).as("RT-RESP-013: the invoker received the response, not the later error").isEqualTo("ok");
        assertThat(r2.header(Fn.FUNCTION_ERROR)).as("RT-RESP-013: a refused /error does not flag the result as an error").isEmpty();
    }

    @RuleTest("RT-RESP-014")
    void returnsTheResultWithoutWaitingForTheNextPoll(Functions fx) {
        Fn fn = fx.shared();
        fn.run(Script.of(Step.echo())); // warm
        WireResponse r = fn.invoke(Script.of(Step.respond(Body.text("early"), "text/plain"), Step.sleep(1500)));
        assertThat(r.bodyText()).as("RT-RESP-014: result").isEqualTo("early");
        assertThat(r.durationMs()).as("RT-RESP-014: the invoker was answered before the runtime finished its 1500 ms of post-response work")
                .isLessThan(1200);
    }

    @RuleTest("RT-RESP-015")
    void acceptsAChunkedBufferedResponse(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.http("POST", Step.CURRENT_RESPONSE)
                .headers(Map.of("Content-Type", "text/plain")).set("chunked", true).body(Body.text("de-chunked bytes ✓"))));
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-RESP-015: no function error").isEmpty();
        assertThat(r.bodyText()).as("RT-RESP-015: the invoker received the de-chunked body").isEqualTo("de-chunked bytes ✓");
    }

    @RuleTest("RT-RESP-016")
    void decodesAPercentEncodedRequestId(Functions fx) {
        Answered a = Answered.run(fx.shared(), Script.of(Step.http("POST", PERCENT_ENCODED_RESPONSE)
                .headers(Map.of("Content-Type", "text/plain")).body(Body.text("posted to the percent-encoded id"))));
        assertThat(a.steps().first("http").path("status").asInt())
                .as("RT-RESP-016: /response to the request id with every byte percent-encoded accepted").isBetween(200, 299);
        assertThat(a.answer().bodyText()).as("RT-RESP-016: the invoker received the body posted to the percent-encoded id")
                .isEqualTo("posted to the percent-encoded id");
    }

    @RuleTest("RT-RESP-017")
    void refusesPostsBeforeTheFirstNext(Functions fx) {
        Fn fn = fx.fresh("init-post", s -> s.withEnvironment(Map.of("TCK_FIXTURE_INIT", "post-before-next")));
        WireResponse r = fn.invoke(Script.of(Step.respond(Body.text("the-real-result"), "text/plain")));
        Duration settle = Duration.ofSeconds(2);
        String response = InitTest.firstMatch(fn, INIT_POST_RESPONSE, settle);
        String error = InitTest.firstMatch(fn, INIT_POST_ERROR, settle);
        assertThat(response).as("RT-RESP-017: status of a /response posted during Init, as the fixture logged it (log:%n%s)", fn.logs())
                .isIn("400", "403");
        assertThat(error).as("RT-RESP-017: status of an /error posted during Init, as the fixture logged it (log:%n%s)", fn.logs())
                .isIn("400", "403");
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-RESP-017: the first invocation is not failed by the error posted during Init").isEmpty();
        assertThat(r.bodyText()).as("RT-RESP-017: the first invocation's answer is its own response, not the one posted during Init")
                .isEqualTo("the-real-result");
    }
}

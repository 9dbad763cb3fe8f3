package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /runtime/invocation/{id}/error (chapter rt-err). */
@ExtendWith(PlatformFunctions.class)
class ErrorReportingTest {

    static final String XRAY_CAUSE = "Lambda-Runtime-Function-XRay-Error-Cause";

    @RuleTest("RT-ERR-001")
    void acceptsAnyErrorWith202(Functions fx) {
        Fn fn = fx.shared();
        Answered odd = Answered.run(fn, Script.of(Step.error("Tck.Odd-Type/With Spaces:Ünïcödé", "odd type")));
        Answered none = Answered.run(fn, Script.of(Step.error().set("noTypeHeader", true)));
        for (Answered a : new Answered[]{odd, none}) {
            JsonNode step = a.steps().first("error");
            assertThat(step.path("status").asInt()).as("RT-ERR-001: /error answered (error-type header %s)",
                    a == odd ? "unusual" : "absent").isEqualTo(202);
            JsonNode body = Json.parseObject(step.path("responseBody").asText("").getBytes(StandardCharsets.UTF_8)).orElse(null);
            assertThat(body).as("RT-ERR-001: 202 answer '%s' is a JSON status document", step.path("responseBody").asText()).isNotNull();
            assertThat(body.path("status").isTextual()).as("RT-ERR-001: JSON status document has a string status: %s", body).isTrue();
        }
    }

    @RuleTest("RT-ERR-002")
    void flagsTheFunctionErrorToTheInvoker(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.error("Tck.Flagged", "flag me")));
        assertThat(r.status()).as("RT-ERR-002: invoke status after /error").isEqualTo(200);
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-ERR-002: X-Amz-Function-Error present").isPresent();
    }

    @RuleTest("RT-ERR-003")
    void passesTheErrorBodyThrough(Functions fx) {
        ObjectNode doc = Json.object().put("errorMessage", "kept as is").put("errorType", "Tck.Passthrough").put("extra", 42);
        doc.putArray("stackTrace").add("at tck (tck.java:1)");
        WireResponse r = fx.shared().invoke(Script.of(Step.error().body(Body.json(doc))));
        assertThat(r.bodyText()).as("RT-ERR-003: the invoker received exactly the /error body").isEqualTo(doc.toString());
    }

    @RuleTest("RT-ERR-004")
    void buildsABodilessErrorFromItsTypeHeader(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.error("Tck.FromHeader", "unused").set("noBody", true)));
        assertThat(ErrorDoc.typeIn(r)).as("RT-ERR-004: errorType of the error the invoker received (body '%s')", r.bodyText())
                .hasValue("Tck.FromHeader");
    }

    @RuleTest("RT-ERR-005")
    void stillGivesAnErrorDocumentWithoutBodyOrType(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.error().set("noBody", true).set("noTypeHeader", true)));
        assertThat(ErrorDoc.of(r.body()).map(ErrorDoc::wellFormed).orElse(false))
                .as("RT-ERR-005: the invoker received a JSON object with string errorMessage and errorType (got '%s')", r.bodyText()).isTrue();
    }

    @RuleTest("RT-ERR-006")
    void marksErrorsAsUnhandled(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.error("Tck.Unhandled", "x")));
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-ERR-006: X-Amz-Function-Error value").hasValue("Unhandled");
    }

    @RuleTest("RT-ERR-007")
    void acceptsAnErrorWithABadXRayCause(Functions fx) {
        String body = "{\"errorMessage\":\"bad cause\",\"errorType\":\"Tck.BadCause\"}";
        Answered a = Answered.run(fx.shared(), Script.of(
                Step.http("POST", Step.CURRENT_ERROR).headers(Map.of("Lambda-Runtime-Function-Error-Type", "Tck.BadCause",
                        XRAY_CAUSE, "{not json at all", "Content-Type", "application/json")).body(Body.text(body))));
        assertThat(a.steps().first("http").path("status").asInt()).as("RT-ERR-007: /error with a non-JSON X-Ray cause header answered").isEqualTo(202);
    }

    @RuleTest("RT-ERR-008")
    void keepsTheBodyWhenAnXRayCauseIsSent(Functions fx) {
        ObjectNode doc = Json.object().put("errorMessage", "with cause").put("errorType", "Tck.WithCause");
        ObjectNode cause = Json.object().put("working_directory", "/var/task");
        cause.putArray("paths");
        cause.putArray("exceptions").addObject().put("message", "boom").put("type", "Tck.WithCause");
        WireResponse r = fx.shared().invoke(Script.of(Step.error().body(Body.json(doc)).set("xrayCause", cause)));
        assertThat(r.bodyText()).as("RT-ERR-008: the X-Ray cause did not change the error body").isEqualTo(doc.toString());
    }

    @RuleTest("RT-ERR-009")
    void removesTheErrorCauseFromCauseDocuments(Functions fx) {
        ObjectNode doc = Json.object().put("errorMessage", "with embedded cause").put("errorType", "Tck.Embedded");
        doc.putObject("errorCause").put("working_directory", "/var/task");
        WireResponse r = fx.shared().invoke(Script.of(Step.error().body(Body.json(doc))
                .set("contentType", "application/vnd.aws.lambda.error.cause+json")));
        JsonNode got = Json.parseObject(r.body()).orElse(null);
        assertThat(got).as("RT-ERR-009: the invoker received a JSON object (got '%s')", r.bodyText()).isNotNull();
        assertThat(got.has("errorCause")).as("RT-ERR-009: errorCause removed: %s", got).isFalse();
        assertThat(got.path("errorType").asText()).as("RT-ERR-009: the rest of the document is kept: %s", got).isEqualTo("Tck.Embedded");
        assertThat(got.path("errorMessage").asText()).as("RT-ERR-009: the rest of the document is kept: %s", got).isEqualTo("with embedded cause");
    }

    @RuleTest("RT-ERR-010")
    void refusesAnErrorForAnotherInvocation(Functions fx) {
        Step stray = Step.http("POST", ResponseTest.WRONG_ID + "error").body(Body.text("{\"errorMessage\":\"stray\",\"errorType\":\"Tck.Stray\"}"));
        Answered a = Answered.run(fx.shared(), Script.of(stray, Step.respond(Body.text("ok"), "text/plain"),
                Step.http("POST", ResponseTest.WRONG_ID + "error").body(Body.text("{\"errorMessage\":\"stray\",\"errorType\":\"Tck.Stray\"}"))));
        for (JsonNode step : a.steps().all("http")) {
            assertThat(step.path("status").asInt()).as("RT-ERR-010: /error with a wrong request id answered").isEqualTo(400);
        }
        assertThat(a.answer().header(Fn.FUNCTION_ERROR)).as("RT-ERR-010: the stray error was not reported to the invoker").isEmpty();
        assertThat(a.answer().bodyText()).as("RT-ERR-010: the invoker received the response").isEqualTo("ok");
    }

    @RuleTest("RT-ERR-011")
    void passesAPlainTextErrorThrough(Functions fx) {
        Fn fn = fx.shared();
        Answered a = Answered.run(fn, Script.of(Step.error().body(Body.text("plain text failure")).set("contentType", "text/plain")));
        assertThat(a.steps().first("error").path("status").asInt()).as("RT-ERR-011: non-JSON /error answered").isEqualTo(202);
        assertThat(a.answer().bodyText()).as("RT-ERR-011: the invoker received the text unchanged").isEqualTo("plain text failure");
    }
}

package dev.lambdatck.tck.runtimeapi.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;
import dev.lambdatck.tck.runtimeapi.support.Json;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.lambdatck.tck.runtimeapi.runtime.ErrorDocuments.errorDocument;
import static dev.lambdatck.tck.runtimeapi.runtime.ErrorDocuments.requireError;
import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

/** How the runtime reports handler failures (chapter rtc-err). The failures are scripted {@code error} steps. */
class RuntimeErrorTest {

    static final String TYPE = "Function.TckScriptedError";

    static Event failing(String message) {
        return Event.json(Script.of(Step.error(TYPE, message)).bytes());
    }

    static RecordedRequest failOnce(RuntimeSession s, Event e) {
        s.awaitFirstNext();
        return s.serve(e);
    }

    @RuleTest("RTC-ERR-001")
    void handlerFailuresArePostedToError(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            Event e = failing("the handler failed");
            RecordedRequest answer = failOnce(s, e);
            assertThat(answer.kind()).as("a handler failure must be posted to /runtime/invocation/{id}/error; got %s", answer).isEqualTo(ERROR);
        }
    }

    @RuleTest("RTC-ERR-002")
    void errorDocumentHasMessageAndType(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            errorDocument(requireError(failOnce(s, failing("shape check"))));
        }
    }

    @RuleTest("RTC-ERR-003")
    void stackTraceIsAnArrayOfStrings(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            Step step = Step.error(TYPE, "with a stack trace");
            ArrayNode frames = Json.MAPPER.createArrayNode().add("at handler (app.js:1)").add("at runtime (loop.js:2)");
            step.set("stackTrace", frames);
            RecordedRequest error = requireError(failOnce(s, Event.json(Script.of(step).bytes())));
            JsonNode doc = Json.parse(error.body()).orElseThrow(() -> new AssertionError("the /error body is not JSON: "
                    + RuntimeSession.preview(error.bodyText())));
            JsonNode trace = doc.path("stackTrace");
            assertThat(trace.isArray()).as("stackTrace is an array in %s", RuntimeSession.preview(error.bodyText())).isTrue();
            for (JsonNode frame : trace) assertThat(frame.isTextual()).as("stackTrace element %s is a string", frame).isTrue();
        }
    }

    @RuleTest("RTC-ERR-004")
    void errorContentTypeIsJson(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            RecordedRequest error = requireError(failOnce(s, failing("content type check")));
            assertThat(ErrorDocuments.mediaType(error)).as("Content-Type of /error")
                    .isIn("application/json", "application/vnd.aws.lambda.error+json");
        }
    }

    @RuleTest("RTC-ERR-005")
    void errorTypeHeaderIsSent(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            RecordedRequest error = requireError(failOnce(s, failing("error type check")));
            Optional<String> type = error.header(ErrorDocuments.ERROR_TYPE);
            assertThat(type).as("%s header on /error", ErrorDocuments.ERROR_TYPE).isPresent();
            assertThat(type.get()).as("%s value", ErrorDocuments.ERROR_TYPE).matches(ErrorDocuments.CATEGORY_REASON);
        }
    }

    @RuleTest("RTC-ERR-006")
    void xrayCauseIsSingleLineJson(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            ObjectNode cause = Json.object();
            cause.put("working_directory", "/var/task");
            ObjectNode ex = cause.putArray("exceptions").addObject();
            ex.put("type", "TckError").put("message", "line one\nline two \"quoted\" \u00e9\u2603");
            ex.putArray("stack").addObject().put("path", "app.js").put("line", 1).put("label", "handler");
            cause.putArray("paths").add("app.js");
            Step step = Step.error(TYPE, "with an X-Ray cause").set("xrayCause", cause);
            RecordedRequest error = failOnce(s, Event.json(Script.of(step).bytes()));
            assertThat(error.wire().framingError()).as("the post carrying the X-Ray cause must be well framed"
                    + " (a CR or LF in a header value breaks the request)").isNull();
            Optional<String> value = error.header(ErrorDocuments.XRAY_CAUSE);
            if (value.isEmpty()) throw new NotApplicable("the runtime sent no " + ErrorDocuments.XRAY_CAUSE + " header");
            assertThat(error.wire().problems()).as("header section of the post").noneMatch(p -> p.contains("folding"));
            assertThat(value.get().getBytes(StandardCharsets.UTF_8).length).as("size of the X-Ray cause").isLessThan(1024 * 1024);
            assertThat(Json.parse(value.get().getBytes(StandardCharsets.UTF_8))).as("the X-Ray cause is valid JSON: %s", value.get()).isPresent();
        }
    }

    @RuleTest("RTC-ERR-007")
    void errorTextSurvivesAsJson(TargetDescriptor d, TckTimeouts t) {
        String message = "h\u00e9llo w\u00f6rld \u2603 \u65e5\u672c \uD83C\uDF89 ctl\u0001\u001f tab\t newline\n quote\" backslash\\ end";
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            RecordedRequest error = requireError(failOnce(s, failing(message)));
            JsonNode doc = errorDocument(error);
            assertThat(doc.path("errorMessage").asText()).as("errorMessage decoded from the /error body").isEqualTo(message);
        }
    }

    @RuleTest("RTC-ERR-008")
    void keepsServingAfterAnError(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            failOnce(s, failing("a non-fatal failure"));
            byte[] next = Probes.bytes("after the error");
            Event e = s.invoke(Event.of(next, "application/octet-stream"));
            Optional<RecordedRequest> answer = s.answer(e, t.invoke());
            assertThat(answer).as("the runtime must serve the next event after posting /error; %s", s.explain()).isPresent();
            RuntimePayloadTest.assertEcho(answer.get(), next, "the event after a handler failure");
        }
    }

    @RuleTest("RTC-ERR-009")
    void reportsAFatalFailureBeforeExiting(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            // a handler failure the runtime cannot survive: for a language client the conformance handler ends its process
            Event e = s.invoke(Script.of(Step.fatal("Runtime.TckFatal", "the handler cannot go on")));
            OptionalInt code = s.process().awaitExit(t.invoke());
            if (code.isEmpty()) throw new NotApplicable("the runtime kept running after the fatal handler failure; " + s.explain());
            Optional<RecordedRequest> error = s.first(r -> r.kind() == ERROR && e.requestId().equals(r.pathRequestId()));
            assertThat(error).as("/error for invocation %s before the runtime exited with status %d; %s",
                    e.requestId(), code.getAsInt(), s.explain()).isPresent();
        }
    }
}

package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Answer;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Header;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.ERROR;
import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

/** How the runtime reads the context headers of GET /next (chapter rtc-ctx). */
class RuntimeContextTest {

    static Event plain(String text) {
        return Probes.text(text);
    }

    /** The event is served (echoed to /response) and the runtime then serves a normal event. */
    static void served(RuntimeSession s, Event e, String what) {
        RuntimePayloadTest.assertEcho(s.serve(e), e.payload(), what);
        stillServing(s, what);
    }

    /** After an odd event the runtime answers a normal one, in the same process. */
    static void stillServing(RuntimeSession s, String after) {
        Event normal = s.invoke(plain("a normal event after " + after));
        Optional<RecordedRequest> answer = s.answer(normal, s.timeouts().invoke());
        assertThat(answer).as("the runtime must keep serving after %s; %s", after, s.explain()).isPresent();
        RuntimePayloadTest.assertEcho(answer.get(), normal.payload(), "a normal event after " + after);
    }

    @RuleTest("RTC-CTX-002")
    void servesWithoutOptionalHeaders(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            Event e = plain("no optional headers");
            for (String h : Event.OPTIONAL) e.without(h);
            served(s, e, "an event without " + String.join(", ", Event.OPTIONAL));
        }
    }

    @RuleTest("RTC-CTX-003")
    void servesWithEmptyOptionalHeaders(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            Event e = plain("empty optional headers");
            for (String h : Event.OPTIONAL) e.header(h, "");
            served(s, e, "an event whose optional headers are empty");
        }
    }

    static List<Event> badDeadlines() {
        return List.of(plain("no deadline").without(Event.DEADLINE), plain("deadline not a number").header(Event.DEADLINE, "soon"),
                plain("deadline not an integer").header(Event.DEADLINE, "1.5e12"));
    }

    @RuleTest("RTC-CTX-004")
    void survivesABadDeadline(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            for (Event e : badDeadlines()) {
                String what = "an event with " + e.headersAt(0).stream().filter(h -> h.is(Event.DEADLINE)).findFirst()
                        .map(h -> "deadline '" + h.value() + "'").orElse("no deadline");
                RecordedRequest answer = s.serve(e);
                assertThat(answer.kind()).as("answer to %s", what).isIn(RESPONSE, ERROR);
                stillServing(s, what);
            }
        }
    }

    @RuleTest("RTC-CTX-005")
    void reportsABadDeadline(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            for (Event e : badDeadlines()) {
                RecordedRequest answer = s.serve(e);
                assertThat(answer.kind()).as("an event with a missing or non-integer deadline should be reported through /error; got %s", answer)
                        .isEqualTo(ERROR);
            }
        }
    }

    @RuleTest("RTC-CTX-006")
    void ignoresUnknownHeadersAndBodies(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            Event e = plain("unknown headers").header("Lambda-Runtime-Tck-Future-Header", "future value")
                    .header("X-Tck-Unknown", "{\"not\": \"for you\"}").header(Event.TENANT_ID, "tenant-42");
            s.api().answerNextPost(Answer.json(202, "{\"status\":\"OK\",\"tck\":{\"unknown\":[1,2,3]},\"note\":\"ignore me\"}",
                    List.of(new Header("Lambda-Runtime-Tck-Unknown-Answer-Header", "x"))));
            served(s, e, "an event with unknown headers, answered with an unknown 202 body");
        }
    }

    @RuleTest("RTC-CTX-007")
    void survivesMalformedClientContext(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            for (Event e : List.of(plain("bad client context").header(Event.CLIENT_CONTEXT, "{not json"),
                    plain("bad cognito identity").header(Event.COGNITO_IDENTITY, "[\"unterminated"))) {
                RecordedRequest answer = s.serve(e);
                assertThat(answer.kind()).as("answer to an event with malformed context JSON").isIn(RESPONSE, ERROR);
                stillServing(s, "an event with malformed context JSON");
            }
        }
    }

    @RuleTest("RTC-CTX-008")
    void matchesHeaderNamesInAnyCase(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            for (boolean upper : new boolean[]{false, true}) {
                Event e = plain("header names in " + (upper ? "upper" : "lower") + " case");
                String deadline = Long.toString(System.currentTimeMillis() + 60_000);
                for (Header h : e.headersAt(System.currentTimeMillis())) {
                    String name = upper ? h.name().toUpperCase(Locale.ROOT) : h.name().toLowerCase(Locale.ROOT);
                    e.header(name, h.is(Event.DEADLINE) ? deadline : h.value());
                }
                RuntimePayloadTest.assertEcho(s.serve(e), e.payload(), "an event whose header names are in "
                        + (upper ? "upper" : "lower") + " case");
            }
        }
    }

    @RuleTest("RTC-CTX-009")
    void survivesNonAsciiHeaderValues(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            Event e = plain("non-ASCII context").header(Event.CLIENT_CONTEXT,
                            "{\"custom\":{\"name\":\"Zo\u00eb \u2603 \u65e5\u672c\"},\"env\":{},\"client\":{}}")
                    .header(Event.COGNITO_IDENTITY, "{\"cognitoIdentityId\":\"us-east-1:\u00e9\u00e8\",\"cognitoIdentityPoolId\":\"p\u00f6ol\"}");
            served(s, e, "an event whose context headers hold non-ASCII UTF-8");
        }
    }
}

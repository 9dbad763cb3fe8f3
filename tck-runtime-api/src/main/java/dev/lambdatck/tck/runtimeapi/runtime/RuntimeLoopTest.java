package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Answer;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.runtime.fake.FakeRuntimeApi;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Header;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.INIT_ERROR;
import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.NEXT;
import static org.assertj.core.api.Assertions.assertThat;

/** The runtime's processing loop (chapter rtc-loop). */
class RuntimeLoopTest {

    /** More /next calls than this after /next failed for good is a busy loop, not a bounded retry. */
    static final int MAX_RETRIES_AFTER_FAILURE = 20;

    static Event plain(String text) {
        return Probes.text(text);
    }

    /** Events served in a row: enough to see a loop rather than a short fixed sequence. */
    static final int LOOP_EVENTS = 8;

    @RuleTest("RTC-LOOP-001")
    void servesOneEventAfterAnotherAndAsksAgain(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            RecordedRequest delivery = null;
            for (int i = 1; i <= LOOP_EVENTS; i++) {
                Event e = s.invoke(plain("loop event " + i));
                s.awaitAnswer(e);
                delivery = s.awaitDelivery(e);
            }
            RecordedRequest last = delivery;
            Optional<RecordedRequest> again = s.watch(r -> r.kind() == NEXT && r.sequence() > last.sequence(), t.invoke());
            assertThat(again).as("after result %d the runtime must call GET /next again; %s", LOOP_EVENTS, s.explain()).isPresent();
        }
    }

    @RuleTest("RTC-LOOP-002")
    void usesTheAddressFromTheEnvironment(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.expectFirstNext("the runtime must reach the Runtime API at AWS_LAMBDA_RUNTIME_API=" + s.api().address());
            s.serve(plain("address check"));
            for (RecordedRequest r : s.api().requests()) {
                assertThat(r.wire().target()).as("request #%d must use a /2018-06-01/runtime/ URL", r.sequence())
                        .startsWith("/2018-06-01/runtime/");
                r.header("Host").ifPresent(host -> assertThat(host).as("Host header of request #%d", r.sequence())
                        .isEqualToIgnoringCase(s.api().address()));
            }
        }
    }

    @RuleTest("RTC-LOOP-003")
    void neverAsksForTheNextEventBeforeAnswering(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            for (int i = 1; i <= 2; i++) {
                // the handler takes a quiet period, giving an early /next time to show
                Event e = s.invoke(Script.of(Step.sleep(t.quiet().toMillis()), Step.respond()));
                RecordedRequest delivered = s.awaitDelivery(e);
                RecordedRequest answer = s.awaitAnswer(e);
                List<RecordedRequest> early = s.api().requests(NEXT).stream()
                        .filter(r -> r.sequence() > delivered.sequence() && r.sequence() < answer.sequence()).toList();
                assertThat(early).as("GET /next sent while invocation %s had no posted result", e.requestId()).isEmpty();
            }
            s.api().awaitCondition(() -> s.api().waitingNext() > 1, t.quiet());
            assertThat(s.api().maxWaitingNext()).as("most GET /next outstanding at once").isLessThanOrEqualTo(1);
        }
    }

    @RuleTest("RTC-LOOP-004")
    void answersToTheRequestIdItReceived(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            // mixed case and no UUID shape: the id is opaque and must come back unchanged
            Event e = s.invoke(plain("route me").requestId("TckRequest-" + UUID.randomUUID().toString().substring(0, 8) + "-AbC"));
            RecordedRequest answer = s.awaitAnswer(e);
            assertThat(answer.pathRequestId()).as("request id in the path of %s", answer).isEqualTo(e.requestId());
            Event error = s.invoke(Event.json(Script.of(Step.error("Function.TckScriptedError", "routed error")).bytes())
                    .requestId("TckRequest-Err-" + UUID.randomUUID()));
            RecordedRequest errorAnswer = s.awaitAnswer(error);
            assertThat(errorAnswer.pathRequestId()).as("request id in the path of %s", errorAnswer).isEqualTo(error.requestId());
        }
    }

    @RuleTest("RTC-LOOP-005")
    void postsExactlyOneResultPerInvocation(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            Event[] events = {
                    plain("one result"),
                    Event.json(Script.of(Step.error("Function.TckScriptedError", "one error")).bytes()),
                    // refused with 413: the invocation is over, no second result may follow
                    Event.json(Script.of(Step.respond(Body.size(FakeRuntimeApi.MAX_BUFFERED_RESPONSE + 1, 'x'))).bytes())};
            for (Event e : events) {
                RecordedRequest first = s.serve(e);
                Optional<RecordedRequest> second = s.watch(r -> r.isAnswer() && r.sequence() > first.sequence(), t.quiet());
                assertThat(second).as("a second result after %s (first answered %s)", first, first.status()).isEmpty();
                if (!s.process().isAlive()) break; // a runtime may end after a 413 (RTC-PAYLOAD-008 judges that)
            }
        }
    }

    @RuleTest("RTC-LOOP-006")
    void keepsWaitingOnAnIdleNext(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            RecordedRequest first = s.awaitFirstNext();
            Duration hold = s.longPoll();
            s.api().awaitCondition(() -> first.abandoned() || s.api().requests(NEXT).size() > 1 || !s.process().isAlive(), hold);
            assertThat(first.abandoned()).as("the runtime gave up its GET /next within %d ms; %s", hold.toMillis(), s.explain()).isFalse();
            assertThat(s.process().isAlive()).as("the runtime exited while GET /next was held; %s", s.explain()).isTrue();
            assertThat(s.api().requests(NEXT)).as("GET /next requests while the first was held").hasSize(1);
            Event e = s.invoke(plain("after a long wait"));
            s.awaitAnswer(e);
            assertThat(s.awaitDelivery(e).sequence()).as("the held GET /next delivers the event").isEqualTo(first.sequence());
        }
    }

    @RuleTest("RTC-LOOP-007")
    void exitsWhenNextAnswers500(TargetDescriptor d, TckTimeouts t) {
        exitsWhenNextFails(d, t, Answer.status(500), "a 500 answer");
    }

    @RuleTest("RTC-LOOP-007")
    void exitsWhenNextIsReset(TargetDescriptor d, TckTimeouts t) {
        exitsWhenNextFails(d, t, Answer.reset(), "a connection reset");
    }

    private static void exitsWhenNextFails(TargetDescriptor d, TckTimeouts t, Answer failure, String what) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            Event e = s.invoke(plain("before the failure"));
            RecordedRequest answer = s.awaitAnswer(e);
            s.api().failNextFromNowOn(failure);
            s.api().awaitCondition(() -> !s.process().isAlive()
                    || nextAfter(s, answer) > MAX_RETRIES_AFTER_FAILURE, t.invoke());
            int attempts = nextAfter(s, answer);
            assertThat(attempts).as("GET /next calls after /next failed for good with %s (a busy loop?)", what)
                    .isLessThanOrEqualTo(MAX_RETRIES_AFTER_FAILURE);
            OptionalInt code = s.process().exitCode();
            assertThat(code).as("the runtime must exit within %d ms once GET /next fails with %s; %s",
                    t.invoke().toMillis(), what, s.explain()).isPresent();
            assertThat(code.getAsInt()).as("exit status after GET /next failed with %s", what).isNotZero();
        }
    }

    private static int nextAfter(RuntimeSession s, RecordedRequest r) {
        return (int) s.api().requests(NEXT).stream().filter(n -> n.sequence() > r.sequence()).count();
    }

    @RuleTest("RTC-LOOP-008")
    void doesNotServeAFailedNext(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            Event earlier = s.invoke(plain("before the failure"));
            s.awaitAnswer(earlier);
            // an error answer dressed as an event: only its status says it is not one
            String bogus = "tck-not-an-invocation-" + UUID.randomUUID();
            s.api().failNextFromNowOn(Answer.json(500, "{\"errorMessage\":\"Internal Server Error\",\"errorType\":\"InternalServerError\"}",
                    List.of(new Header(Event.REQUEST_ID, bogus), new Header(Event.DEADLINE, Long.toString(System.currentTimeMillis() + 15_000)))));
            RecordedRequest failed = s.watch(r -> r.kind() == NEXT && Integer.valueOf(500).equals(r.status()), t.invoke())
                    .orElseThrow(() -> new AssertionError("the runtime did not call GET /next again after its result; " + s.explain()));
            // late posts for the earlier invocation are RTC-LOOP-005's business, an /init/error RTC-INIT-005's;
            // anything else answers the failed /next
            Optional<RecordedRequest> post = s.watch(r -> r.isPost() && r.kind() != INIT_ERROR && r.sequence() > failed.sequence()
                    && !earlier.requestId().equals(r.pathRequestId()), t.quiet().multipliedBy(3));
            assertThat(post).as("a post after GET /next answered 500 (request id header %s)", bogus).isEmpty();
        }
    }

    @RuleTest("RTC-LOOP-009")
    void postsNothingForAnEventWithoutRequestId(TargetDescriptor d, TckTimeouts t) {
        for (String variant : List.of("absent", "empty")) {
            try (RuntimeSession s = RuntimeSession.start(d, t)) {
                s.awaitFirstNext();
                Event earlier = s.invoke(plain("a normal invocation first"));
                s.awaitAnswer(earlier);
                Event e = plain("no request id");
                e = variant.equals("absent") ? e.without(Event.REQUEST_ID) : e.requestId("");
                s.invoke(e);
                RecordedRequest delivery = s.awaitDelivery(e);
                // posts for the earlier invocation are not about this event; an /init/error is RTC-INIT-005's business
                Optional<RecordedRequest> post = s.watch(r -> r.isPost() && r.kind() != INIT_ERROR && r.sequence() > delivery.sequence()
                        && !earlier.requestId().equals(r.pathRequestId()), t.quiet().multipliedBy(3));
                assertThat(post).as("a post after GET /next answered 200 with the request id header %s", variant).isEmpty();
            }
        }
    }
}

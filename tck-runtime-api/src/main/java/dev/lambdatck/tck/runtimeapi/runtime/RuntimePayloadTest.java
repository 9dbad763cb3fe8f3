package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Answer;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.runtime.fake.FakeRuntimeApi;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.ERROR;
import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the runtime carries event and result bytes (chapter rtc-payload). Plain events are echoed back by
 * the runtime's handler (fixture protocol §1), so the result shows the bytes the handler was given.
 */
class RuntimePayloadTest {

    /** The largest event a synchronous invocation carries. */
    static final int MAX_EVENT = 6_291_456;

    static final String UNICODE_JSON = "{\"text\" : \"h\u00e9llo w\u00f6rld \u2603 \u65e5\u672c\u8a9e \uD83C\uDF89\",\n"
            + "  \"escaped\": \"\\u00e9\\n\\t\\\"\\\\\",  \"spaces\" :[ 1 ,2 ]\t}\n";

    /** NUL bytes, every byte value, an invalid UTF-8 sequence and trailing newlines. */
    static byte[] binary() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{0, 0, 'a', 0, (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE});
        for (int i = 0; i < 256; i++) b.write(i);
        b.writeBytes(new byte[]{'z', '\n', '\n'});
        return b.toByteArray();
    }

    /**
     * ASCII with the offset written every 64 bytes, so a lost, repeated or reordered piece is visible; quoted
     * at both ends, so that it is also a JSON string (see {@link Probes}).
     */
    static byte[] large(int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) out[i] = (byte) ('a' + i % 26);
        for (int off = 0; off + 16 <= size; off += 64) {
            byte[] mark = String.format("[%014d]", off).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(mark, 0, out, off, mark.length);
        }
        out[0] = '"';
        out[size - 1] = '"';
        return out;
    }

    static void assertEcho(RecordedRequest answer, byte[] sent, String what) {
        assertThat(answer.kind()).as("%s: the handler's echo must be posted to /response, got %s", what, answer).isEqualTo(RESPONSE);
        byte[] got = answer.body();
        if (!Arrays.equals(got, sent)) {
            int i = firstDifference(got, sent);
            throw new AssertionError(what + ": the echoed bytes differ from the event's: " + got.length + " bytes posted, "
                    + sent.length + " sent, first difference at offset " + i + " (sent " + around(sent, i) + ", posted " + around(got, i) + ")");
        }
    }

    static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return n;
    }

    private static String around(byte[] b, int i) {
        int from = Math.max(0, i - 4);
        int to = Math.min(b.length, i + 8);
        return from >= to ? "(end)" : "hex " + HexFormat.of().formatHex(b, from, to) + " from offset " + from;
    }

    @RuleTest("RTC-PAYLOAD-001")
    void unicodeEventsArriveByteForByte(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            byte[] event = UNICODE_JSON.getBytes(StandardCharsets.UTF_8);
            assertEcho(s.serve(Event.json(event)), event, "UTF-8 JSON event with escapes and white space");
        }
    }

    @RuleTest("RTC-PAYLOAD-002")
    void binaryEventsArriveByteForByteOrAreRefused(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            byte[] event = binary();
            RecordedRequest answer = s.serve(Event.of(event, "application/octet-stream"));
            if (answer.kind() == ERROR) return; // refused cleanly through /error: allowed
            assertEcho(answer, event, "binary event (NUL bytes, invalid UTF-8, trailing newlines)");
        }
    }

    @RuleTest("RTC-PAYLOAD-003")
    void largeEventsAreReadCompletely(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            byte[] event = large(MAX_EVENT);
            // many small writes with pauses: the runtime must not stop at the first short read
            assertEcho(s.serve(Event.of(event, "application/octet-stream").delivered(64 * 1024, 2)), event,
                    "6,291,456-byte event delivered in 64 KiB pieces");
        }
    }

    @RuleTest("RTC-PAYLOAD-004")
    void largeResultsAreSentCompletely(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            long size = FakeRuntimeApi.MAX_BUFFERED_RESPONSE;
            RecordedRequest answer = s.serve(Event.json(Script.of(Step.respond(Body.size(size, 'r'))).bytes()));
            assertThat(answer.kind()).as("a %d-byte result goes to /response", size).isEqualTo(RESPONSE);
            assertThat(answer.wire().framingError()).as("framing of the %d-byte post", size).isNull();
            byte[] body = answer.body();
            assertThat((long) body.length).as("bytes of the posted result").isEqualTo(answer.wire().bodyBytes());
            // a client that JSON-encodes every result (Node's) posts the handler's text as one JSON string: two
            // bytes more, refused with 413, but the whole result was sent, which is what this rule asks
            boolean quoted = body.length == size + 2 && body[0] == '"' && body[body.length - 1] == '"';
            int from = quoted ? 1 : 0;
            assertThat((long) body.length - 2L * from).as("bytes of the posted result (%s)", quoted ? "as a JSON string" : "raw")
                    .isEqualTo(size);
            for (int i = from; i < body.length - from; i++) {
                if (body[i] != 'r') throw new AssertionError("the posted result differs from the handler's at offset " + i);
            }
        }
    }

    @RuleTest("RTC-PAYLOAD-005")
    void binaryResultsArePostedByteForByte(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            byte[] all = new byte[1024];
            for (int i = 0; i < all.length; i++) all[i] = (byte) (i * 7 + 3);
            RecordedRequest returned = s.serve(Event.json(Script.of(Step.respond(Body.bytes(all))).bytes()));
            assertEcho(returned, all, "raw bytes returned by the handler");
            byte[] echoed = binary();
            assertEcho(s.serve(Event.of(echoed, "application/octet-stream")), echoed, "binary event returned as the result");
        }
    }

    @RuleTest("RTC-PAYLOAD-006")
    void emptyEventsDoNotStopTheRuntime(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            RecordedRequest empty = s.serve(Event.json(new byte[0]));
            assertThat(empty.kind()).as("answer to an empty event").isIn(RESPONSE, ERROR);
            byte[] next = Probes.bytes("after the empty event");
            assertEcho(s.serve(Event.of(next, "application/octet-stream")), next, "the event after an empty one");
        }
    }

    /** Serves a result one byte over the limit; NotApplicable when the platform's 413 never reached the runtime. */
    static RecordedRequest tooLarge(RuntimeSession s, Event e) {
        RecordedRequest answer = s.serve(e);
        if (answer.kind() != RESPONSE || answer.status() == null || answer.status() != 413) {
            throw new NotApplicable("the runtime's answer to the oversized result was " + answer
                    + ", not a /response refused with 413");
        }
        return answer;
    }

    static Event oversized() {
        return Event.json(Script.of(Step.respond(Body.size(FakeRuntimeApi.MAX_BUFFERED_RESPONSE + 1, 'x'))).bytes());
    }

    @RuleTest("RTC-PAYLOAD-007")
    void postsNoErrorAfterA413(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            Event e = s.invoke(oversized());
            RecordedRequest refused = tooLarge(s, e);
            Optional<RecordedRequest> error = s.watch(r -> r.kind() == ERROR && r.sequence() > refused.sequence()
                    && e.requestId().equals(r.pathRequestId()), t.quiet().multipliedBy(2));
            assertThat(error).as("/error posted for %s after its /response was refused with 413", e.requestId()).isEmpty();
        }
    }

    @RuleTest("RTC-PAYLOAD-008")
    void keepsServingAfterA413(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            tooLarge(s, s.invoke(oversized()));
            byte[] next = Probes.bytes("after the 413");
            Event e = s.invoke(Event.of(next, "application/octet-stream"));
            Optional<RecordedRequest> answer = s.answer(e, t.invoke());
            assertThat(answer).as("the runtime must serve the next event after a 413; %s", s.explain()).isPresent();
            assertEcho(answer.get(), next, "the event after a 413");
        }
    }

    @RuleTest("RTC-PAYLOAD-009")
    void keepsServingAfter400And403(TargetDescriptor d, TckTimeouts t) {
        Event[] refused = {Probes.text("refused with 400"),
                Event.json(Script.of(Step.error("Function.TckScriptedError", "refused with 403")).bytes())};
        int[] statuses = {400, 403};
        for (int i = 0; i < refused.length; i++) {
            // one session each: the refusal is the first post the runtime makes
            try (RuntimeSession s = RuntimeSession.start(d, t)) {
                s.awaitFirstNext();
                s.api().answerNextPost(Answer.status(statuses[i]));
                RecordedRequest answer = s.serve(refused[i]);
                assertThat(answer.status()).as("the TCK's answer to %s", answer).isEqualTo(statuses[i]);
                keepsServing(s, t, "a " + statuses[i] + " answer to " + answer);
            }
        }
    }

    private static void keepsServing(RuntimeSession s, TckTimeouts t, String after) {
        byte[] next = ("served after " + after).getBytes(StandardCharsets.UTF_8);
        Event e = s.invoke(Event.of(next, "application/octet-stream"));
        Optional<RecordedRequest> answer = s.answer(e, t.invoke());
        assertThat(answer).as("the runtime must call GET /next and serve the next event after %s; %s", after, s.explain()).isPresent();
        assertThat(s.process().isAlive()).as("the runtime is still running after %s", after).isTrue();
    }
}

package dev.lambdatck.tck.runtimeapi.runtime.fake;

import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.results.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.lambdatck.tck.runtimeapi.runtime.fake.RawClient.next;
import static dev.lambdatck.tck.runtimeapi.runtime.fake.RawClient.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeRuntimeApiTest {

    static final TckTimeouts T = new TckTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofMillis(10),
            Duration.ofMillis(200), Duration.ofSeconds(20));

    FakeRuntimeApi api;
    EvidenceLog log;

    @BeforeEach
    void start() {
        log = EvidenceLog.open();
        api = FakeRuntimeApi.start(T);
    }

    @AfterEach
    void stop() {
        api.close();
        EvidenceLog.close();
    }

    @Test
    void bindsLoopbackOnAFreePort() {
        assertThat(api.address()).startsWith("127.0.0.1:").doesNotEndWith(":0");
    }

    @Test
    void nextWaitsForAnEventThenDeliversItWithItsHeaders() throws Exception {
        try (RawClient c = new RawClient(api)) {
            c.send(next());
            assertThat(api.awaitCondition(() -> api.waitingNext() == 1, Duration.ofSeconds(2))).isTrue();
            Event e = api.enqueue(Event.json("{\"a\":1}").header("X-Extra", "").without(Event.FUNCTION_ARN));
            String answer = c.answer();
            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n")
                    .contains("Lambda-Runtime-Aws-Request-Id: " + e.requestId() + "\r\n")
                    .contains("Lambda-Runtime-Deadline-Ms: ").contains("Lambda-Runtime-Trace-Id: Root=1-")
                    .contains("Content-Type: application/json\r\n").contains("X-Extra: \r\n")
                    .doesNotContain("Invoked-Function-Arn").endsWith("\r\n\r\n{\"a\":1}");
        }
        RecordedRequest r = api.requests().get(0);
        assertThat(r.kind()).isEqualTo(RecordedRequest.Kind.NEXT);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("user-agent")).contains("raw/1");
    }

    @Test
    void answersPostsAsTheStateMachineSays() throws Exception {
        Event e = api.enqueue(Event.json("{}"));
        try (RawClient c = new RawClient(api)) {
            c.send(next()).answer();
            assertThat(c.send(post("/invocation/nope/response", "{}")).answer()).startsWith("HTTP/1.1 400 ").contains("InvalidRequestID");
            assertThat(c.send(post("/invocation/" + e.requestId() + "/response", "{\"ok\":true}")).answer())
                    .startsWith("HTTP/1.1 202 ").endsWith("{\"status\":\"OK\"}");
            assertThat(c.send(post("/invocation/" + e.requestId() + "/error", "{}")).answer()).startsWith("HTTP/1.1 403 ")
                    .contains("InvalidStateTransition");
            assertThat(c.send(post("/init/error", "{}")).answer()).startsWith("HTTP/1.1 403 ");
            assertThat(c.send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n").answer()).startsWith("HTTP/1.1 404 ");
            assertThat(c.send("GET /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: x\r\n\r\n").answer()).startsWith("HTTP/1.1 405 ");
        }
        // once the runtime asks for the next event, the old id is no longer current: 400
        api.enqueue(Event.json("{}"));
        try (RawClient c = new RawClient(api)) {
            c.send(next()).answer();
            assertThat(c.send(post("/invocation/" + e.requestId() + "/response", "{}")).answer()).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void initErrorIsAcceptedOnlyBeforeNextAndEndsTheRuntime() throws Exception {
        try (RawClient c = new RawClient(api)) {
            assertThat(c.send(post("/init/error", "{\"errorMessage\":\"m\",\"errorType\":\"t\"}")).answer()).startsWith("HTTP/1.1 202 ");
            assertThat(c.send(next()).answer()).startsWith("HTTP/1.1 403 ");
        }
    }

    @Test
    void refusesResultsAboveTheLimitWith413() throws Exception {
        for (long size : new long[]{FakeRuntimeApi.MAX_BUFFERED_RESPONSE, FakeRuntimeApi.MAX_BUFFERED_RESPONSE + 1}) {
            Event e = api.enqueue(Event.json("{}"));
            try (RawClient c = new RawClient(api)) {
                c.send(next()).answer();
                c.send(("POST /2018-06-01/runtime/invocation/" + e.requestId() + "/response HTTP/1.1\r\nHost: x\r\nContent-Length: "
                        + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                c.send(new byte[(int) size]);
                assertThat(c.answer()).startsWith(size > FakeRuntimeApi.MAX_BUFFERED_RESPONSE ? "HTTP/1.1 413 " : "HTTP/1.1 202 ");
            }
        }
        RecordedRequest big = api.requests(RecordedRequest.Kind.RESPONSE).get(1);
        assertThat(big.wire().bodyBytes()).isEqualTo(FakeRuntimeApi.MAX_BUFFERED_RESPONSE + 1);
    }

    @Test
    void recordsChunkSizesTrailersAndTheModeHeader() throws Exception {
        Event e = api.enqueue(Event.json("{}"));
        try (RawClient c = new RawClient(api)) {
            c.send(next()).answer();
            c.send("POST /2018-06-01/runtime/invocation/" + e.requestId() + "/response HTTP/1.1\r\nHost: x\r\n"
                    + "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
                    + "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n"
                    + "5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nLambda-Runtime-Function-Error-Type: Function.X\r\n"
                    + "Lambda-Runtime-Function-Error-Body: e30=\r\n\r\n");
            assertThat(c.answer()).startsWith("HTTP/1.1 202 ");
        }
        WireRequest w = api.requests(RecordedRequest.Kind.RESPONSE).get(0).wire();
        assertThat(w.chunked()).isTrue();
        assertThat(w.lastChunk()).isTrue();
        assertThat(w.chunkSizes()).containsExactly(5, 1, 5);
        assertThat(new String(w.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(w.trailer("lambda-runtime-function-error-type")).contains("Function.X");
        assertThat(w.trailer("Lambda-Runtime-Function-Error-Body")).contains("e30=");
        assertThat(w.framingError()).isNull();
    }

    @Test
    void malformedChunksAreAFramingErrorAnswered400() throws Exception {
        Event e = api.enqueue(Event.json("{}"));
        try (RawClient c = new RawClient(api)) {
            c.send(next()).answer();
            c.send("POST /2018-06-01/runtime/invocation/" + e.requestId() + "/response HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\ntoo long\r\n0\r\n\r\n");
            assertThat(c.answer()).startsWith("HTTP/1.1 400 ").contains("Tck.MalformedRequest");
        }
        assertThat(api.requests(RecordedRequest.Kind.RESPONSE).get(0).wire().framingError()).contains("not followed by CRLF");
    }

    @Test
    void aTruncatedBodyIsAFramingError() throws Exception {
        Event e = api.enqueue(Event.json("{}"));
        try (RawClient c = new RawClient(api)) {
            c.send(next()).answer();
            c.send("POST /2018-06-01/runtime/invocation/" + e.requestId() + "/response HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            c.socket.shutdownOutput();
            c.rest();
        }
        assertThat(api.await(r -> r.kind() == RecordedRequest.Kind.RESPONSE, Duration.ofSeconds(2)))
                .hasValueSatisfying(r -> assertThat(r.wire().framingError()).contains("ended in the middle"));
    }

    @Test
    void answersExpectContinue() throws Exception {
        Event e = api.enqueue(Event.json("{}"));
        try (RawClient c = new RawClient(api)) {
            c.send(next()).answer();
            c.send("POST /2018-06-01/runtime/invocation/" + e.requestId() + "/response HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 2\r\n\r\n");
            assertThat(c.answer()).startsWith("HTTP/1.1 100 Continue");
            c.send("{}");
            assertThat(c.answer()).startsWith("HTTP/1.1 202 ");
        }
    }

    @Test
    void hostileAnswersOnNext() throws Exception {
        api.enqueueNextAnswer(Answer.status(500));
        api.enqueueNextAnswer(Answer.reset());
        api.enqueueNextAnswer(Answer.truncated(200, "0123456789".getBytes(StandardCharsets.US_ASCII), 4));
        api.enqueueNextAnswer(Answer.malformedChunks(200));
        try (RawClient c = new RawClient(api)) {
            assertThat(c.send(next()).answer()).startsWith("HTTP/1.1 500 ").contains("InternalServerError");
        }
        try (RawClient c = new RawClient(api)) {
            c.send(next());
            assertThatThrownBy(c::rest).isInstanceOf(SocketException.class);
        }
        try (RawClient c = new RawClient(api)) {
            assertThat(new String(c.send(next()).rest(), StandardCharsets.US_ASCII)).contains("Content-Length: 10").endsWith("\r\n\r\n0123");
        }
        try (RawClient c = new RawClient(api)) {
            assertThat(new String(c.send(next()).rest(), StandardCharsets.US_ASCII)).contains("Transfer-Encoding: chunked").endsWith("zz\r\n");
        }
    }

    @Test
    void failingNextFromNowOnAlsoAnswersAWaitingNext() throws Exception {
        try (RawClient c = new RawClient(api)) {
            c.send(next());
            api.awaitCondition(() -> api.waitingNext() == 1, Duration.ofSeconds(2));
            api.failNextFromNowOn(Answer.status(500));
            assertThat(c.answer()).startsWith("HTTP/1.1 500 ");
            assertThat(c.send(next()).answer()).startsWith("HTTP/1.1 500 ");
        }
    }

    @Test
    void injectedPostAnswersAndClosingAfterAnswers() throws Exception {
        Event e = api.enqueue(Event.json("{}"));
        api.answerNextPost(Answer.status(204));
        api.closeConnectionsAfterAnswers(true);
        try (RawClient c = new RawClient(api)) {
            c.send(next()).answer();
            // the connection stays open after /next (closing it would race the runtime's POST) ...
            assertThat(c.send(post("/invocation/" + e.requestId() + "/response", "{}")).answer()).startsWith("HTTP/1.1 204 ");
            assertThat(c.rest()).isEmpty(); // ... and is closed right after the answer to the post
        }
    }

    @Test
    void detectsAnAbandonedNext() throws Exception {
        try (RawClient c = new RawClient(api)) {
            c.send(next());
            api.awaitCondition(() -> api.waitingNext() == 1, Duration.ofSeconds(2));
        }
        assertThat(api.awaitCondition(() -> api.requests().get(0).abandoned(), Duration.ofSeconds(2))).isTrue();
        assertThat(api.waitingNext()).isZero();
    }

    @Test
    void countsOutstandingNextRequests() throws Exception {
        try (RawClient a = new RawClient(api); RawClient b = new RawClient(api)) {
            a.send(next());
            b.send(next());
            assertThat(api.awaitCondition(() -> api.waitingNext() == 2, Duration.ofSeconds(2))).isTrue();
        }
        assertThat(api.maxWaitingNext()).isEqualTo(2);
    }

    @Test
    void deliversSlowlyInPieces() throws Exception {
        byte[] payload = new byte[10_000];
        api.enqueue(Event.of(payload, "application/octet-stream").delivered(1000, 5));
        long t0 = System.nanoTime();
        try (RawClient c = new RawClient(api)) {
            assertThat(c.send(next()).answer()).contains("Content-Length: 10000");
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(40);
    }

    @Test
    void everyRequestBecomesEvidence() throws Exception {
        Event e = api.enqueue(Event.json("{\"x\":1}"));
        try (RawClient c = new RawClient(api)) {
            c.send(next()).answer();
            c.send(post("/invocation/" + e.requestId() + "/response", "{\"y\":2}")).answer();
        }
        api.close();
        List<Exchange> exchanges = log.snapshot().exchanges();
        assertThat(exchanges).hasSize(2).allSatisfy(x -> assertThat(x.direction()).isEqualTo("runtime->tck"));
        assertThat(exchanges.get(1).requestBody()).isEqualTo("{\"y\":2}");
        assertThat(exchanges.get(1).status()).isEqualTo(202);
        assertThat(exchanges.get(0).responseBody()).isEqualTo("{\"x\":1}");
    }

    @Test
    void closeEndsAWaitingNext() throws IOException {
        try (RawClient c = new RawClient(api)) {
            c.send(next());
            api.awaitCondition(() -> api.waitingNext() == 1, Duration.ofSeconds(2));
            long t0 = System.nanoTime();
            api.close();
            assertThat(c.rest()).isEmpty();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
        }
        assertThat(api.requests().get(0).answered()).isTrue();
    }
}

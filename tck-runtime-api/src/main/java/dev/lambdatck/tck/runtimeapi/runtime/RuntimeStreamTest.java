package dev.lambdatck.tck.runtimeapi.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.runtime.fake.FakeRuntimeApi;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;
import dev.lambdatck.tck.runtimeapi.support.Json;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the runtime streams a response (chapter rtc-stream). The streams are scripted with the fixture's
 * {@code stream} step, so these tests need a fixture runtime.
 */
class RuntimeStreamTest {

    static final String ERROR_TYPE_TRAILER = "Lambda-Runtime-Function-Error-Type";
    static final String ERROR_BODY_TRAILER = "Lambda-Runtime-Function-Error-Body";
    static final String HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";
    static final Pattern PADDED_BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
    static final List<String> CHUNKS = List.of("first chunk, ", "second chunk, ", "last chunk");

    static Step stream(boolean failing, ObjectNode prelude) {
        Step s = Step.op("stream").set("contentType", "text/plain");
        ArrayNode chunks = Json.MAPPER.createArrayNode();
        for (int i = 0; i < CHUNKS.size(); i++) chunks.addObject().put("text", CHUNKS.get(i)).put("delayMs", i == 0 ? 0 : 20);
        s.set("chunks", chunks);
        if (failing) s.set("errorTrailer", Json.object().put("errorType", "Function.TckStreamError").put("message", "failed mid-stream"));
        if (prelude != null) s.set("prelude", prelude);
        return s;
    }

    static RecordedRequest streamed(RuntimeSession s, Step step) {
        s.awaitFirstNext();
        RecordedRequest answer = s.serve(Event.json(Script.of(step).bytes()));
        assertThat(answer.kind()).as("a streamed answer goes to /response; got %s", answer).isEqualTo(RESPONSE);
        return answer;
    }

    static RuntimeSession start(TargetDescriptor d, TckTimeouts t) {
        RuntimeSession.requireFixtureProtocol(d, "the TCK scripts streamed responses with the fixture's stream step");
        return RuntimeSession.start(d, t);
    }

    static String body(RecordedRequest r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @RuleTest("RTC-STREAM-001")
    void streamsDeclareTheMode(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = start(d, t)) {
            RecordedRequest r = streamed(s, stream(false, null));
            assertThat(r.header(FakeRuntimeApi.RESPONSE_MODE)).as("%s header of a streamed /response", FakeRuntimeApi.RESPONSE_MODE)
                    .contains("streaming");
            assertThat(r.wire().chunked()).as("Transfer-Encoding: chunked on a streamed /response").isTrue();
        }
    }

    @RuleTest("RTC-STREAM-002")
    void streamsAreTerminated(TargetDescriptor d, TckTimeouts t) {
        for (boolean failing : new boolean[]{false, true}) {
            try (RuntimeSession s = start(d, t)) {
                RecordedRequest r = streamed(s, stream(failing, null));
                String which = failing ? "a stream that fails mid-way" : "a stream that completes";
                assertThat(r.wire().chunked()).as("%s is sent with chunked encoding", which).isTrue();
                assertThat(r.wire().framingError()).as("chunked framing of %s", which).isNull();
                assertThat(r.wire().lastChunk()).as("%s ends with the zero-length last chunk", which).isTrue();
            }
        }
    }

    @RuleTest("RTC-STREAM-003")
    void errorTrailersAreDeclared(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = start(d, t)) {
            RecordedRequest r = streamed(s, stream(false, null));
            List<String> declared = r.wire().headers("Trailer").stream().flatMap(v -> Arrays.stream(v.split(",")))
                    .map(v -> v.strip().toLowerCase(Locale.ROOT)).toList();
            assertThat(declared).as("names in the Trailer request header")
                    .contains(ERROR_TYPE_TRAILER.toLowerCase(Locale.ROOT), ERROR_BODY_TRAILER.toLowerCase(Locale.ROOT));
        }
    }

    @RuleTest("RTC-STREAM-004")
    void midStreamErrorsUseTrailers(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = start(d, t)) {
            RecordedRequest r = streamed(s, stream(true, null));
            assertThat(r.wire().trailer(ERROR_TYPE_TRAILER)).as("%s trailer of a failed stream", ERROR_TYPE_TRAILER).isPresent();
            assertThat(r.wire().trailer(ERROR_BODY_TRAILER)).as("%s trailer of a failed stream", ERROR_BODY_TRAILER).isPresent();
            assertThat(body(r)).as("the streamed body holds the data only, not the error").isEqualTo(String.join("", CHUNKS));
        }
    }

    @RuleTest("RTC-STREAM-005")
    void errorBodyTrailerIsBase64Json(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = start(d, t)) {
            RecordedRequest r = streamed(s, stream(true, null));
            String value = r.wire().trailer(ERROR_BODY_TRAILER).orElseThrow(() ->
                    new NotApplicable("the failed stream carried no " + ERROR_BODY_TRAILER + " trailer (RTC-STREAM-004 judges that)"));
            assertThat(value).as("%s is standard padded base64", ERROR_BODY_TRAILER).matches(PADDED_BASE64);
            byte[] decoded = Base64.getDecoder().decode(value);
            JsonNode doc = Json.parse(decoded).orElseThrow(() -> new AssertionError(ERROR_BODY_TRAILER + " does not decode to JSON: "
                    + new String(decoded, StandardCharsets.UTF_8)));
            assertThat(doc.isObject() && doc.path("errorMessage").isTextual() && doc.path("errorType").isTextual())
                    .as("decoded %s is an object with string errorMessage and errorType: %s", ERROR_BODY_TRAILER, doc).isTrue();
        }
    }

    static ObjectNode prelude() {
        ObjectNode p = Json.object().put("statusCode", 201);
        p.putObject("headers").put("x-tck", "prelude");
        p.putArray("cookies").add("tck=1");
        return p;
    }

    /** Index of the first of eight NUL bytes, or -1. */
    static int nuls(byte[] b) {
        outer:
        for (int i = 0; i + 8 <= b.length; i++) {
            for (int j = 0; j < 8; j++) if (b[i + j] != 0) continue outer;
            return i;
        }
        return -1;
    }

    @RuleTest("RTC-STREAM-006")
    void httpIntegrationStreamsStartWithAPrelude(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = start(d, t)) {
            RecordedRequest r = streamed(s, stream(false, prelude()));
            assertThat(ErrorDocuments.mediaType(r)).as("Content-Type of a stream with a prelude").isEqualTo(HTTP_INTEGRATION);
            byte[] b = r.body();
            int firstNul = -1;
            for (int i = 0; i < b.length; i++) if (b[i] == 0) { firstNul = i; break; }
            assertThat(firstNul).as("the stream holds the NUL separator after the prelude").isGreaterThan(0);
            Optional<JsonNode> json = Json.parse(Arrays.copyOfRange(b, 0, firstNul));
            assertThat(json.filter(JsonNode::isObject)).as("the bytes before the first NUL are a JSON prelude object: %s",
                    new String(b, 0, firstNul, StandardCharsets.UTF_8)).isPresent();
            assertThat(nuls(b)).as("exactly eight NUL bytes follow the prelude").isEqualTo(firstNul);
            byte[] rest = Arrays.copyOfRange(b, firstNul + 8, b.length);
            assertThat(new String(rest, StandardCharsets.UTF_8)).as("the body after the eight NUL bytes").isEqualTo(String.join("", CHUNKS));
        }
    }

    @RuleTest("RTC-STREAM-007")
    void preludeFitsIn16KB(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = start(d, t)) {
            RecordedRequest r = streamed(s, stream(false, prelude()));
            int at = nuls(r.body());
            if (at < 0) throw new NotApplicable("the stream has no prelude separator of eight NUL bytes (RTC-STREAM-006 judges that)");
            assertThat(at + 8).as("bytes up to the end of the prelude's NUL separator").isLessThanOrEqualTo(16 * 1024);
        }
    }
}

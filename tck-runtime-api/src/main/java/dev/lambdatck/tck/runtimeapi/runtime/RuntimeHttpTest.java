package dev.lambdatck.tck.runtimeapi.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Answer;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.runtime.fake.ProxyTrap;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.Json;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.ERROR;
import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.NEXT;
import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

/** The runtime as an HTTP/1.1 client of the Runtime API (chapter rtc-http). */
class RuntimeHttpTest {

    /** {@code product/version}, the first token of a User-Agent. */
    static final Pattern USER_AGENT = Pattern.compile("[^\\s/]+/[^\\s/]+.*");
    /** A request-id path segment: RFC 3986 pchar only (unreserved, sub-delims, ':', '@', percent escapes). */
    static final Pattern RESULT_PATH = Pattern.compile(
            "/2018-06-01/runtime/invocation/(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+/(?:response|error)");

    static Event plain(String text) {
        return Probes.text(text);
    }

    @RuleTest("RTC-HTTP-001")
    void identifiesItselfOnEveryRequest(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            s.serve(plain("user agent"));
            s.serve(Event.json(Script.of(Step.error("Function.TckScriptedError", "user agent on /error")).bytes()));
            for (RecordedRequest r : s.api().requests()) {
                Optional<String> ua = r.header("User-Agent");
                assertThat(ua).as("User-Agent on request %s", r).isPresent();
                assertThat(ua.get()).as("User-Agent of request %s has the form name/version", r).matches(USER_AGENT);
                assertThat(ua.get().length()).as("length of the User-Agent of request %s", r).isLessThanOrEqualTo(128);
            }
        }
    }

    @RuleTest("RTC-HTTP-002")
    void talksPlainHttp11WithoutAProxy(TargetDescriptor d, TckTimeouts t) {
        try (ProxyTrap trap = ProxyTrap.start()) {
            Map<String, String> env = new HashMap<>();
            for (String v : new String[]{"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) env.put(v, trap.url());
            env.put("no_proxy", null);
            env.put("NO_PROXY", null);
            try (RuntimeSession s = RuntimeSession.start(d, t, env)) {
                s.expectFirstNext("with http_proxy set, the runtime must still reach " + s.api().address() + " directly");
                s.serve(plain("no proxy"));
                for (RecordedRequest r : s.api().requests()) {
                    assertThat(r.wire().framingError()).as("request %s must be plain HTTP/1.1", r).isNull();
                    assertThat(r.wire().version()).as("HTTP version of request %s", r).isEqualTo("HTTP/1.1");
                    assertThat(r.wire().target()).as("origin-form target (not a proxy's absolute URL) of request %s", r).startsWith("/");
                }
                assertThat(trap.connections()).as("connections to the proxy named in http_proxy").isEmpty();
            }
        }
    }

    @RuleTest("RTC-HTTP-003")
    void survivesClosedKeepAliveConnections(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            s.api().closeConnectionsAfterAnswers(true);
            for (int i = 1; i <= 3; i++) {
                Event e = s.invoke(plain("after a closed connection " + i));
                Optional<RecordedRequest> answer = s.answer(e, t.invoke());
                assertThat(answer).as("event %d, each connection closed by the platform after its answer; %s", i, s.explain()).isPresent();
            }
            assertThat(s.process().isAlive()).as("the runtime is still running").isTrue();
        }
    }

    @RuleTest("RTC-HTTP-004")
    void framesEveryPostBody(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            s.serve(plain("framed response"));
            s.serve(Event.json(Script.of(Step.respond(Body.size(300_000, 'f'))).bytes()));
            s.serve(plain("an event after the large result"));
            // the error last: whether a runtime carries on after an /error is RTC-ERR-008's business, not this rule's
            s.serve(Event.json(Script.of(Step.error("Function.TckScriptedError", "framed error")).bytes()));
            // bytes left over after a post's declared end read as one more (bogus) request: give them time to show
            s.watch(r -> r.kind() == RecordedRequest.Kind.OTHER, t.quiet());
            for (RecordedRequest r : s.api().requests()) {
                assertThat(r.wire().framingError()).as("framing of request %s", r).isNull();
                if (r.wire().chunked()) assertThat(r.wire().lastChunk()).as("last chunk of %s", r).isTrue();
                assertThat(r.kind()).as("request %s must be a Runtime API call (a mis-framed body reads as a bogus request)", r)
                        .isNotEqualTo(RecordedRequest.Kind.OTHER);
            }
        }
    }

    @RuleTest("RTC-HTTP-005")
    void acceptsAny2xx(TargetDescriptor d, TckTimeouts t) {
        for (int status : new int[]{200, 204}) {
            // one session each: the 2xx answer goes to the first post the runtime makes
            try (RuntimeSession s = RuntimeSession.start(d, t)) {
                s.awaitFirstNext();
                s.api().answerNextPost(Answer.status(status));
                Event e = s.invoke(plain("answered " + status));
                RecordedRequest answer = s.awaitAnswer(e);
                assertThat(answer.status()).as("the TCK's answer to %s", answer).isEqualTo(status);
                Event following = s.invoke(plain("after a " + status));
                Optional<RecordedRequest> next = s.answer(following, t.invoke());
                assertThat(next).as("the runtime must carry on after its result was answered %d; %s", status, s.explain()).isPresent();
                assertThat(s.api().requests().stream().filter(r -> r.kind() == ERROR && e.requestId().equals(r.pathRequestId())))
                        .as("/error posted after the result was answered %d (treated as a failure)", status).isEmpty();
            }
        }
    }

    @RuleTest("RTC-HTTP-006")
    void jsonResultsAreSentAsJson(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            ObjectNode value = Json.object().put("greeting", "hello").put("count", 2);
            RecordedRequest answer = s.serve(Event.json(Script.of(Step.respond(Body.json(value))).bytes()));
            assertThat(answer.kind()).isEqualTo(RESPONSE);
            String type = ErrorDocuments.mediaType(answer);
            assertThat(type).as("Content-Type of a JSON result on /response").matches("application/(?:[a-z0-9.+-]+\\+)?json");
        }
    }

    @RuleTest("RTC-HTTP-007")
    void encodesTheRequestIdInPaths(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            Event e = s.invoke(plain("odd request id").requestId("tck/id \u00e4?#%-" + UUID.randomUUID().toString().substring(0, 8)));
            RecordedRequest delivered = s.awaitDelivery(e);
            Optional<RecordedRequest> post = s.watch(r -> r.sequence() > delivered.sequence() && r.kind() != NEXT, t.invoke());
            assertThat(post).as("a post for request id '%s'; %s", e.requestId(), s.explain()).isPresent();
            RecordedRequest p = post.get();
            assertThat(p.wire().framingError()).as("the post for request id '%s' must be a valid request", e.requestId()).isNull();
            assertThat(p.wire().target()).as("result path for request id '%s' (its characters must be percent-encoded)", e.requestId())
                    .matches(RESULT_PATH);
        }
    }
}

package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.ErrorDoc;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Prerequisites;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP behaviour of the Runtime API endpoint itself (chapter rt-http). */
@ExtendWith(PlatformFunctions.class)
class HttpHygieneTest {

    static final String UNKNOWN_PATH = Step.API + "/runtime/tck-no-such-endpoint";
    static final String NEXT = Step.API + "/runtime/invocation/next";

    /** Runs a shell command from inside the environment; NOT_APPLICABLE when the environment has no shell or curl. */
    static JsonNode shell(Fn fn, String command) {
        FixtureResult r = fn.run(Script.of(Step.exec("sh", "-c", "command -v curl >/dev/null || exit 127; " + command).set("timeoutMs", 8000)));
        JsonNode step = r.first("exec");
        if (!step.path("ok").asBoolean() || step.path("exitCode").asInt() == 127) {
            throw new NotApplicable("the environment has no sh and curl to make the raw requests this test needs");
        }
        return step;
    }

    @RuleTest("RT-HTTP-001")
    void answersUnknownPathsWith404(Functions fx) {
        FixtureResult r = fx.shared().run(Script.of(Step.http("GET", UNKNOWN_PATH), Step.respond()));
        assertThat(r.first("http").path("status").asInt()).as("RT-HTTP-001: status for %s", UNKNOWN_PATH).isEqualTo(404);
    }

    @RuleTest("RT-HTTP-002")
    void keepsTheInvocationAfterRefusedRequests(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(
                Step.http("GET", UNKNOWN_PATH),
                Step.http("POST", NEXT).body(Body.text("not a method for next")),
                Step.http("PUT", Step.CURRENT_RESPONSE).body(Body.text("not a method for response")),
                Step.respond(Body.text("still current"), "text/plain")));
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-HTTP-002: no function error after refused requests").isEmpty();
        assertThat(r.bodyText()).as("RT-HTTP-002: the invocation was still open and took the right response").isEqualTo("still current");
    }

    @RuleTest("RT-HTTP-003")
    void answersAWrongMethodWith405(Functions fx) {
        FixtureResult r = fx.shared().run(Script.of(Step.http("POST", NEXT).body(Body.text("x")), Step.respond()));
        assertThat(r.first("http").path("status").asInt()).as("RT-HTTP-003: status for POST %s", NEXT).isEqualTo(405);
    }

    @RuleTest("RT-HTTP-004")
    void survivesMalformedRequests(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(
                Step.http("GET", Step.API + "/runtime/invocation/next with spaces"),
                Step.http("POST", Step.CURRENT_RESPONSE).headers(Map.of("Bad Header Name", "x")).body(Body.text("bad header")),
                Step.respond(Body.results())));
        FixtureResult doc = Fn.result(r);
        for (JsonNode step : doc.all("http")) {
            boolean closed = !step.path("ok").asBoolean();
            int status = step.path("status").asInt();
            assertThat(closed || (status >= 400 && status < 500)).as("RT-HTTP-004: a malformed request gets a 4xx or a closed connection (got %s)", step).isTrue();
        }
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-HTTP-004: the Runtime API kept serving and took the response").isEmpty();
    }

    @RuleTest("RT-HTTP-005")
    void answersErrorsWithJsonErrorDocuments(Functions fx) {
        FixtureResult r = fx.shared().run(Script.of(
                Step.http("POST", ResponseTest.WRONG_ID + "response").body(Body.text("x")),
                Step.http("POST", ResponseTest.WRONG_ID + "error").body(Body.text("x")),
                Step.http("POST", Step.API + "/runtime/init/error").body(Body.text("{}")),
                Step.respond()));
        List<JsonNode> refused = r.all("http").stream().filter(st -> st.path("status").asInt() >= 400).toList();
        assertThat(refused).as("RT-HTTP-005: at least one of the invalid requests was refused").isNotEmpty();
        for (JsonNode step : refused) {
            assertThat(step.path("headers").path("content-type").asText("")).as("RT-HTTP-005: Content-Type of a %d answer", step.path("status").asInt())
                    .startsWith("application/json");
            assertThat(ErrorDoc.of(step.path("body").asText()).map(ErrorDoc::wellFormed).orElse(false))
                    .as("RT-HTTP-005: body '%s' has string errorMessage and errorType", step.path("body").asText()).isTrue();
        }
    }

    @RuleTest("RT-HTTP-006")
    void readsHeaderNamesInAnyCase(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.http("POST", Step.CURRENT_ERROR)
                .headers(Map.of("lambda-runtime-function-error-type", "Tck.LowerCaseHeader"))));
        assertThat(ErrorDoc.typeIn(r)).as("RT-HTTP-006: a lower-case error-type header was honoured (body '%s')", r.bodyText())
                .hasValue("Tck.LowerCaseHeader");
    }

    @RuleTest("RT-HTTP-007")
    void servesSeveralRequestsOnOneConnection(Functions fx) {
        JsonNode step = shell(fx.shared(), "u=\"http://$AWS_LAMBDA_RUNTIME_API" + UNKNOWN_PATH + "\"; "
                + "curl -s -o /dev/null -o /dev/null -o /dev/null -w '%{http_code} %{num_connects}\\n' \"$u\" \"$u\" \"$u\"");
        List<String> lines = step.path("stdout").asText().lines().toList();
        assertThat(lines).as("RT-HTTP-007: three answers on the connection").hasSize(3);
        for (String l : lines.subList(1, 3)) {
            assertThat(l).as("RT-HTTP-007: a later request was answered on the first connection, without reconnecting").matches("[1-5][0-9][0-9] 0");
        }
    }

    @RuleTest("RT-HTTP-008")
    void handlesExpectContinue(Functions fx) {
        WireResponse r = fx.shared().invoke(Script.of(Step.http("POST", Step.CURRENT_RESPONSE)
                .headers(Map.of("Expect", "100-continue", "Content-Type", "text/plain")).body(Body.text("after continue"))));
        assertThat(r.bodyText()).as("RT-HTTP-008: a /response with Expect: 100-continue was processed normally").isEqualTo("after continue");
    }

    @RuleTest("RT-HTTP-009")
    void answersOtherRequestsWhileANextWaits(Functions fx) {
        Fn fn = fx.fresh("waiting-next");
        String tag = "tck-http-009-" + java.util.UUID.randomUUID();
        // after the answer, a GET /next from curl waits (nothing is pending) while a second request is made; the
        // result goes to the function log (the fixture's stderr), so no further invocation has to follow the abandoned wait
        WireResponse answer = fn.invoke(Script.of(Step.respond(Body.text("done")), Step.exec("sh", "-c",
                "command -v curl >/dev/null || { echo " + tag + " no-curl >&2; exit 127; }; a=\"http://$AWS_LAMBDA_RUNTIME_API\"; "
                        + "curl -s -m 3 -o /dev/null \"$a" + NEXT + "\" </dev/null >/dev/null 2>&1 & "
                        + "sleep 0.3; r=$(curl -s -m 2 -o /dev/null -w '%{http_code} %{time_total}' \"$a" + UNKNOWN_PATH + "\"); "
                        + "echo \"" + tag + " $r\" > /proc/$PPID/fd/2; kill $! 2>/dev/null; wait")
                .set("timeoutMs", 8000)));
        assertThat(answer.bodyText()).as("RT-HTTP-009: the invocation was answered").isEqualTo("done");
        long end = System.nanoTime() + fn.invokeDeadline().toNanos();
        String line = null;
        while (line == null && System.nanoTime() < end) {
            line = fn.logs().lines().filter(l -> l.contains(tag)).findFirst().orElse(null);
            if (line == null) LifecycleTest.sleep(fx.timeouts().poll().toMillis());
        }
        if (line == null || line.contains("no-curl")) throw new NotApplicable("the environment has no sh and curl (or /proc) for the raw requests this test needs");
        String[] out = line.substring(line.indexOf(tag) + tag.length()).trim().split(" ");
        assertThat(out[0]).as("RT-HTTP-009: another request was answered while a GET /next waited ('%s')", line).isNotEqualTo("000");
        assertThat(Double.parseDouble(out.length > 1 ? out[1] : "99")).as("RT-HTTP-009: answered without waiting for an invocation ('%s')", line).isLessThan(1.5);
    }

    @RuleTest("RT-HTTP-011")
    void advertisesTheRuntimeApiAsHostAndPort(Functions fx) {
        Fn fn = fx.shared();
        // unchecked: this rule is a prerequisite the other tests are blocked by
        WireResponse answer = fn.invokeUnchecked(Script.of(Step.echo(), Step.http("GET", UNKNOWN_PATH)));
        assertThat(fn.logs()).as("RT-HTTP-011: the fixture runtime reported an AWS_LAMBDA_RUNTIME_API that is not host:port")
                .doesNotContain(Prerequisites.MALFORMED_RUNTIME_API);
        Prerequisites.checkOthers(fn, answer, "RT-HTTP-011");
        FixtureResult r = Fn.result(answer);
        assertThat(r.env("AWS_LAMBDA_RUNTIME_API")).as("RT-HTTP-011: AWS_LAMBDA_RUNTIME_API is host:port without scheme or path")
                .hasValueSatisfying(v -> assertThat(v).matches("([A-Za-z0-9.-]+|\\[[0-9a-fA-F:]+]):[0-9]{1,5}"));
        assertThat(r.first("http").path("ok").asBoolean()).as("RT-HTTP-011: an HTTP/1.1 server answers there under /2018-06-01").isTrue();
    }
}

package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.Blocked;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.runtimeapi.support.ExtensionLayer;
import dev.lambdatck.tck.runtimeapi.support.ExtensionLog;
import dev.lambdatck.tck.runtimeapi.support.ExtensionLog.Line;
import dev.lambdatck.tck.runtimeapi.support.ExtensionScript;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.Json;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.lambdatck.tck.runtimeapi.platform.ExtensionsTest.*;

/**
 * The Extensions API's events (chapter ext-api): INVOKE and SHUTDOWN as test extensions see them; helpers and the
 * test extensions are those of {@link ExtensionsTest} (a class of its own so that it runs alongside).
 */
@ExtendWith(PlatformFunctions.class)
class ExtensionEventsTest {

    // ---------------------------------------------------------------- events

    @RuleTest("EXT-EVT-001")
    void refusesEventCallsWithoutAValidIdentifier(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-EVT-001", "ext-no-id", m -> layer(m, "issued"))) {
            Map<String, Optional<String>> cases = new java.util.LinkedHashMap<>();
            cases.put("without Lambda-Extension-Identifier", Optional.empty());
            cases.put("with an identifier the platform never issued", Optional.of(UUID.randomUUID().toString()));
            cases.put("with an identifier that is not a UUID", Optional.of("tck-not-an-identifier"));
            Script script = Script.of(Step.echo());
            for (Optional<String> id : cases.values()) {
                script.then(Step.http("GET", API + "/event/next").headers(id.map(v -> Map.of("Lambda-Extension-Identifier", v)).orElse(Map.of()))
                        .set("timeoutMs", 5000));
            }
            FixtureResult r = run("EXT-EVT-001", ef, script);
            List<JsonNode> answers = r.all("http");
            int i = 0;
            for (String what : cases.keySet()) {
                JsonNode a = answers.get(i++);
                assertThat(a.path("ok").asBoolean() ? a.path("status").asInt() : -1)
                        .as("EXT-EVT-001: GET event/next %s answered 403 (got %s)", what, a).isEqualTo(403);
                Optional<JsonNode> body = Json.parseObject(a.path("body").asText("").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(body.filter(b -> b.path("errorType").isTextual() || b.path("errorMessage").isTextual()))
                        .as("EXT-EVT-001: the 403 %s has a JSON error body (got %s)", what, a).isPresent();
            }
        }
    }

    @RuleTest("EXT-EVT-002")
    void describesEachInvocationInItsInvokeEvent(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-EVT-002", "ext-invoke", m -> layer(m, "first", "second"))) {
            // distinct events: the two invocations must not look alike to a platform that derives anything from the payload
            List<FixtureResult> runs = List.of(run("EXT-EVT-002", ef, Script.named("first-" + UUID.randomUUID(), Step.echo())),
                    run("EXT-EVT-002", ef, Script.named("second-" + UUID.randomUUID(), Step.echo())));
            List<String> ids = runs.stream().map(ExtensionsTest::requestIdOf).toList();
            // the rule compares the event with the runtime's headers: without them there is nothing to compare
            for (FixtureResult run : runs) {
                if (run.nextHeader(NextInvocationTest.DEADLINE).isEmpty()) {
                    throw new Blocked("RT-NEXT-004", "the runtime's /next answer had no Lambda-Runtime-Deadline-Ms to compare deadlineMs with");
                }
                if (run.nextHeader(NextInvocationTest.ARN).isEmpty()) {
                    throw new Blocked("RT-NEXT-006", "the runtime's /next answer had no Lambda-Runtime-Invoked-Function-Arn to compare "
                            + "invokedFunctionArn with");
                }
            }
            List<Line> lines = ef.await(ls -> ids.stream().allMatch(id -> invokeEvent(ls, "first", id).isPresent() && invokeEvent(ls, "second", id).isPresent()));
            String log = ExtensionLog.excerpt(lines);
            for (FixtureResult run : runs) {
                String id = requestIdOf(run);
                for (String ext : List.of("first", "second")) {
                    Line e = invokeEvent(lines, ext, id).orElseThrow(() -> new AssertionError("EXT-EVT-002: extensions/" + ext
                            + " received no event with requestId '" + id + "' (the runtime's Lambda-Runtime-Aws-Request-Id)" + log));
                    JsonNode body = e.json();
                    String what = "extensions/" + ext + ", invocation " + id + ": ";
                    assertThat(e.status()).as("EXT-EVT-002: %sevent/next answered 200%s", what, log).isEqualTo(200);
                    assertThat(e.header(EVENT_IDENTIFIER)).as("EXT-EVT-002: %sLambda-Extension-Event-Identifier header%s", what, log)
                            .hasValueSatisfying(v -> assertThat(v).isNotBlank());
                    assertThat(body.path("eventType").asText(null)).as("EXT-EVT-002: %seventType%s", what, log).isEqualTo(INVOKE);
                    assertThat(body.path("deadlineMs").isIntegralNumber() ? body.path("deadlineMs").asText() : body.path("deadlineMs").toString())
                            .as("EXT-EVT-002: %sdeadlineMs equals the runtime's Lambda-Runtime-Deadline-Ms%s", what, log)
                            .isEqualTo(run.nextHeader(NextInvocationTest.DEADLINE).orElse("(no header)"));
                    assertThat(body.path("invokedFunctionArn").asText(null))
                            .as("EXT-EVT-002: %sinvokedFunctionArn equals the runtime's Lambda-Runtime-Invoked-Function-Arn%s", what, log)
                            .isEqualTo(run.nextHeader(NextInvocationTest.ARN).orElse("(no header)"));
                }
            }
        }
    }

    @RuleTest("EXT-EVT-003")
    void keepsThePayloadFromExtensions(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-EVT-003", "ext-payload", m -> layer(m, "observer"))) {
            String secret = "tck-payload-" + UUID.randomUUID();
            FixtureResult r = run("EXT-EVT-003", ef, Script.named(secret, Step.echo()));
            String id = requestIdOf(r);
            List<Line> lines = ef.await(ls -> invokeEvent(ls, "observer", id).isPresent());
            String log = ExtensionLog.excerpt(lines);
            Line e = invokeEvent(lines, "observer", id).orElseThrow(() -> new AssertionError(
                    "EXT-EVT-003: the extension received no INVOKE event for request '" + id + "' to inspect" + log));
            assertThat(e.raw()).as("EXT-EVT-003: the INVOKE event (headers and body) does not carry the payload, which contains '%s'%s", secret, log)
                    .doesNotContain(secret);
        }
    }

    @RuleTest("EXT-EVT-004")
    void givesShutdownOnlyExtensionsNoInvokeEvents(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-EVT-004", "ext-shutdown-only",
                m -> ExtensionLayer.of(ExtensionScript.named("shutdown-only", m).events(SHUTDOWN), ExtensionScript.named("witness", m)))) {
            List<String> ids = List.of(requestIdOf(run("EXT-EVT-004", ef, Script.of(Step.echo()))),
                    requestIdOf(run("EXT-EVT-004", ef, Script.of(Step.echo()))));
            // the INVOKE-registered witness got both events: by then a wrongly sent INVOKE would have reached the other one too
            ef.await(ls -> ids.stream().allMatch(id -> invokeEvent(ls, "witness", id).isPresent()));
            // a crash ends the environment: its SHUTDOWN comes after any event queued for the shutdown-only extension
            ef.fn().invoke(Script.of(Step.exit(1)));
            List<Line> lines = ef.await(fx.timeouts().invoke(), ls -> hasShutdown(ls, "shutdown-only"));
            String log = ExtensionLog.excerpt(lines);
            assertThat(ExtensionLog.first(lines, "shutdown-only", "register").map(Line::status))
                    .as("EXT-EVT-004: the extension registered for SHUTDOWN only%s", log).hasValue(200);
            assertThat(ExtensionLog.first(lines, "shutdown-only", "next-call"))
                    .as("EXT-EVT-004: the extension waited in event/next%s", log).isPresent();
            assertThat(ExtensionLog.of(lines, "shutdown-only", "event"))
                    .as("EXT-EVT-004: the SHUTDOWN-only extension received no INVOKE event%s", log)
                    .noneMatch(l -> INVOKE.equals(l.json().path("eventType").asText()) || l.json().has("requestId"));
        }
    }

    @RuleTest("EXT-EVT-005")
    void waitsForExtensionsBeforeTheNextInvocation(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-EVT-005", "ext-slow",
                m -> ExtensionLayer.of(ExtensionScript.named("slow", m).pauseAfterInvoke(POST_PROCESSING_MS)))) {
            FixtureResult first = run("EXT-EVT-005", ef, Script.of(Step.echo()));
            FixtureResult second = run("EXT-EVT-005", ef, Script.of(clock(), Step.echo()));
            long delivered = clockOf(second);
            String id = requestIdOf(first);
            List<Line> lines = ef.await(ls -> nextCallAfter(ls, id).isPresent());
            String log = ExtensionLog.excerpt(lines) + "\n  second invocation received by the runtime at " + delivered + " ms";
            invokeEvent(lines, "slow", id).orElseThrow(() -> new AssertionError("EXT-EVT-005: the extension received no INVOKE event for the first "
                    + "invocation '" + id + "'" + log));
            Line again = nextCallAfter(lines, id).orElseThrow(() -> new AssertionError(
                    "EXT-EVT-005: the extension never called event/next again after the first INVOKE event" + log));
            assertThat(delivered).as("EXT-EVT-005: the runtime received the second invocation only after the extension, %d ms into its "
                    + "post-processing of the first, called event/next again%s", POST_PROCESSING_MS, log).isGreaterThanOrEqualTo(again.timeMs());
        }
    }

    /** The extension's {@code next-call} after its INVOKE event for {@code requestId}. */
    static Optional<Line> nextCallAfter(List<Line> lines, String requestId) {
        List<Line> slow = lines.stream().filter(l -> l.name().equals("slow")).toList();
        for (int i = 0; i < slow.size(); i++) {
            Line l = slow.get(i);
            if (l.label().equals("event") && requestId.equals(l.json().path("requestId").asText(null))) {
                return slow.subList(i + 1, slow.size()).stream().filter(x -> x.label().equals("next-call") && x.pid() == l.pid()).findFirst();
            }
        }
        return Optional.empty();
    }

    @RuleTest("EXT-EVT-006")
    void sendsShutdownWhenATimeoutEndsTheEnvironment(Functions fx) {
        shutdownAfter(fx, "ext-shutdown-timeout", Script.of(Step.sleep(4000)), "a timeout");
    }

    @RuleTest("EXT-EVT-006")
    void sendsShutdownWhenACrashEndsTheEnvironment(Functions fx) {
        shutdownAfter(fx, "ext-shutdown-crash", Script.of(Step.exit(1)), "a crash of the runtime");
    }

    private static void shutdownAfter(Functions fx, String key, Script ending, String cause) {
        List<String> exts = List.of("shutdown-only", "both");
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-EVT-006", key,
                m -> ExtensionLayer.of(ExtensionScript.named("shutdown-only", m).events(SHUTDOWN), ExtensionScript.named("both", m)),
                s -> s.withTimeout(ONE_SECOND))) {
            run("EXT-EVT-006", ef, Script.of(Step.echo()));
            WireResponse ended = ef.fn().invoke(ending);
            // the rule is about an environment that ends: a runtime that lived through the timeout (its invocation count
            // goes on instead of starting again at 1) was never shut down (pids can repeat across PID namespaces)
            int count = run("EXT-EVT-006", ef, Script.of(Step.echo())).first("echo").path("invocation").asInt();
            if (count > 1) {
                throw new Blocked("RT-LIFE-006", "the runtime survived " + cause + " and served the next invocation as its number "
                        + count + ", so its environment never shut down");
            }
            List<Line> lines = ef.await(ls -> exts.stream().allMatch(x -> hasShutdown(ls, x)));
            String log = "\n  the invocation ended by " + cause + ": HTTP " + ended.status() + " " + abbreviate(ended.bodyText())
                    + ExtensionLog.excerpt(lines);
            for (String x : exts) {
                Line e = ExtensionLog.of(lines, x, "event").stream().filter(l -> SHUTDOWN.equals(l.json().path("eventType").asText())).findFirst()
                        .orElseThrow(() -> new AssertionError("EXT-EVT-006: extensions/" + x + " (registered for SHUTDOWN) received no SHUTDOWN "
                                + "event after " + cause + " ended its environment" + log));
                JsonNode body = e.json();
                assertThat(body.path("shutdownReason").asText("").toLowerCase(Locale.ROOT))
                        .as("EXT-EVT-006: extensions/%s: shutdownReason is spindown, timeout or failure%s", x, log)
                        .isIn("spindown", "timeout", "failure");
                assertThat(body.path("deadlineMs").isNumber()).as("EXT-EVT-006: extensions/%s: deadlineMs is a number%s", x, log).isTrue();
                assertThat(body.path("deadlineMs").asLong()).as("EXT-EVT-006: extensions/%s: deadlineMs is after the moment the event "
                        + "was received (%d ms)%s", x, e.timeMs(), log).isGreaterThan(e.timeMs());
            }
        }
    }
}

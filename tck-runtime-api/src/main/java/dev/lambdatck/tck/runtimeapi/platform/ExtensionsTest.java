package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.target.Capabilities;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.ErrorDoc;
import dev.lambdatck.tck.runtimeapi.support.ExtensionLayer;
import dev.lambdatck.tck.runtimeapi.support.ExtensionLog;
import dev.lambdatck.tck.runtimeapi.support.ExtensionLog.Line;
import dev.lambdatck.tck.runtimeapi.support.ExtensionScript;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Extensions API (chapter ext-api), through test extensions: sh + curl programs shipped in a layer at
 * {@code extensions/<name>} ({@link ExtensionScript}) that write every answer they get to the function log, next to a
 * fixture runtime whose {@code echo} and {@code exec} steps show the runtime's side of the same invocations.
 */
@ExtendWith(PlatformFunctions.class)
class ExtensionsTest {

    static final String INVOKE = "INVOKE";
    static final String SHUTDOWN = "SHUTDOWN";
    static final String API = "/2020-01-01/extension";
    static final String IDENTIFIER = "lambda-extension-identifier";
    static final String EVENT_IDENTIFIER = "lambda-extension-event-identifier";
    /** EXT-EVT-005: how long the extension works on an INVOKE before asking for the next event. */
    static final long POST_PROCESSING_MS = 1000;
    static final Duration ONE_SECOND = Duration.ofSeconds(1);

    static ExtensionLayer layer(String marker, String... names) {
        List<ExtensionScript> all = new ArrayList<>();
        for (String n : names) all.add(ExtensionScript.named(n, marker));
        return ExtensionLayer.of(all);
    }

    /** The runtime's clock after it received this invocation: a script step whose stdout is epoch milliseconds. */
    static Step clock() {
        return Step.exec("sh", "-c", "date +%s%3N");
    }

    static long clockOf(FixtureResult r) {
        String out = r.first("exec").path("stdout").asText("").strip();
        if (!out.matches("[0-9]{13,18}")) throw new AssertionError("the runtime's clock step gave no epoch milliseconds: " + r.first("exec"));
        return Long.parseLong(out);
    }

    /** The invocation's result document, or a failure naming the rule, the answer and what the extensions logged. */
    static FixtureResult run(String rule, ExtensionFunction ef, Script script) {
        WireResponse r = ef.fn().invoke(script);
        if (FixtureResult.parse(r.body()).isEmpty()) ef.checkReachable(ef.lines());
        return FixtureResult.parse(r.body()).orElseThrow(() -> new AssertionError(rule
                + ": the invocation was not served by the runtime: HTTP " + r.status()
                + r.header(Fn.FUNCTION_ERROR).map(v -> " " + Fn.FUNCTION_ERROR + ": " + v).orElse("") + ", body '" + r.bodyText()
                + "'; extension lines:" + ef.excerpt()));
    }

    static String requestIdOf(FixtureResult r) {
        return r.nextHeader(NextInvocationTest.REQUEST_ID).orElse(r.requestId());
    }

    /** The first INVOKE event line of {@code ext} for this request id. */
    static Optional<Line> invokeEvent(List<Line> lines, String ext, String requestId) {
        return ExtensionLog.of(lines, ext, "event").stream()
                .filter(l -> requestId.equals(l.json().path("requestId").asText(null))).findFirst();
    }

    static boolean hasShutdown(List<Line> lines, String ext) {
        return ExtensionLog.of(lines, ext, "event").stream().anyMatch(l -> SHUTDOWN.equals(l.json().path("eventType").asText()));
    }

    static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "… (" + s.length() + " chars)";
    }

    // ---------------------------------------------------------------- discovery

    @RuleTest("EXT-DISC-001")
    void startsEveryExtensionBeforeTheFirstInvocation(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-DISC-001", "ext-discovery", m -> layer(m, "alpha", "beta"))) {
            FixtureResult r = run("EXT-DISC-001", ef, Script.of(clock(), Step.echo()));
            long delivered = clockOf(r);
            List<Line> lines = ef.await(ls -> ExtensionLog.first(ls, "alpha", "start").isPresent()
                    && ExtensionLog.first(ls, "beta", "start").isPresent());
            Optional<Line> alpha = ExtensionLog.first(lines, "alpha", "start");
            Optional<Line> beta = ExtensionLog.first(lines, "beta", "start");
            String log = ExtensionLog.excerpt(lines);
            assertThat(alpha).as("EXT-DISC-001: extensions/alpha was started (its first line)%s", log).isPresent();
            assertThat(beta).as("EXT-DISC-001: extensions/beta was started (its first line)%s", log).isPresent();
            assertThat(List.of(alpha.get().timeMs(), beta.get().timeMs()))
                    .as("EXT-DISC-001: both extensions started before the runtime received its first invocation (at %d ms)%s", delivered, log)
                    .allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(delivered));
        }
    }

    @RuleTest("EXT-DISC-002")
    void failsInitWhenAnExtensionCannotStart(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-DISC-002", "ext-noexec",
                m -> ExtensionLayer.of().add(ExtensionScript.named("not-executable", m), 0644))) {
            WireResponse r = ef.fn().invoke(Script.of(Step.echo()));
            String seen = "HTTP " + r.status() + " " + r.header(Fn.FUNCTION_ERROR).map(v -> Fn.FUNCTION_ERROR + ": " + v + " ").orElse("")
                    + "body '" + r.bodyText() + "'" + ef.excerpt();
            assertThat(FixtureResult.parse(r.body())).as("EXT-DISC-002: the invocation must not be served when extensions/not-executable (mode 0644) cannot start: %s", seen).isEmpty();
            assertThat(r.header(Fn.FUNCTION_ERROR).isPresent() || r.status() >= 400)
                    .as("EXT-DISC-002: the invocation ends with a function error: %s", seen).isTrue();
            assertThat(ErrorDoc.typeIn(r)).as("EXT-DISC-002: errorType: %s", seen).hasValue("Extension.LaunchError");
        }
    }

    // ---------------------------------------------------------------- registration

    @RuleTest("EXT-REG-001")
    void answersRegisterWithAnIdentifier(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-REG-001", "ext-register", m -> layer(m, "registrant"))) {
            run("EXT-REG-001", ef, Script.of(Step.echo()));
            List<Line> lines = ef.await(ls -> ExtensionLog.first(ls, "registrant", "register").isPresent());
            String log = ExtensionLog.excerpt(lines);
            Line reg = ExtensionLog.first(lines, "registrant", "register")
                    .orElseThrow(() -> new AssertionError("EXT-REG-001: the extension logged no answer to its register call" + log));
            assertThat(reg.status()).as("EXT-REG-001: register answered 200 during Init%s", log).isEqualTo(200);
            assertThat(reg.header(IDENTIFIER)).as("EXT-REG-001: a non-empty Lambda-Extension-Identifier header%s", log)
                    .hasValueSatisfying(v -> assertThat(v).isNotBlank());
            JsonNode body = reg.json();
            for (String field : List.of("functionName", "functionVersion", "handler")) {
                assertThat(body.path(field).isTextual()).as("EXT-REG-001: the JSON body has %s%s", field, log).isTrue();
            }
        }
    }

    @RuleTest("EXT-REG-002")
    void refusesRegisterWithoutAName(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-REG-002", "ext-noname",
                m -> ExtensionLayer.of(ExtensionScript.named("nameless", m).registerWithoutName("register-noname", INVOKE)))) {
            run("EXT-REG-002", ef, Script.of(Step.echo()));
            List<Line> lines = ef.await(ls -> ExtensionLog.first(ls, "nameless", "register-noname").isPresent());
            String log = ExtensionLog.excerpt(lines);
            Line refused = ExtensionLog.first(lines, "nameless", "register-noname")
                    .orElseThrow(() -> new AssertionError("EXT-REG-002: the extension logged no answer to its nameless register call" + log));
            assertThat(refused.status()).as("EXT-REG-002: register without Lambda-Extension-Name answered 400 or 403%s", log).isIn(400, 403);
            ErrorDoc e = ErrorDoc.of(refused.body()).orElse(null);
            assertThat(e != null && e.wellFormed()).as("EXT-REG-002: the refusal has a JSON body {errorMessage, errorType}%s", log).isTrue();
            assertThat(refused.header(IDENTIFIER)).as("EXT-REG-002: the refusal issued no Lambda-Extension-Identifier%s", log).isEmpty();
            // a registration made by the refused request would be an extension that never asks for events: Init and
            // the next invocation would wait for it (EXT-EVT-005)
            run("EXT-REG-002", ef, Script.of(Step.echo()));
        }
    }

    @RuleTest("EXT-REG-003")
    void refusesUnknownEventTypes(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-REG-003", "ext-bad-event",
                m -> ExtensionLayer.of(ExtensionScript.named("typo", m).registerFirst("register-bad-event", INVOKE, "TCK_NO_SUCH_EVENT")))) {
            run("EXT-REG-003", ef, Script.of(Step.echo()));
            List<Line> lines = ef.await(ls -> ExtensionLog.first(ls, "typo", "register-bad-event").isPresent());
            String log = ExtensionLog.excerpt(lines);
            Line refused = ExtensionLog.first(lines, "typo", "register-bad-event")
                    .orElseThrow(() -> new AssertionError("EXT-REG-003: the extension logged no answer to its register call with an unknown event" + log));
            assertThat(refused.clientError()).as("EXT-REG-003: events [INVOKE, TCK_NO_SUCH_EVENT] answered 4xx%s", log).isTrue();
            assertThat(ErrorDoc.of(refused.body()).map(ErrorDoc::errorType))
                    .as("EXT-REG-003: errorType of the refusal%s", log).hasValue("Extension.InvalidEventType");
            assertThat(refused.header(IDENTIFIER)).as("EXT-REG-003: the refusal issued no Lambda-Extension-Identifier%s", log).isEmpty();
            // registered by the refused request, the extension would be one that never asks for events (its second
            // registration may be refused as closed): Init and the next invocation would wait for it (EXT-EVT-005)
            run("EXT-REG-003", ef, Script.of(Step.echo()));
        }
    }

    @RuleTest("EXT-REG-004")
    void refusesTheEleventhExtension(Functions fx) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 11; i++) names.add(String.format(Locale.ROOT, "ext%02d", i));
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-REG-004", "ext-eleven", m -> layer(m, names.toArray(String[]::new)))) {
            WireResponse answer = ef.fn().invoke(Script.of(Step.echo()));
            List<Line> lines = ef.await(ls -> names.stream().allMatch(n -> ExtensionLog.first(ls, n, "register").isPresent()));
            String log = "\n  invocation: HTTP " + answer.status() + " " + abbreviate(answer.bodyText()) + ExtensionLog.excerpt(lines);
            List<Line> registrations = new ArrayList<>();
            for (String n : names) {
                registrations.add(ExtensionLog.first(lines, n, "register").orElseThrow(() ->
                        new AssertionError("EXT-REG-004: extensions/" + n + " logged no answer to its register call" + log)));
            }
            List<Line> refused = registrations.stream().filter(Line::clientError).toList();
            long accepted = registrations.stream().filter(l -> l.status() == 200).count();
            assertThat(refused).as("EXT-REG-004: exactly one of eleven registrations was refused with 4xx%s", log).hasSize(1);
            assertThat(ErrorDoc.of(refused.get(0).body()).map(ErrorDoc::errorType))
                    .as("EXT-REG-004: errorType of the refusal%s", log).hasValue("Extension.TooManyExtensions");
            assertThat(accepted).as("EXT-REG-004: the other ten registrations were accepted%s", log).isEqualTo(10);
        }
    }

    @RuleTest("EXT-REG-005")
    void closesRegistrationAfterInit(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-REG-005", "ext-late", m -> layer(m, "early"))) {
            FixtureResult r = run("EXT-REG-005", ef, Script.of(Step.echo(), Step.http("POST", API + "/register")
                    .headers(Map.of("Lambda-Extension-Name", "tck-late", "Content-Type", "application/json"))
                    .body(Body.text("{\"events\":[\"INVOKE\"]}")).set("timeoutMs", 5000)));
            JsonNode late = r.first("http");
            String seen = " (the runtime's register call during an invocation: " + late + ")" + ef.excerpt();
            assertThat(late.path("ok").asBoolean()).as("EXT-REG-005: the late register call was answered%s", seen).isTrue();
            int status = late.path("status").asInt();
            assertThat(status).as("EXT-REG-005: register after Init answered 4xx%s", seen).isBetween(400, 499);
            assertThat(ErrorDoc.of(late.path("body").asText(null)).map(ErrorDoc::errorType))
                    .as("EXT-REG-005: errorType of the refusal%s", seen).hasValue("Extension.RegistrationClosed");
        }
    }

    // ---------------------------------------------------------------- managed instances

    @RuleTest("LMI-EXT-001")
    void registersExtensionsForShutdownOnlyOnManagedInstances(Functions fx) {
        // the rule's capability is managed-instances (gated by the catalogue); it is about extensions as well
        if (!fx.descriptor().declares(Capabilities.EXTENSIONS)) {
            throw new NotApplicable("the target does not declare capability extensions, which LMI-EXT-001 is about too");
        }
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "LMI-EXT-001", "ext-managed-instances",
                m -> ExtensionLayer.of(ExtensionScript.named("invoke-too", m), ExtensionScript.named("shutdown-only", m).events(SHUTDOWN)),
                s -> s.withMaxConcurrency(2))) {
            run("LMI-EXT-001", ef, Script.of(Step.echo()));
            List<String> names = List.of("invoke-too", "shutdown-only");
            List<Line> lines = ef.await(ls -> names.stream().allMatch(n -> ExtensionLog.first(ls, n, "register").isPresent()));
            String log = ExtensionLog.excerpt(lines);
            Line invoke = ExtensionLog.first(lines, "invoke-too", "register").orElseThrow(() -> new AssertionError(
                    "LMI-EXT-001: the extension registering for INVOKE and SHUTDOWN logged no answer" + log));
            Line shutdown = ExtensionLog.first(lines, "shutdown-only", "register").orElseThrow(() -> new AssertionError(
                    "LMI-EXT-001: the extension registering for SHUTDOWN logged no answer" + log));
            assertThat(invoke.status()).as("LMI-EXT-001: a registration listing INVOKE on a managed-instances function answered 403%s", log)
                    .isEqualTo(403);
            assertThat(ErrorDoc.of(invoke.body()).map(ErrorDoc::errorType))
                    .as("LMI-EXT-001: errorType of the refusal%s", log).hasValue("Extension.InvalidEventType");
            assertThat(shutdown.status()).as("LMI-EXT-001: a registration for SHUTDOWN only answered 200%s", log).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- environment

    @RuleTest("EXT-ENV-001")
    void pointsExtensionsAtTheApi(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-ENV-001", "ext-env-api", m -> layer(m, "locator"))) {
            run("EXT-ENV-001", ef, Script.of(Step.echo()));
            List<Line> lines = ef.await(ls -> ExtensionLog.first(ls, "locator", "register").isPresent());
            String log = ExtensionLog.excerpt(lines);
            Line env = ExtensionLog.first(lines, "locator", "env").orElseThrow(() -> new AssertionError("EXT-ENV-001: the extension logged no environment" + log));
            assertThat(env.field("api").orElse("")).as("EXT-ENV-001: the extension's AWS_LAMBDA_RUNTIME_API is host:port%s", log)
                    .matches(ExtensionFunction.HOST_PORT);
            assertThat(ExtensionLog.first(lines, "locator", "register").map(Line::status))
                    .as("EXT-ENV-001: the Extensions API answered there (register through it answered 200)%s", log).hasValue(200);
        }
    }

    @RuleTest("EXT-ENV-002")
    void keepsTheFunctionsPrivateVariablesFromExtensions(Functions fx) {
        try (ExtensionFunction ef = ExtensionFunction.deploy(fx, "EXT-ENV-002", "ext-env-private", m -> layer(m, "inspector"))) {
            // the extension reports its environment before any call: the invocation need not be served
            WireResponse answer = ef.fn().invoke(Script.of(Step.echo()));
            String handler = FixtureResult.parse(answer.body()).flatMap(r -> r.env("_HANDLER")).orElse("unknown");
            List<Line> lines = ef.await(ls -> ExtensionLog.first(ls, "inspector", "env").isPresent());
            String log = ExtensionLog.excerpt(lines);
            Line env = ExtensionLog.first(lines, "inspector", "env").orElseThrow(() -> new AssertionError("EXT-ENV-002: the extension logged no environment" + log));
            List<String> set = List.of(env.field("private").orElse("").split(","));
            List<String> leaked = new ArrayList<>();
            for (String v : List.of("_HANDLER", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_EXECUTION_ENV")) if (set.contains(v)) leaked.add(v);
            assertThat(leaked).as("EXT-ENV-002: variables set in the extension's environment (the runtime's _HANDLER: %s)%s",
                    handler, log).isEmpty();
        }
    }
}

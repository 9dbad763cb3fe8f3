package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Answer;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;
import dev.lambdatck.tck.runtimeapi.runtime.launch.RuntimeTarget;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.INIT_ERROR;
import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.NEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the runtime starts and reports a failed start (chapter rtc-init). A fixture runtime fails its init
 * with {@code TCK_FIXTURE_INIT=error}; another runtime can name a handler that cannot be loaded in the
 * target option {@value RuntimeTarget#INIT_ERROR_HANDLER}.
 */
class RuntimeInitTest {

    static final String INIT_ERROR_TYPE = "Runtime.TckInitError";

    /** The environment that makes this runtime fail its init. */
    static Map<String, String> failingInit(TargetDescriptor d) {
        if (d.declares(RuntimeCapabilities.FIXTURE_PROTOCOL)) {
            return Map.of("TCK_FIXTURE_INIT", "error", "TCK_FIXTURE_INIT_ERROR_TYPE", INIT_ERROR_TYPE);
        }
        String handler = RuntimeSession.runtimeTarget(d).initErrorHandler();
        if (handler == null) {
            throw new NotApplicable("the TCK cannot make this runtime fail its init: declare capability "
                    + RuntimeCapabilities.FIXTURE_PROTOCOL + " or set target option " + RuntimeTarget.INIT_ERROR_HANDLER
                    + " to a handler that cannot be loaded");
        }
        return Map.of("_HANDLER", handler);
    }

    /** Starts a runtime whose init fails and waits until it posted /init/error or exited (bounded by start). */
    static RuntimeSession failedInit(TargetDescriptor d, TckTimeouts t) {
        RuntimeSession s = RuntimeSession.start(d, t, failingInit(d));
        s.api().awaitCondition(() -> !s.process().isAlive(), t.start());
        return s;
    }

    static RecordedRequest requireInitError(RuntimeSession s) {
        return s.first(r -> r.kind() == INIT_ERROR).orElseThrow(() -> new NotApplicable(
                "the runtime posted no /init/error; RTC-INIT-001 judges that"));
    }

    @RuleTest("RTC-INIT-001")
    void initFailuresArePostedToInitError(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = failedInit(d, t)) {
            assertThat(s.first(r -> r.kind() == INIT_ERROR)).as("POST /runtime/init/error before exiting; %s", s.explain()).isPresent();
        }
    }

    @RuleTest("RTC-INIT-002")
    void initErrorDocumentHasMessageAndType(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = failedInit(d, t)) {
            ErrorDocuments.errorDocument(requireInitError(s));
        }
    }

    @RuleTest("RTC-INIT-003")
    void exitsAfterAnInitErrorWithoutCallingNext(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = failedInit(d, t)) {
            RecordedRequest initError = requireInitError(s);
            OptionalInt code = s.process().awaitExit(t.quiet());
            assertThat(code).as("the runtime must exit after /init/error; %s", s.explain()).isPresent();
            assertThat(code.getAsInt()).as("exit status after /init/error").isNotZero();
            assertThat(s.after(initError).stream().filter(r -> r.kind() == NEXT)).as("GET /next after /init/error").isEmpty();
        }
    }

    @RuleTest("RTC-INIT-004")
    void initErrorTypeHeaderIsSent(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = failedInit(d, t)) {
            RecordedRequest initError = requireInitError(s);
            Optional<String> type = initError.header(ErrorDocuments.ERROR_TYPE);
            assertThat(type).as("%s header on /init/error", ErrorDocuments.ERROR_TYPE).isPresent();
            assertThat(type.get()).as("%s value on /init/error", ErrorDocuments.ERROR_TYPE).matches(ErrorDocuments.RUNTIME_REASON);
        }
    }

    @RuleTest("RTC-INIT-005")
    void noInitErrorAfterNext(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            s.serve(Probes.text("served"));
            s.serve(Event.json(Script.of(Step.error("Function.TckScriptedError", "a failure after init")).bytes()));
            // a failing /next after init is not an init failure either
            s.api().failNextFromNowOn(Answer.status(500));
            s.watch(r -> r.kind() == INIT_ERROR, t.quiet().multipliedBy(3));
            assertThat(s.first(r -> r.kind() == INIT_ERROR)).as("/init/error posted after GET /next").isEmpty();
        }
    }

    @RuleTest("RTC-INIT-006")
    void startsWithoutOptionalVariables(TargetDescriptor d, TckTimeouts t) {
        Map<String, String> env = new HashMap<>();
        for (String v : new String[]{"_X_AMZN_TRACE_ID", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_MAX_CONCURRENCY"}) env.put(v, null);
        startsAndServes(d, t, env, "without _X_AMZN_TRACE_ID, AWS_LAMBDA_LOG_GROUP_NAME, AWS_LAMBDA_LOG_STREAM_NAME and AWS_LAMBDA_MAX_CONCURRENCY");
    }

    @RuleTest("RTC-INIT-007")
    void startsWithoutFunctionMetadata(TargetDescriptor d, TckTimeouts t) {
        Map<String, String> env = new HashMap<>();
        for (String v : new String[]{"AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"}) env.put(v, null);
        startsAndServes(d, t, env, "without AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_VERSION and AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
    }

    private static void startsAndServes(TargetDescriptor d, TckTimeouts t, Map<String, String> env, String how) {
        try (RuntimeSession s = RuntimeSession.start(d, t, env)) {
            s.expectFirstNext("started " + how);
            byte[] payload = Probes.bytes("optional variables absent");
            RuntimePayloadTest.assertEcho(s.serve(Event.of(payload, "application/octet-stream")), payload, "an event served " + how);
        }
    }
}

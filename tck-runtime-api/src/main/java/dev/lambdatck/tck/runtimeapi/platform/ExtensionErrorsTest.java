package dev.lambdatck.tck.runtimeapi.platform;

import dev.lambdatck.core.RuleTest;
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
import org.opentest4j.TestAbortedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.lambdatck.tck.runtimeapi.platform.ExtensionsTest.*;

/**
 * Extension error reports (chapter ext-api): init/error and exit/error; helpers and the test extensions are those of
 * {@link ExtensionsTest} (a class of its own so that it runs alongside).
 */
@ExtendWith(PlatformFunctions.class)
class ExtensionErrorsTest {

    // ---------------------------------------------------------------- errors

    /*
     * The failing extensions have a SHUTDOWN-registered bystander: the environment their error ends then grants the
     * shutdown budget instead of killing every extension at once, so the failing one lives to log its answers.
     */

    /** An extension that registers, reports init/error with a type that is not an Extension.* value, then tries more calls. */
    static ExtensionFunction initErrorFunction(Functions fx, String rule) {
        return ExtensionFunction.deploy(fx, rule, "ext-init-error", m -> ExtensionLayer.of(
                ExtensionScript.named("failing", m).initError("Tck.ExtensionFailed"), ExtensionScript.named("bystander", m).events(SHUTDOWN)));
    }

    /** An extension that reports exit/error on its first INVOKE, then tries more calls. */
    static ExtensionFunction exitErrorFunction(Functions fx, String rule) {
        return ExtensionFunction.deploy(fx, rule, "ext-exit-error", m -> ExtensionLayer.of(
                ExtensionScript.named("quitting", m).exitErrorOnInvoke("Extension.TckQuit"), ExtensionScript.named("bystander", m).events(SHUTDOWN)));
    }

    @RuleTest("EXT-ERR-001")
    void acknowledgesExtensionErrorReports(Functions fx) {
        try (ExtensionFunction ef = initErrorFunction(fx, "EXT-ERR-001")) {
            ef.fn().invoke(Script.of(Step.echo()));
            checkAcknowledged(ef, "failing", "init-error");
        }
        try (ExtensionFunction ef = exitErrorFunction(fx, "EXT-ERR-001")) {
            ef.fn().invoke(Script.of(Step.echo()));
            checkAcknowledged(ef, "quitting", "exit-error");
        }
    }

    private static void checkAcknowledged(ExtensionFunction ef, String ext, String errorCall) {
        List<Line> lines = ef.await(ls -> ExtensionLog.first(ls, ext, errorCall).isPresent());
        String log = ExtensionLog.excerpt(lines);
        Line answer = ExtensionLog.first(lines, ext, errorCall).orElseThrow(() -> new TestAbortedException("EXT-ERR-001: not observed: "
                + "the extension was ended before it could report the answer to its " + errorCall.replace('-', '/') + log));
        assertThat(answer.status()).as("EXT-ERR-001: POST %s from a registered extension answered 202%s", errorCall.replace('-', '/'), log)
                .isEqualTo(202);
    }

    @RuleTest("EXT-ERR-002")
    void refusesCallsAfterAnExtensionError(Functions fx) {
        try (ExtensionFunction ef = initErrorFunction(fx, "EXT-ERR-002")) {
            ef.fn().invoke(Script.of(Step.echo()));
            checkRefusedAfter(ef, "failing", "init-error");
        }
        try (ExtensionFunction ef = exitErrorFunction(fx, "EXT-ERR-002")) {
            ef.fn().invoke(Script.of(Step.echo()));
            checkRefusedAfter(ef, "quitting", "exit-error");
        }
    }

    private static void checkRefusedAfter(ExtensionFunction ef, String ext, String errorCall) {
        List<Line> lines = ef.await(ls -> ExtensionLog.first(ls, ext, "after-exit-error").isPresent() || ExtensionLog.first(ls, ext, "bye").isPresent());
        String log = ExtensionLog.excerpt(lines);
        Optional<Line> error = ExtensionLog.first(lines, ext, errorCall);
        if (error.isEmpty() || error.get().status() / 100 != 2) {
            throw new TestAbortedException("EXT-ERR-002: not reached: the extension's " + errorCall + " was not accepted, so there is no "
                    + "failed extension whose later calls to check (EXT-ERR-001)" + log);
        }
        List<Line> after = new ArrayList<>();
        ExtensionLog.first(lines, ext, "after-next").ifPresent(after::add);
        ExtensionLog.first(lines, ext, "after-exit-error").ifPresent(after::add);
        if (after.isEmpty()) {
            throw new TestAbortedException("EXT-ERR-002: not observed: the extension was ended before it could report the answers to its "
                    + "calls after " + errorCall + log);
        }
        assertThat(after).as("EXT-ERR-002: after %s every call with the extension's identifier was refused with 4xx%s", errorCall, log)
                .allMatch(Line::clientError);
    }

    @RuleTest("EXT-ERR-003")
    void failsTheInvocationAfterAnExtensionInitError(Functions fx) {
        try (ExtensionFunction ef = initErrorFunction(fx, "EXT-ERR-003")) {
            WireResponse r = ef.fn().invoke(Script.of(Step.echo()));
            List<Line> lines = ef.await(ls -> ExtensionLog.first(ls, "failing", "init-error").isPresent());
            String seen = "HTTP " + r.status() + " " + r.header(Fn.FUNCTION_ERROR).map(v -> Fn.FUNCTION_ERROR + ": " + v + " ").orElse("")
                    + "body '" + abbreviate(r.bodyText()) + "'" + ExtensionLog.excerpt(lines);
            Optional<Line> error = ExtensionLog.first(lines, "failing", "init-error");
            // acceptance is seen in the extension's log, or (when the platform ended the extension before it could
            // write) in an invocation failed with the rule's own error type
            boolean accepted = error.map(l -> l.status() / 100 == 2).orElse(ErrorDoc.typeIn(r).filter("Extension.InitError"::equals).isPresent());
            if (!accepted) {
                throw new TestAbortedException("EXT-ERR-003: not reached: " + (error.isPresent() ? "the extension's init/error was not accepted (EXT-ERR-001)"
                        : "the extension was ended before it could report whether its init/error was accepted") + ": " + seen);
            }
            assertThat(FixtureResult.parse(r.body())).as("EXT-ERR-003: the invocation was not served after the extension's init error: %s", seen).isEmpty();
            assertThat(r.header(Fn.FUNCTION_ERROR).isPresent() || r.status() >= 400)
                    .as("EXT-ERR-003: the invocation ends with a function error: %s", seen).isTrue();
            assertThat(ErrorDoc.typeIn(r)).as("EXT-ERR-003: errorType after init/error with the type 'Tck.ExtensionFailed' (not an Extension.* value): %s", seen)
                    .hasValue("Extension.InitError");
        }
    }
}

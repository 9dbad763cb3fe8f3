package dev.lambdatck.tck.runtimeapi.platform;

import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.ErrorDoc;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.HostProcesses;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Function timeouts (chapter rt-life): each test waits out a 1 s timeout, so they form a class of their own. */
@ExtendWith(PlatformFunctions.class)
class TimeoutTest {

    @RuleTest("RT-LIFE-004")
    void reportsATimeoutAsSandboxTimedout(Functions fx) {
        WireResponse r = LifecycleTest.oneSecond(fx, "timeout").invoke(Script.of(Step.sleep(4000), Step.respond(Body.text("too late"))));
        ErrorDoc e = ErrorDoc.of(r.body()).orElse(null);
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-LIFE-004: function error flagged").isPresent();
        assertThat(e).as("RT-LIFE-004: a JSON error (got '%s')", r.bodyText()).isNotNull();
        assertThat(e.errorType()).as("RT-LIFE-004: errorType after the 1 s timeout").isEqualTo("Sandbox.Timedout");
        assertThat(e.errorMessage()).as("RT-LIFE-004: errorMessage states the timeout in seconds").containsPattern("\\b1(\\.0+)? ?s");
    }

    @RuleTest("RT-LIFE-005")
    void answersATimeoutPromptly(Functions fx) {
        Fn fn = LifecycleTest.oneSecond(fx, "timeout-prompt");
        fn.run(Script.of(Step.echo())); // warm: measure from delivery, not from a cold start
        WireResponse r = fn.invoke(Script.of(Step.sleep(5000), Step.respond(Body.text("too late"))));
        assertThat(r.bodyText()).as("RT-LIFE-005: the invocation timed out").doesNotContain("too late");
        assertThat(r.durationMs()).as("RT-LIFE-005: the timeout error arrived within timeout 1 s + 2 s").isLessThanOrEqualTo(3000);
    }

    @RuleTest("RT-LIFE-006")
    void killsTheRuntimeAndItsChildrenAfterATimeout(Functions fx) {
        Fn fn = LifecycleTest.oneSecond(fx, "timeout-children");
        String marker = LifecycleTest.newMarker();
        try {
            CompletableFuture<WireResponse> timedOut = fn.invokeAsync(Script.of(LifecycleTest.spawnMarker(marker), Step.sleep(5000)));
            if (!HostProcesses.appears(marker, Duration.ofMillis(900), fx.timeouts().poll())) {
                timedOut.join();
                throw new NotApplicable("the function's processes are not visible from the TCK's host");
            }
            timedOut.join();
            fn.run(Script.of(Step.echo()));
            assertThat(HostProcesses.gone(marker, Duration.ZERO, fx.timeouts().poll()))
                    .as("RT-LIFE-006: the process the runtime started is gone before the environment served another invocation").isTrue();
        } finally {
            HostProcesses.killAll(marker);
        }
    }

    @RuleTest("RT-LIFE-014")
    void doesNotCountInitAgainstTheTimeout(Functions fx) {
        Fn fn = fx.fresh("slow-init", s -> s.withTimeout(LifecycleTest.ONE_SECOND).withEnvironment(Map.of("TCK_FIXTURE_INIT", "sleep:1500")));
        WireResponse r = fn.invoke(Script.of(Step.sleep(400), Step.respond(Body.text("in time"), "text/plain")));
        assertThat(r.bodyText()).as("RT-LIFE-014: 1.5 s of init did not eat into the 1 s timeout of a 0.4 s invocation (%s)",
                r.header(Fn.FUNCTION_ERROR).orElse("no function error")).isEqualTo("in time");
    }
}

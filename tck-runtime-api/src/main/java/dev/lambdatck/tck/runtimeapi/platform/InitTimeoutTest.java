package dev.lambdatck.tck.runtimeapi.platform;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.runtimeapi.support.Body;
import dev.lambdatck.tck.runtimeapi.support.ErrorDoc;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Init time limit (chapter rt-init). On its own because it waits out the 10 s limit: the class can run
 * alongside the others.
 */
@ExtendWith(PlatformFunctions.class)
class InitTimeoutTest {

    @RuleTest("RT-INIT-006")
    void givesUpOnAnInitThatNeverEnds(Functions fx) {
        Fn fn = fx.fresh("init-hang", s -> s.withTimeout(Duration.ofSeconds(1))
                .withEnvironment(Map.of("TCK_FIXTURE_INIT", "sleep:60000")));
        long t0 = System.nanoTime();
        // 10 s init limit, then a re-init bounded by the 1 s timeout, plus the usual allowance
        WireResponse r = fn.invoke(Script.of(Step.respond(Body.text("never"))), Duration.ofSeconds(11).plus(fn.invokeDeadline()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ErrorDoc.typeIn(r)).as("RT-INIT-006: errorType after the init limit and a re-init bounded by the 1 s timeout (body '%s')",
                r.bodyText()).hasValue("Sandbox.Timedout");
        assertThat(ms).as("RT-INIT-006: the invoker got its answer after about 10 s of init + 1 s, not later").isLessThan(15_000);
    }
}

package dev.lambdatck.tck.runtimeapi.platform;

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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Init phase (chapter rt-init). Init behaviour is chosen through the fixture's environment
 * ({@code TCK_FIXTURE_INIT}); the fixture writes the status its {@code /init/error} got to its log.
 */
@ExtendWith(PlatformFunctions.class)
class InitTest {

    /** The fixture's log line after posting /init/error (fixtures-runtimes: "init error posted (status N)"). */
    static final Pattern INIT_ERROR_POSTED = Pattern.compile("init error posted \\(status (\\d{3})\\)");

    static Fn initError(Functions fx, String errorType) {
        return fx.fresh("init-error", s -> s.withEnvironment(Map.of("TCK_FIXTURE_INIT", "error",
                "TCK_FIXTURE_INIT_ERROR_TYPE", errorType)));
    }

    static List<Integer> postedStatuses(Fn fn, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        List<Integer> out = new ArrayList<>();
        do {
            out.clear();
            Matcher m = INIT_ERROR_POSTED.matcher(fn.logs());
            while (m.find()) out.add(Integer.parseInt(m.group(1)));
            if (!out.isEmpty()) return out;
            sleep(20);
        } while (System.nanoTime() < end);
        Prerequisites.checkLog(fn); // the fixture may never have reached the Runtime API
        return out;
    }

    @RuleTest("RT-INIT-001")
    void acceptsAnInitErrorBeforeTheFirstNext(Functions fx) {
        Fn fn = initError(fx, "Tck.InitFailed");
        trigger(fn);
        assertThat(postedStatuses(fn, fn.invokeDeadline()))
                .as("RT-INIT-001: status of /init/error as the fixture logged it (log:%n%s)", fn.logs())
                .isNotEmpty().first().isEqualTo(202);
    }

    @RuleTest("RT-INIT-002")
    void refusesAnInitErrorAfterTheFirstNext(Functions fx) {
        FixtureResult r = fx.shared().run(Script.of(
                Step.http("POST", Step.API + "/runtime/init/error").headers(Map.of("Lambda-Runtime-Function-Error-Type", "Tck.LateInit"))
                        .body(Body.text("{\"errorMessage\":\"too late\",\"errorType\":\"Tck.LateInit\"}")),
                Step.respond()));
        var step = r.first("http");
        assertThat(step.path("status").asInt()).as("RT-INIT-002: /init/error after /next answered").isEqualTo(403);
        assertThat(ErrorDoc.of(step.path("body").asText()).map(ErrorDoc::errorType).orElse(null))
                .as("RT-INIT-002: errorType of the refusal").isEqualTo("InvalidStateTransition");
    }

    /** The fixture's log line after its /next that follows an accepted /init/error (fixture protocol §4, error-then-next). */
    static final Pattern INIT_NEXT = Pattern.compile("init-next (\\d{3}|none)");

    @RuleTest("RT-INIT-003")
    void refusesANextAfterAnInitError(Functions fx) {
        Fn fn = fx.fresh("init-error-then-next", s -> s.withEnvironment(Map.of("TCK_FIXTURE_INIT", "error-then-next",
                "TCK_FIXTURE_INIT_ERROR_TYPE", "Tck.InitFailed")));
        CompletableFuture<WireResponse> first = fn.invokeAsync(Script.of(Step.echo()));
        // the fixture gives up on an unanswered /next after 5 s and logs "none"
        String status = firstMatch(fn, INIT_NEXT, fn.invokeDeadline().plusSeconds(6));
        if (!"403".equals(status)) {
            // the rule holds only after an ACCEPTED /init/error: the fixture's log or the invocation tell whether it was
            Optional<WireResponse> answer = answered(first, Duration.ofSeconds(2));
            boolean accepted = postedStatuses(fn, Duration.ZERO).contains(202)
                    || answer.flatMap(ErrorDoc::typeIn).filter("Tck.InitFailed"::equals).isPresent();
            if (!accepted) {
                throw new NotApplicable("the fixture's /init/error was not accepted: neither logged as 202 nor reported to the "
                        + "invocation (answer " + answer.map(WireResponse::bodyText).orElse("none") + "; see RT-INIT-001, RT-INIT-004)");
            }
        }
        assertThat(status).as("RT-INIT-003: status of GET /next after an accepted /init/error, as the fixture logged it (log:%n%s)", fn.logs())
                .isEqualTo("403");
    }

    static Optional<WireResponse> answered(CompletableFuture<WireResponse> f, Duration within) {
        try {
            return Optional.of(f.get(within.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    /** Group 1 of the first match of {@code p} in the function log, waiting up to {@code within}; null when none. */
    static String firstMatch(Fn fn, Pattern p, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        do {
            Matcher m = p.matcher(fn.logs());
            if (m.find()) return m.group(1);
            sleep(20);
        } while (System.nanoTime() < end);
        return null;
    }

    @RuleTest("RT-INIT-004")
    void failsThePendingInvocationWithTheInitError(Functions fx) {
        Fn fn = initError(fx, "Tck.InitFailed");
        WireResponse r = fn.invoke(Script.of(Step.echo()));
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-INIT-004: the invocation ended as a function error").isPresent();
        ErrorDoc e = ErrorDoc.of(r.body()).orElse(null);
        assertThat(e).as("RT-INIT-004: the error body is the JSON the runtime posted (got '%s')", r.bodyText()).isNotNull();
        assertThat(e.errorType()).as("RT-INIT-004: errorType posted to /init/error").isEqualTo("Tck.InitFailed");
        assertThat(e.errorMessage()).as("RT-INIT-004: errorMessage posted to /init/error").isEqualTo("scripted init error");
    }

    @RuleTest("RT-INIT-005")
    void reportsAnExitDuringInitAsExitError(Functions fx) {
        Fn fn = fx.fresh("init-exit", s -> s.withEnvironment(Map.of("TCK_FIXTURE_INIT", "exit:3")));
        WireResponse r = fn.invoke(Script.of(Step.echo()));
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-INIT-005: function error flagged").isPresent();
        assertThat(ErrorDoc.typeIn(r)).as("RT-INIT-005: errorType when the runtime exits during init (body '%s')", r.bodyText())
                .hasValue("Runtime.ExitError");
    }

    @RuleTest("RT-INIT-007")
    void startsANewBootstrapAfterAnInitFailure(Functions fx) {
        Fn fn = initError(fx, "Tck.InitFailed");
        WireResponse first = fn.invoke(Script.of(Step.echo()));
        WireResponse second = fn.invoke(Script.of(Step.echo()));
        assertThat(first.header(Fn.FUNCTION_ERROR)).as("RT-INIT-007: first invocation fails in init").isPresent();
        assertThat(second.header(Fn.FUNCTION_ERROR)).as("RT-INIT-007: second invocation fails in init again").isPresent();
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<Integer> posted;
        do {
            posted = postedStatuses(fn, Duration.ZERO);
            if (posted.size() >= 2) break;
            sleep(20);
        } while (System.nanoTime() < end);
        assertThat(posted).as("RT-INIT-007: each invocation was served by a newly started bootstrap that ran Init (log:%n%s)", fn.logs())
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @RuleTest("RT-INIT-008")
    void acceptsAnInitErrorWithAnUnusualType(Functions fx) {
        Fn fn = initError(fx, "Tck Unusual/Type:42 (x)");
        trigger(fn);
        assertThat(postedStatuses(fn, fn.invokeDeadline()))
                .as("RT-INIT-008: status of /init/error with an unusual error type (log:%n%s)", fn.logs())
                .isNotEmpty().first().isEqualTo(202);
    }

    /** Starts an invocation so the platform starts the bootstrap; what the invoker gets is not this test's concern. */
    static void trigger(Fn fn) {
        fn.invokeAsync(Script.of(Step.echo())).exceptionally(e -> null);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

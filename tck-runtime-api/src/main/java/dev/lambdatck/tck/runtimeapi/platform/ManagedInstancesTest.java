package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.Blocked;
import dev.lambdatck.core.NotApplicable;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda Managed Instances: one runtime serving several invocations at once (chapter lmi-concurrency). Every test
 * deploys the fixture with maxConcurrency {@value #CONCURRENCY}; the fixture then runs one worker per allowed
 * invocation (fixture protocol §4 "Workers"). That several invocations are in flight at once is not inferred from
 * timing: the invocations meet at a rendezvous in the environment's /tmp, which each passes only once all of
 * them have arrived. A worker's earlier results are read back with {@code recall} from every worker at once
 * ({@link #recallEverywhere}), since which worker serves an invocation is the platform's choice.
 */
@ExtendWith(PlatformFunctions.class)
class ManagedInstancesTest {

    static final int CONCURRENCY = 3;
    static final Duration TIMEOUT = Duration.ofSeconds(8);
    /** How long invocations wait at a rendezvous for the others: well within TIMEOUT. */
    static final long RENDEZVOUS_MS = 3000;
    static final String MAX_CONCURRENCY = "AWS_LAMBDA_MAX_CONCURRENCY";

    static Fn managed(Functions fx, String key, Duration timeout) {
        return fx.fresh(key, s -> s.withMaxConcurrency(CONCURRENCY).withTimeout(timeout));
    }

    /**
     * Warms the function and returns the number of workers its runtime runs: AWS_LAMBDA_MAX_CONCURRENCY as the runtime
     * saw it. Without a usable value no concurrency can be observed, and the test is blocked by LMI-CONC-001.
     */
    static int workers(Fn fn) {
        FixtureResult r = fn.run(Script.of(Step.echo()));
        String v = r.env(MAX_CONCURRENCY).orElse(null);
        int n;
        try {
            n = v == null ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 2) {
            throw new Blocked("LMI-CONC-001", "the runtime of a function configured for " + CONCURRENCY + " concurrent invocations got "
                    + MAX_CONCURRENCY + "=" + v + ", so it runs no concurrent workers");
        }
        return n;
    }

    static String rendezvousDir() {
        return "/tmp/tck-lmi-" + UUID.randomUUID();
    }

    /**
     * Waits in {@code dir} until {@code parties} invocations have arrived there ({@code party}: this one's file name,
     * a shell word), at most {@code timeoutMs}; the step fails when they did not all arrive in time.
     */
    static Step rendezvous(String dir, int parties, String party, long timeoutMs) {
        return Step.exec("sh", "-c", "mkdir -p " + dir + " && : > " + dir + "/" + party + " && until [ \"$(ls " + dir
                + " | wc -l)\" -ge " + parties + " ]; do sleep 0.05; done").set("timeoutMs", timeoutMs);
    }

    /**
     * Whether the rendezvous step of a result document passed (false: the others did not arrive in time).
     *
     * @throws Blocked by RT-ENV-015 when the rendezvous could not even be set up because /tmp is not writable
     */
    static boolean met(FixtureResult r) {
        JsonNode exec = r.first("exec");
        if (exec.path("ok").asBoolean(false) && exec.path("exitCode").asInt(0) != 0) {
            throw new Blocked("RT-ENV-015", "the invocations' meeting place could not be created in /tmp: "
                    + exec.path("stderr").asText(""));
        }
        return exec.path("ok").asBoolean(false) && exec.path("exitCode").asInt(-1) == 0;
    }

    /** Sends every script at once and waits for all answers. */
    static List<WireResponse> all(Fn fn, List<Script> scripts) {
        List<CompletableFuture<WireResponse>> running = new ArrayList<>();
        for (Script s : scripts) running.add(fn.invokeAsync(s));
        List<WireResponse> out = new ArrayList<>();
        try {
            for (CompletableFuture<WireResponse> f : running) out.add(f.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
        return out;
    }

    /** Removes a rendezvous directory (best effort: a failure here says nothing about the rules). */
    static void cleanUp(Fn fn, String dir) {
        try {
            fn.invoke(Script.of(Step.exec("rm", "-rf", dir)));
        } catch (RuntimeException | AssertionError ignored) {
            // the function is undeployed with the test anyway
        }
    }

    /**
     * The result document of the invocation that ran the script named {@code scenario}, recalled from the worker that
     * ran it: in each round every worker gets one recall at once (they meet at a rendezvous first). Empty when no
     * worker remembers it although every worker was asked.
     *
     * @throws Blocked by LMI-CONC-002 when the workers could not all be asked because invocations were not run at once
     */
    static Optional<FixtureResult> recallEverywhere(Fn fn, int workers, String scenario, long rendezvousMs) {
        boolean allAsked = false;
        for (int round = 0; round < 3; round++) {
            String dir = rendezvousDir();
            List<Script> scripts = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                scripts.add(Script.named("tck-lmi-recall-" + i, rendezvous(dir, workers, "p" + i, rendezvousMs), Step.recall()));
            }
            boolean everyoneMet = true;
            for (WireResponse r : all(fn, scripts)) {
                FixtureResult doc = Fn.result(r);
                everyoneMet &= met(doc);
                for (FixtureResult earlier : doc.recalled()) {
                    if (scenario.equals(earlier.json().path("scenario").asText(null))) {
                        cleanUp(fn, dir);
                        return Optional.of(earlier);
                    }
                }
            }
            cleanUp(fn, dir);
            allAsked |= everyoneMet;
            if (everyoneMet) break; // all met, so each worker served one recall: none remembers it
        }
        if (!allAsked) {
            throw new Blocked("LMI-CONC-002", "the platform did not run " + workers + " invocations at once, so not every worker "
                    + "could be asked to recall its earlier invocations");
        }
        return Optional.empty();
    }

    @RuleTest("LMI-CONC-001")
    void setsTheMaxConcurrencyVariable(Functions fx) {
        FixtureResult r = managed(fx, "lmi-variable", TIMEOUT).run(Script.of(Step.echo()));
        String v = r.env(MAX_CONCURRENCY).orElse(null);
        assertThat(v).as("LMI-CONC-001: %s of a function configured for %d concurrent invocations", MAX_CONCURRENCY, CONCURRENCY)
                .isNotNull().matches("[0-9]+");
        assertThat(Integer.parseInt(v)).as("LMI-CONC-001: %s equals the configured concurrency", MAX_CONCURRENCY).isEqualTo(CONCURRENCY);
    }

    @RuleTest("LMI-CONC-002")
    void runsUpToNInvocationsAtOnce(Functions fx) {
        Fn fn = managed(fx, "lmi-parallel", TIMEOUT);
        int n = workers(fn);
        String dir = rendezvousDir();
        List<Script> scripts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            scripts.add(Script.named("tck-lmi-parallel-" + i, Step.echo(), rendezvous(dir, n, "p" + i, RENDEZVOUS_MS)));
        }
        List<WireResponse> answers = all(fn, scripts);
        cleanUp(fn, dir);
        Set<String> ids = new HashSet<>();
        Set<Long> pids = new HashSet<>();
        for (WireResponse a : answers) {
            FixtureResult r = Fn.result(a);
            assertThat(met(r)).as("LMI-CONC-002: invocation %s (request %s) met the other %d at the rendezvous within %d ms, i.e. "
                    + "all %d were delivered at once (its exec step: %s)", r.json().path("scenario").asText(), r.requestId(), n - 1,
                    RENDEZVOUS_MS, n, r.first("exec")).isTrue();
            ids.add(r.requestId());
            pids.add(r.first("echo").path("pid").asLong());
        }
        assertThat(ids).as("LMI-CONC-002: request ids of the %d invocations in flight at once", n).hasSize(n);
        assertThat(pids).as("LMI-CONC-002: workers (pids) that served the %d invocations in flight at once", n).hasSize(n);
    }

    @RuleTest("LMI-CONC-003")
    void routesAnswersByRequestId(Functions fx) {
        Fn fn = managed(fx, "lmi-routing", TIMEOUT);
        workers(fn);
        String dir = rendezvousDir();
        String marker = "tck-lmi-routing-first-" + UUID.randomUUID();
        // the first invocation is delivered first and answers last (its result document, by /response); the second
        // answers first (by /error): an answer routed by arrival order, or to the oldest invocation, swaps them
        CompletableFuture<WireResponse> first = fn.invokeAsync(Script.named("tck-lmi-first", Step.log(marker),
                rendezvous(dir, 2, "first", RENDEZVOUS_MS), Step.sleep(600), Step.respond()));
        awaitLog(fn, marker, Duration.ofMillis(RENDEZVOUS_MS / 2));
        WireResponse second = fn.invoke(Script.named("tck-lmi-second", rendezvous(dir, 2, "second", RENDEZVOUS_MS),
                Step.error("Tck.LmiSecond", "answer-for-second")));
        WireResponse firstAnswer = first.join();
        cleanUp(fn, dir);
        Optional<FixtureResult> firstDoc = FixtureResult.parse(firstAnswer.body());
        if (firstDoc.isPresent() && "tck-lmi-first".equals(firstDoc.get().json().path("scenario").asText()) && !met(firstDoc.get())) {
            throw new Blocked("LMI-CONC-002", "the two invocations were not in flight at once (they did not meet at the rendezvous)");
        }
        assertThat(ErrorDoc.typeIn(second)).as("LMI-CONC-003: the second invoker received the /error posted for its own request "
                + "id (body: %s)", second.bodyText()).contains("Tck.LmiSecond");
        assertThat(firstDoc.map(d -> d.json().path("scenario").asText())).as("LMI-CONC-003: the first invoker received the "
                + "/response posted for its own request id, after the other invocation's /error (body: %s)", firstAnswer.bodyText())
                .contains("tck-lmi-first");
    }

    /** Waits (bounded) until the function log shows {@code marker}; goes on regardless when the log does not. */
    static void awaitLog(Fn fn, String marker, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        do {
            if (fn.logs().contains(marker)) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        } while (System.nanoTime() < end);
    }

    @RuleTest("LMI-CONC-004")
    void refusesASecondAnswerWith400(Functions fx) {
        Fn fn = managed(fx, "lmi-second-answer", TIMEOUT);
        int n = workers(fn);
        String scenario = "tck-lmi-second-answer-" + UUID.randomUUID();
        WireResponse r = fn.invoke(Script.named(scenario, Step.respond(Body.text("first"), "text/plain"),
                Step.http("POST", Step.CURRENT_RESPONSE).body(Body.text("second")),
                Step.http("POST", Step.CURRENT_ERROR).body(Body.text("{\"errorMessage\":\"late\",\"errorType\":\"Tck.Late\"}"))));
        FixtureResult doc = recallEverywhere(fn, n, scenario, RENDEZVOUS_MS).orElseThrow(() -> new AssertionError(
                "no worker of the runtime recalls the invocation " + scenario + ", so the answers to its later posts are unknown"));
        assertThat(r.bodyText()).as("LMI-CONC-004: the invoker received the first answer").isEqualTo("first");
        assertThat(r.header(Fn.FUNCTION_ERROR)).as("LMI-CONC-004: the later /error did not turn the result into an error").isEmpty();
        for (JsonNode late : doc.all("http")) {
            assertThat(late.path("status").asInt()).as("LMI-CONC-004: %s after the accepted /response answered",
                    late.path("path").asText()).isEqualTo(400);
            assertThat(ErrorDoc.of(late.path("body").asText()).map(ErrorDoc::errorType).orElse(null))
                    .as("LMI-CONC-004: errorType of the refusal (body: %s)", late.path("body").asText()).isEqualTo("InvalidRequestID");
        }
        assertThat(doc.all("http")).as("LMI-CONC-004: the later posts the runtime made").hasSize(2);
    }

    @RuleTest("LMI-CONC-005")
    void answersALateAnswerWith410(Functions fx) {
        Duration timeout = Duration.ofSeconds(3);
        Fn fn = managed(fx, "lmi-late-answer", timeout);
        int n = workers(fn);
        String scenario = "tck-lmi-late-answer-" + UUID.randomUUID();
        WireResponse r = fn.invoke(Script.named(scenario, Step.sleep(timeout.toMillis() + 1000),
                Step.http("POST", Step.CURRENT_RESPONSE).body(Body.text("late"))));
        assertThat(r.bodyText()).as("LMI-CONC-005: the invoker of the timed-out invocation did not receive the late answer")
                .isNotEqualTo("late");
        // the recall rendezvous must end within the 3 s timeout
        Optional<FixtureResult> doc = recallEverywhere(fn, n, scenario, 2000);
        if (doc.isEmpty()) {
            throw new NotApplicable("no worker recalls the timed-out invocation: the platform ended the runtime at the timeout, "
                    + "so no late answer could be posted");
        }
        JsonNode late = doc.get().first("http");
        assertThat(late.path("status").asInt()).as("LMI-CONC-005: /response for the timed-out invocation answered (body: %s)",
                late.path("body").asText()).isEqualTo(410);
        assertThat(ErrorDoc.of(late.path("body").asText()).map(ErrorDoc::errorType).orElse(null))
                .as("LMI-CONC-005: errorType of the refusal").isEqualTo("InvokeTimeout");
    }

    @RuleTest("LMI-CONC-006")
    void neverHasTwoInvocationsInFlightWithOneId(Functions fx) {
        Fn fn = managed(fx, "lmi-distinct-ids", TIMEOUT);
        workers(fn);
        String dir = rendezvousDir();
        // two identical events (a platform must not key request ids on the event), each its own party ($$: the shell's pid)
        Script same = Script.named("tck-lmi-same-event", Step.echo(), rendezvous(dir, 2, "$$", RENDEZVOUS_MS));
        List<WireResponse> answers = all(fn, List.of(same, same));
        cleanUp(fn, dir);
        List<FixtureResult> docs = new ArrayList<>();
        for (WireResponse a : answers) FixtureResult.parse(a.body()).ifPresent(docs::add);
        if (docs.size() == 2 && !(met(docs.get(0)) && met(docs.get(1)))) {
            throw new Blocked("LMI-CONC-002", "the two invocations were not in flight at once (they did not meet at the rendezvous)");
        }
        assertThat(docs).as("LMI-CONC-006: at least one of the two invocations reached the runtime").isNotEmpty();
        if (docs.size() == 2) {
            assertThat(docs.get(0).requestId()).as("LMI-CONC-006: request ids of two invocations in flight at once")
                    .isNotEqualTo(docs.get(1).requestId());
        }
    }
}

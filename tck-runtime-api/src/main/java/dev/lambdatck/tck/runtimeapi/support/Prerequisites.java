package dev.lambdatck.tck.runtimeapi.support;

import dev.lambdatck.core.Blocked;

import java.util.List;

/**
 * Platform rules without which no invocation can be observed through a runtime. A test that fails because
 * the target broke one of them is {@link Blocked} (NOT_VERIFIED, naming the rule) instead of failed: the
 * rule fails in its own test, and every other rule was simply not reached.
 */
public final class Prerequisites {

    /** What every fixture writes to stderr when it exits on a /next answer without a request id (fixture protocol §7). */
    public static final String NO_REQUEST_ID = "GET /next answered 200 without Lambda-Runtime-Aws-Request-Id";
    /** What every fixture writes to stderr when it exits at start on a malformed address (fixture protocol §7). */
    public static final String MALFORMED_RUNTIME_API = "AWS_LAMBDA_RUNTIME_API is not host:port";
    static final String ERROR_TYPE_TRAILER = "Lambda-Runtime-Function-Error-Type";

    private record Prerequisite(String rule, String logMarker, String consequence) {
    }

    private static final List<Prerequisite> ALL = List.of(
            new Prerequisite("RT-NEXT-002", NO_REQUEST_ID,
                    "the runtime got a GET /next answer without Lambda-Runtime-Aws-Request-Id, so it could not serve this invocation"),
            new Prerequisite("RT-HTTP-011", MALFORMED_RUNTIME_API,
                    "the runtime was started with an AWS_LAMBDA_RUNTIME_API that is not host:port, so it could not reach the Runtime API"));

    private Prerequisites() {
    }

    /** Throws {@link Blocked} when a failed invocation of {@code fn} is explained by a broken prerequisite rule. */
    static void check(Fn fn, WireResponse r) {
        if (failed(r)) checkLog(fn, null);
    }

    /**
     * For the test of the prerequisite rule {@code ruleUnderTest} itself: throws {@link Blocked} when a failed
     * invocation is explained by one of the other prerequisites.
     */
    public static void checkOthers(Fn fn, WireResponse r, String ruleUnderTest) {
        if (failed(r)) checkLog(fn, ruleUnderTest);
    }

    /**
     * Throws {@link Blocked} when {@code fn}'s log shows that its runtime could not serve invocations because a
     * prerequisite rule is broken: for a test whose observation (e.g. a line an Event invocation logs) did not come
     * and has no answer to look at.
     */
    public static void checkLog(Fn fn) {
        checkLog(fn, null);
    }

    private static void checkLog(Fn fn, String except) {
        String log;
        try {
            log = fn.logs();
        } catch (RuntimeException e) {
            return; // no log from this target: the failure stands as it is
        }
        if (log == null) return;
        for (Prerequisite p : ALL) {
            if (!p.rule().equals(except) && log.contains(p.logMarker())) {
                throw new Blocked(p.rule(), p.consequence() + " (its log: '" + p.logMarker() + "')");
            }
        }
    }

    /**
     * Throws {@link Blocked} by RT-RESP-013 when {@code script} answered its invocation with an accepted {@code http}
     * post, yet the invoker received the fixture's result document: the fixture posts that document after the script,
     * the platform must refuse it, and a refused post replaced the result the test wanted to observe.
     */
    static void checkResultNotReplaced(Script script, WireResponse r) {
        List<Boolean> posting = script.httpStepsPostingTheResult();
        if (!posting.contains(true)) return;
        FixtureResult doc = FixtureResult.parse(r.body()).orElse(null);
        if (doc == null) return;
        List<com.fasterxml.jackson.databind.JsonNode> http = doc.all("http");
        for (int i = 0; i < Math.min(posting.size(), http.size()); i++) {
            int status = http.get(i).path("status").asInt();
            if (posting.get(i) && status >= 200 && status < 300) {
                throw new Blocked("RT-RESP-013", "the script's own post of the result was accepted (" + status + "), yet the "
                        + "invoker received the result document the fixture posts afterwards: a refused post replaced the result");
            }
        }
    }

    private static boolean failed(WireResponse r) {
        return r.status() >= 400 || r.header(Fn.FUNCTION_ERROR).isPresent() || r.trailer(ERROR_TYPE_TRAILER).isPresent();
    }
}

package dev.lambdatck.tck.runtimeapi.support;

import dev.lambdatck.core.Blocked;

/**
 * Platform rules without which no invocation can be observed through a runtime. A test that fails because
 * the target broke one of them is {@link Blocked} (NOT_VERIFIED, naming the rule) instead of failed: the
 * rule fails in its own test, and every other rule was simply not reached.
 */
public final class Prerequisites {

    /** What every fixture writes to stderr when it exits on a /next answer without a request id (fixture protocol §7). */
    public static final String NO_REQUEST_ID = "GET /next answered 200 without Lambda-Runtime-Aws-Request-Id";
    static final String ERROR_TYPE_TRAILER = "Lambda-Runtime-Function-Error-Type";

    private Prerequisites() {
    }

    /** Throws {@link Blocked} when a failed invocation of {@code fn} is explained by a missing request id. */
    static void check(Fn fn, WireResponse r) {
        if (failed(r)) checkLog(fn);
    }

    /**
     * Throws {@link Blocked} when {@code fn}'s log shows that its runtime got a /next without a request id: for a
     * test whose observation (e.g. a line an Event invocation logs) did not come and has no answer to look at.
     */
    public static void checkLog(Fn fn) {
        String log;
        try {
            log = fn.logs();
        } catch (RuntimeException e) {
            return; // no log from this target: the failure stands as it is
        }
        if (log != null && log.contains(NO_REQUEST_ID)) {
            throw new Blocked("RT-NEXT-002", "the runtime got a GET /next answer without Lambda-Runtime-Aws-Request-Id,"
                    + " so it could not serve this invocation (its log: '" + NO_REQUEST_ID + "')");
        }
    }

    private static boolean failed(WireResponse r) {
        return r.status() >= 400 || r.header(Fn.FUNCTION_ERROR).isPresent() || r.trailer(ERROR_TYPE_TRAILER).isPresent();
    }
}

package dev.lambdatck.core;

import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

/**
 * Thrown by a test that could not reach its rule because the target broke another rule first, one without
 * which nothing can be observed (e.g. /next answers without a request id: no runtime can answer anything).
 * Reported as NOT_VERIFIED ("not reached") naming that rule; the rule itself fails in its own test.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Blocked extends TestAbortedException {

    private final String by;

    public Blocked(String ruleId, String why) {
        super("blocked by " + ruleId + ": " + why);
        this.by = ruleId;
    }

    /** The rule whose failure blocked the test. */
    public String by() {
        return by;
    }
}

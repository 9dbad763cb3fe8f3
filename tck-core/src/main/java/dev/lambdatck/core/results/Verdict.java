package dev.lambdatck.core.results;

import org.apiguardian.api.API;

/** The verdict of a whole run. */
@API(status = API.Status.STABLE, since = "0.1")
public enum Verdict {
    /** Every MUST rule that applies passed (or is an accepted expectation/waiver). */
    CONFORMANT,
    /** At least one MUST rule failed. */
    NOT_CONFORMANT,
    /** Nothing ran, the target never started, or the harness failed: no verdict is possible. */
    VOID
}

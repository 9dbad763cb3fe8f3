package dev.lambdatck.core;

import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;

/**
 * Thrown by a test that finds, at run time, that its rule does not apply to this target (e.g. the
 * platform runs in host mode without /opt). Reported as NOT_APPLICABLE with the message, never as PASS.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class NotApplicable extends TestAbortedException {

    public static final String PREFIX = "NOT_APPLICABLE: ";

    public NotApplicable(String reason) {
        super(PREFIX + reason);
    }
}

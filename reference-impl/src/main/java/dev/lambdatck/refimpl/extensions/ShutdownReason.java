package dev.lambdatck.refimpl.extensions;

import java.util.Locale;

/** Why an environment ends, as the SHUTDOWN event says it (EXT-EVT-006). */
public enum ShutdownReason {
    /** Undeploy or platform close. */
    SPINDOWN,
    /** Function or Init timeout, or extensions that overran the invocation's deadline. */
    TIMEOUT,
    /** Runtime or extension crash, init errors, anything else that resets the environment. */
    FAILURE;

    /** The value of {@code shutdownReason}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

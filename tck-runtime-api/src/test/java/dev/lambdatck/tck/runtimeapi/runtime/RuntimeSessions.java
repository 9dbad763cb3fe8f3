package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;

/** Test access to {@link RuntimeSession} from other packages. */
public final class RuntimeSessions {

    private RuntimeSessions() {
    }

    /** Starts the runtime, waits for its first GET /next (or throws as a test would), then ends it. */
    public static void firstNext(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
        }
    }
}

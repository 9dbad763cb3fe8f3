package dev.lambdatck.tck.runtimeapi.runtime.fake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform side of the Runtime API state machine, kept as strictly as the documented API and RAPID
 * behave: a result for an id that is not current is 400 InvalidRequestID; a second result for the current
 * id is 403 InvalidStateTransition; {@code /init/error} after {@code /next} is 403; {@code /next} after
 * {@code /init/error} is 403. An invocation is current from its delivery until the runtime calls
 * {@code /next} after posting its result.
 */
final class InvocationBook {

    enum State { DELIVERED, ANSWERED, COMPLETE }

    private final Map<String, State> states = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private boolean nextCalled;
    private boolean initErrorPosted;

    /** @return 403 when /next is not allowed, otherwise 0 */
    synchronized int nextArrived() {
        if (initErrorPosted) return 403;
        nextCalled = true;
        List<String> open = new ArrayList<>();
        for (Map.Entry<String, State> e : states.entrySet()) {
            if (e.getValue() == State.ANSWERED) e.setValue(State.COMPLETE);
            else if (e.getValue() == State.DELIVERED) open.add(e.getKey());
        }
        if (!open.isEmpty()) violations.add("GET /next while invocation " + open + " had no result");
        return 0;
    }

    synchronized void delivered(String requestId) {
        states.put(requestId, State.DELIVERED);
    }

    /** The status for a result post under the state machine: 202, 400 or 403; a 202 or 413 ends the invocation. */
    synchronized int answer(String requestId) {
        State s = requestId == null || requestId.isEmpty() ? null : states.get(requestId);
        if (s == null || s == State.COMPLETE) return 400;
        if (s == State.ANSWERED) return 403;
        return 202;
    }

    synchronized void answered(String requestId) {
        if (states.get(requestId) == State.DELIVERED) states.put(requestId, State.ANSWERED);
    }

    /** @return 202 when init errors are still allowed (no /next yet), otherwise 403 */
    synchronized int initError() {
        if (nextCalled || initErrorPosted) return 403;
        initErrorPosted = true;
        return 202;
    }

    synchronized State state(String requestId) {
        return states.get(requestId);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}

package dev.lambdatck.core.target;

import org.apiguardian.api.API;

/** The harness could not bring up or talk to the target: the outcome is ERROR, not FAIL. */
@API(status = API.Status.STABLE, since = "0.1")
public class TargetException extends RuntimeException {

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}

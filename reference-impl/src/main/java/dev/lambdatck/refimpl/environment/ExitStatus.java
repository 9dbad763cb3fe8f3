package dev.lambdatck.refimpl.environment;

/**
 * How a runtime process ended: a normal exit code, or the signal that killed it (e.g. "SIGKILL").
 * Exactly one of the two is non-null.
 */
public record ExitStatus(Integer code, String signal) {

    /** The wording Lambda uses in Runtime.ExitError messages: "exit status 2" or "signal: killed". */
    public String describe() {
        if (code != null) return "exit status " + code;
        return "signal: " + signal;
    }
}

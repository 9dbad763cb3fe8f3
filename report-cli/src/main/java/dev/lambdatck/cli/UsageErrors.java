package dev.lambdatck.cli;

import dev.lambdatck.core.target.TargetException;
import picocli.CommandLine;

/**
 * Turns bad input that the engine detects before anything runs (an unknown suite or rule id, a bad timeout,
 * an unreadable descriptor or expectations file) into a usage error: exit 2 with one line, no stack trace.
 */
public final class UsageErrors {

    /** A step that validates input. */
    public interface Action<T> {
        T run() throws Exception;
    }

    private UsageErrors() {
    }

    public static <T> T check(CommandLine commandLine, Action<T> action) throws Exception {
        try {
            return action.run();
        } catch (IllegalArgumentException | TargetException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}

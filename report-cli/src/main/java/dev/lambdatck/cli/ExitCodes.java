package dev.lambdatck.cli;

import dev.lambdatck.core.results.Verdict;

/** The exit codes of every {@code lambda-tck} command. */
public final class ExitCodes {

    public static final int CONFORMANT = 0;
    public static final int NOT_CONFORMANT = 1;
    public static final int USAGE = 2;
    /** A VOID run, or the harness itself failed. */
    public static final int VOID_OR_HARNESS_ERROR = 3;

    private ExitCodes() {
    }

    public static int of(Verdict verdict) {
        return switch (verdict) {
            case CONFORMANT -> CONFORMANT;
            case NOT_CONFORMANT -> NOT_CONFORMANT;
            case VOID -> VOID_OR_HARNESS_ERROR;
        };
    }

    /** Help text shared by the commands' footers. */
    public static final String HELP = "%nExit codes: 0 conformant, 1 not conformant, 2 usage error, 3 void run or harness error.";
}

package dev.lambdatck.refimpl.environment;

import java.util.Map;

/**
 * How a runtime process ended: a normal exit code, or the signal that killed it (e.g. "SIGKILL").
 * Exactly one of the two is non-null.
 */
public record ExitStatus(Integer code, String signal) {

    /** Linux signal numbers (same on x86_64 and arm64 for 1..31). */
    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
            "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
            "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ",
            "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    /** Go's wording for signals (Lambda's RAPID is Go: "Runtime exited with error: signal: killed"). */
    private static final Map<String, String> GO_WORDING = Map.ofEntries(
            Map.entry("SIGHUP", "hangup"), Map.entry("SIGINT", "interrupt"), Map.entry("SIGQUIT", "quit"),
            Map.entry("SIGILL", "illegal instruction"), Map.entry("SIGTRAP", "trace/breakpoint trap"),
            Map.entry("SIGABRT", "aborted"), Map.entry("SIGBUS", "bus error"),
            Map.entry("SIGFPE", "floating point exception"), Map.entry("SIGKILL", "killed"),
            Map.entry("SIGUSR1", "user defined signal 1"), Map.entry("SIGSEGV", "segmentation fault"),
            Map.entry("SIGUSR2", "user defined signal 2"), Map.entry("SIGPIPE", "broken pipe"),
            Map.entry("SIGALRM", "alarm clock"), Map.entry("SIGTERM", "terminated"),
            Map.entry("SIGSYS", "bad system call"), Map.entry("SIGXCPU", "CPU time limit exceeded"),
            Map.entry("SIGXFSZ", "file size limit exceeded"));

    public static ExitStatus ofCode(int code) {
        return new ExitStatus(code, null);
    }

    public static ExitStatus ofSignal(int number) {
        return new ExitStatus(null, signalName(number));
    }

    public static String signalName(int number) {
        return number > 0 && number < NAMES.length ? NAMES[number] : "SIG" + number;
    }

    /** The wording Lambda uses in Runtime.ExitError messages: "exit status 2" or "signal: killed". */
    public String describe() {
        if (code != null) return "exit status " + code;
        return "signal: " + GO_WORDING.getOrDefault(signal, signal);
    }
}

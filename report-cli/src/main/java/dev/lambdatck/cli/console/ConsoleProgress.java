package dev.lambdatck.cli.console;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.run.RunListener;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Progress while the suites run. On a terminal: one line rewritten in place,
 * {@code [#####-----] 42/120 passed 40 failed 1 n/a 1}. Otherwise (CI logs, pipes): one plain line per
 * finished test class, so logs stay readable.
 */
public final class ConsoleProgress implements RunListener {

    private static final int BAR = 20;

    private final PrintWriter out;
    private final boolean terminal;
    private int total;
    private int done;
    private int passed;
    private int failed;
    private int notApplicable;
    private int other;
    private int classDone;
    private int classFailed;
    private int lineLength;

    public ConsoleProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** True when stderr is an interactive terminal that understands carriage returns. */
    public static boolean isTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.equals("dumb");
    }

    @Override
    public synchronized void discovered(Map<String, Integer> testsPerSuite) {
        total = testsPerSuite.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder b = new StringBuilder("discovered " + total + " test" + (total == 1 ? "" : "s"));
        testsPerSuite.forEach((s, n) -> b.append(b.indexOf(":") < 0 ? ": " : ", ").append(s).append(' ').append(n));
        out.println(b);
        out.flush();
    }

    @Override
    public synchronized void suiteStarted(String suite) {
        if (!terminal) {
            out.println("suite " + suite + ":");
            out.flush();
        }
    }

    @Override
    public synchronized void testFinished(TestResult r) {
        done++;
        classDone++;
        switch (r.outcome()) {
            case PASS -> passed++;
            case FAIL, ERROR -> {
                failed++;
                classFailed++;
            }
            case NOT_APPLICABLE -> notApplicable++;
            default -> other++;
        }
        if (terminal) redraw();
    }

    @Override
    public synchronized void containerFinished(String suite, String displayName) {
        if (classDone == 0) return;
        if (!terminal) {
            out.printf("  %-48s %3d test%s%s  [%d/%d]%n", displayName, classDone, classDone == 1 ? " " : "s",
                    classFailed == 0 ? "" : ", " + classFailed + " failed", done, total);
            out.flush();
        }
        classDone = 0;
        classFailed = 0;
    }

    @Override
    public synchronized void retryStarted(int tests) {
        clearLine();
        out.println("retrying " + tests + " failed test" + (tests == 1 ? "" : "s") + " once (a pass on retry is FLAKY)");
        out.flush();
    }

    @Override
    public synchronized void retryFinished(TestResult r) {
        if (r.outcome() == Outcome.FLAKY) {
            out.println("  flaky: " + r.id());
            out.flush();
        }
    }

    /** Ends the in-place line before other output follows. */
    public synchronized void finish() {
        if (terminal && lineLength > 0) {
            out.println();
            out.flush();
            lineLength = 0;
        }
    }

    String line() {
        int filled = total == 0 ? BAR : (int) Math.round((double) done * BAR / total);
        filled = Math.min(BAR, filled);
        return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + done + "/" + total + " passed " + passed
                + " failed " + failed + " n/a " + notApplicable + (other > 0 ? " other " + other : "");
    }

    private void redraw() {
        String l = line();
        out.print("\r" + l + " ".repeat(Math.max(0, lineLength - l.length())));
        out.flush();
        lineLength = l.length();
    }

    private void clearLine() {
        if (terminal && lineLength > 0) {
            out.print("\r" + " ".repeat(lineLength) + "\r");
            lineLength = 0;
        }
    }
}

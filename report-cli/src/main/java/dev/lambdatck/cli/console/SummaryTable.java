package dev.lambdatck.cli.console;

import dev.lambdatck.cli.output.OutcomeCounts;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.spec.Level;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The end-of-run summary: rule outcomes per level, test outcomes per suite, failing MUST rules, the verdict. */
public final class SummaryTable {

    private static final Set<Outcome> BLOCKING = EnumSet.of(Outcome.FAIL, Outcome.ERROR, Outcome.FLAKY, Outcome.UNEXPECTED_PASS);
    private static final int LISTED = 15;

    private SummaryTable() {
    }

    public static void print(PrintWriter out, RunResults r) {
        out.println();
        table(out, "rules by level", OutcomeCounts.rulesByLevel(r));
        out.println();
        table(out, "tests by suite", OutcomeCounts.testsBySuite(r));
        List<RuleResult> failing = new ArrayList<>();
        for (RuleResult x : r.rules()) if (BLOCKING.contains(x.outcome()) && mandatory(x)) failing.add(x);
        if (!failing.isEmpty()) {
            out.println();
            out.println("MUST rules that did not pass:");
            for (RuleResult x : failing.subList(0, Math.min(LISTED, failing.size()))) {
                String why = x.reason() == null ? "" : x.reason().lines().findFirst().orElse("");
                if (why.length() > 110) why = why.substring(0, 110) + "…";
                out.printf("  %-14s %-7s %s%n  %14s %s%n", x.id(), x.outcome(), x.title(), "", why);
            }
            if (failing.size() > LISTED) out.println("  … and " + (failing.size() - LISTED) + " more (see report.html)");
        }
        out.println();
        int[] p = OutcomeCounts.passedOfCounted(r);
        out.println("verdict: " + r.verdict() + " (" + p[0] + "/" + p[1] + " rules passed)");
        if (r.verdictReason() != null) out.println("  " + r.verdictReason());
        out.flush();
    }

    private static void table(PrintWriter out, String title, Map<String, Map<Outcome, Integer>> rows) {
        List<Outcome> cols = OutcomeCounts.columns(rows);
        int first = Math.max(title.length(), rows.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder h = new StringBuilder(String.format("%-" + first + "s  %5s", title, "total"));
        for (Outcome o : cols) h.append(String.format("  %" + Math.max(4, OutcomeCounts.HEADERS.get(o).length()) + "s", OutcomeCounts.HEADERS.get(o)));
        out.println(h);
        if (rows.isEmpty()) out.println("  (none)");
        rows.forEach((name, row) -> {
            int total = row.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder b = new StringBuilder(String.format("%-" + first + "s  %5d", name, total));
            for (Outcome o : cols) b.append(String.format("  %" + Math.max(4, OutcomeCounts.HEADERS.get(o).length()) + "d", row.getOrDefault(o, 0)));
            out.println(b);
        });
    }

    private static boolean mandatory(RuleResult r) {
        try {
            return r.level() != null && Level.parse(r.level()).isMandatory();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

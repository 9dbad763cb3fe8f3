package dev.lambdatck.cli.output;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.Verdict;
import dev.lambdatck.spec.Level;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code summary.md}: verdict, counts per level and suite, and the failing MUST rules; for PR comments. */
public final class MarkdownSummaryWriter {

    public static final String FILE = "summary.md";
    private static final Set<Outcome> BLOCKING = EnumSet.of(Outcome.FAIL, Outcome.ERROR, Outcome.FLAKY, Outcome.UNEXPECTED_PASS);

    private MarkdownSummaryWriter() {
    }

    public static Path write(RunResults results, Path outDir) throws IOException {
        Path f = outDir.resolve(FILE);
        Files.writeString(f, render(results), StandardCharsets.UTF_8);
        return f;
    }

    public static String render(RunResults r) {
        StringBuilder b = new StringBuilder();
        String icon = r.verdict() == Verdict.CONFORMANT ? "✅" : r.verdict() == Verdict.NOT_CONFORMANT ? "❌" : "⚪";
        b.append("## lambda-tck: ").append(icon).append(' ').append(r.verdict().name().replace('_', ' ')).append("\n\n");
        if (r.verdictReason() != null) b.append("> ").append(cell(r.verdictReason())).append("\n\n");
        Map<String, Object> t = r.target() == null ? Map.of() : r.target();
        b.append("Target **").append(cell(String.valueOf(t.getOrDefault("name", "?")))).append("** (adapter `")
                .append(t.getOrDefault("adapter", "?")).append("`) · suites ").append(String.join(", ", r.suites()))
                .append(" · TCK ").append(r.tckVersion()).append(" · spec ").append(r.specVersion());
        if (r.startedAt() != null) b.append(" · ").append(r.startedAt());
        b.append("\n\n");

        Map<String, Map<Outcome, Integer>> levels = OutcomeCounts.rulesByLevel(r);
        table(b, "Rules by level", "Level", levels);
        table(b, "Tests by suite", "Suite", OutcomeCounts.testsBySuite(r));

        List<RuleResult> failing = r.rules().stream().filter(x -> BLOCKING.contains(x.outcome()) && mandatory(x)).toList();
        if (!failing.isEmpty()) {
            b.append("### Failing MUST rules (").append(failing.size()).append(")\n\n");
            b.append("| Rule | Level | Outcome | Title | Why |\n|---|---|---|---|---|\n");
            for (RuleResult x : failing) {
                b.append("| `").append(x.id()).append("` | ").append(x.level()).append(" | ").append(x.outcome()).append(" | ")
                        .append(cell(x.title())).append(" | ").append(cell(x.reason() == null ? "" : x.reason().lines().findFirst().orElse("")))
                        .append(" |\n");
            }
            b.append('\n');
        }
        b.append("Full report: `report.html` · machine-readable: `results.json` · CI: `junit.xml`\n");
        return b.toString();
    }

    private static void table(StringBuilder b, String title, String first, Map<String, Map<Outcome, Integer>> rows) {
        if (rows.isEmpty()) return;
        List<Outcome> cols = OutcomeCounts.columns(rows);
        b.append("**").append(title).append("**\n\n");
        b.append("| ").append(first).append(" | total |");
        for (Outcome o : cols) b.append(' ').append(OutcomeCounts.HEADERS.get(o)).append(" |");
        b.append("\n|---|---:|");
        for (int i = 0; i < cols.size(); i++) b.append("---:|");
        b.append('\n');
        rows.forEach((name, row) -> {
            int total = row.values().stream().mapToInt(Integer::intValue).sum();
            b.append("| ").append(name).append(" | ").append(total).append(" |");
            for (Outcome o : cols) b.append(' ').append(row.getOrDefault(o, 0)).append(" |");
            b.append('\n');
        });
        b.append('\n');
    }

    private static boolean mandatory(RuleResult r) {
        try {
            return r.level() != null && Level.parse(r.level()).isMandatory();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
                .replace("<", "&lt;").replace(">", "&gt;");
    }
}

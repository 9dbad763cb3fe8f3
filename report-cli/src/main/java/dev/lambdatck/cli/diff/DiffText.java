package dev.lambdatck.cli.diff;

import dev.lambdatck.core.results.Verdict;

import java.util.List;
import java.util.function.Function;

/** The human form of a {@link ResultsDiff}: one section per kind of change, empty sections as "none". */
final class DiffText {

    private DiffText() {
    }

    static String render(ResultsDiff d) {
        StringBuilder b = new StringBuilder();
        side(b, "A", d.a());
        side(b, "B", d.b());
        b.append('\n');
        ResultsDiff.VerdictChange v = d.verdict();
        b.append("verdict: ").append(word(v.from()));
        if (v.changed()) b.append(" -> ").append(word(v.to())).append(v.worse() ? "  (worse)" : "  (better)");
        else b.append(" (unchanged)");
        b.append("\n\n");
        section(b, "newly failing rules", d.newlyFailing(), DiffText::ruleChange);
        section(b, "newly passing rules", d.newlyPassing(), DiffText::ruleChange);
        section(b, "changed rule outcomes", d.changedRules(), DiffText::ruleChange);
        section(b, "added rules", d.addedRules(), e -> String.format("%-16s %-10s %s", e.id(), e.level(), e.outcome()));
        section(b, "removed rules", d.removedRules(), e -> String.format("%-16s %-10s %s", e.id(), e.level(), e.outcome()));
        section(b, "changed test outcomes", d.changedTests(), c -> c.id() + "  " + c.from() + " -> " + c.to());
        section(b, "added tests", d.addedTests(), e -> e.id() + "  " + e.outcome());
        section(b, "removed tests", d.removedTests(), e -> e.id() + "  " + e.outcome());
        if (d.regressed()) {
            b.append("result: WORSE: ");
            if (!d.worse().isEmpty()) b.append(d.worse().size()).append(d.worse().size() == 1 ? " rule" : " rules")
                    .append(" got worse: ").append(String.join(", ", d.worse()));
            else b.append("the verdict got worse");
            b.append('\n');
        } else {
            b.append("result: no rule got worse\n");
        }
        return b.toString();
    }

    private static void side(StringBuilder b, String name, ResultsDiff.Side s) {
        b.append(name).append(": ").append(s.path()).append("  (").append(word(s.verdict()));
        if (s.target() != null) b.append(", target ").append(s.target());
        if (s.startedAt() != null) b.append(", ").append(s.startedAt());
        b.append(", TCK ").append(s.tckVersion()).append(", spec ").append(s.specVersion()).append(")\n");
    }

    private static String ruleChange(ResultsDiff.RuleChange c) {
        return String.format("%-16s %-10s %s -> %s%s", c.id(), c.level() == null ? "" : c.level(), c.from(), c.to(), c.worse() ? "  (worse)" : "");
    }

    private static <T> void section(StringBuilder b, String title, List<T> items, Function<T, String> line) {
        b.append(title).append(" (").append(items.size()).append(")").append(items.isEmpty() ? ": none\n" : ":\n");
        for (T item : items) b.append("  ").append(line.apply(item)).append('\n');
        b.append('\n');
    }

    private static String word(Verdict v) {
        return v == null ? "?" : v.name().replace('_', ' ');
    }
}

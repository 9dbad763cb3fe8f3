package dev.lambdatck.core.trace;

import org.apiguardian.api.API;

import java.util.List;

/**
 * Result of {@link TraceabilityCheck#scan}: every citation found, the citations of ids that are not in the
 * catalogue, citations of rules that are not automatable, and per-chapter coverage of automated rules.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record TraceabilityReport(List<String> packages, List<Citation> citations, List<Citation> unknown,
                                 List<Citation> notAutomated, List<ChapterCoverage> coverage) {

    public TraceabilityReport {
        packages = List.copyOf(packages);
        citations = List.copyOf(citations);
        unknown = List.copyOf(unknown);
        notAutomated = List.copyOf(notAutomated);
        coverage = List.copyOf(coverage);
    }

    /** Fails, listing every unknown id with the class#method citing it, when any cited id is not in the catalogue. */
    public TraceabilityReport assertNoUnknownRules() {
        if (!unknown.isEmpty()) {
            StringBuilder b = new StringBuilder("@RuleTest cites ").append(unknown.size())
                    .append(unknown.size() == 1 ? " id that is" : " ids that are").append(" not in the rule catalogue:");
            for (Citation c : unknown) b.append("\n  - ").append(c.ruleId().isEmpty() ? "(no id)" : c.ruleId()).append(" cited by ").append(c.testName());
            throw new AssertionError(b.toString());
        }
        return this;
    }

    /** Total automated rules in the covered chapters that no scanned test cites. */
    public int untestedAutomatedRules() {
        return coverage.stream().mapToInt(c -> c.untested().size()).sum();
    }

    /** Human-readable coverage table, one line per chapter. */
    public String summary() {
        StringBuilder b = new StringBuilder("Traceability of ").append(String.join(", ", packages)).append(": ")
                .append(citations.size()).append(" citations\n");
        for (ChapterCoverage c : coverage) {
            b.append(String.format("  %-20s %3d/%3d automated rules tested, %3d without a test%n",
                    c.chapterId(), c.tested(), c.automated(), c.untested().size()));
        }
        if (!notAutomated.isEmpty()) {
            b.append("  tests citing rules that are not marked automated:");
            for (Citation c : notAutomated) b.append(' ').append(c.ruleId()).append(" (").append(c.testName()).append(')');
            b.append('\n');
        }
        return b.toString();
    }
}

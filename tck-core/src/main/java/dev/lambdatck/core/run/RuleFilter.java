package dev.lambdatck.core.run;

import dev.lambdatck.spec.Level;
import dev.lambdatck.spec.Rule;
import org.apiguardian.api.API;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which rules a run is about ({@code --rule}, {@code --level}, {@code --capability}, {@code --chapter}).
 * Each non-empty set must match (AND); values inside one set are alternatives (OR). Empty = everything.
 * The runner selects tests with {@link dev.lambdatck.core.junit.RuleTagFilter} built from these values
 * (same semantics) and uses {@link #matches} for the scope of rules it reports on.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record RuleFilter(Set<String> rules, Set<Level> levels, Set<String> capabilities, Set<String> chapters) {

    public static final RuleFilter ALL = new RuleFilter(Set.of(), Set.of(), Set.of(), Set.of());

    public RuleFilter {
        rules = rules == null ? Set.of() : Set.copyOf(rules);
        levels = levels == null ? Set.of() : Set.copyOf(levels);
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        chapters = chapters == null ? Set.of() : Set.copyOf(chapters);
    }

    public boolean isEmpty() {
        return rules.isEmpty() && levels.isEmpty() && capabilities.isEmpty() && chapters.isEmpty();
    }

    public boolean matches(Rule r) {
        return (rules.isEmpty() || rules.contains(r.id()))
                && (levels.isEmpty() || levels.contains(r.level()))
                && (capabilities.isEmpty() || capabilities.contains(r.capability()))
                && (chapters.isEmpty() || chapters.contains(r.chapter()));
    }

    /** Reads a level as typed on a command line: {@code must}, {@code MUST NOT}, {@code must-not}, {@code must_not}. */
    public static Level level(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', ' ').replace('_', ' ');
        return Level.parse(t);
    }

    public static Set<Level> levels(Iterable<String> texts) {
        java.util.LinkedHashSet<Level> out = new java.util.LinkedHashSet<>();
        for (String t : texts) out.add(level(t));
        return out;
    }

    /** A short description for messages: {@code level in [MUST], chapter in [runtime-next]}. */
    public String describe() {
        if (isEmpty()) return "no filter";
        StringBuilder b = new StringBuilder();
        part(b, "rule", rules);
        part(b, "level", levels.stream().map(Level::text).collect(Collectors.toCollection(java.util.TreeSet::new)));
        part(b, "capability", capabilities);
        part(b, "chapter", chapters);
        return b.toString();
    }

    private static void part(StringBuilder b, String name, Set<String> values) {
        if (values.isEmpty()) return;
        if (b.length() > 0) b.append(", ");
        b.append(name).append(" in ").append(new java.util.TreeSet<>(values));
    }
}

package dev.lambdatck.cli.options;

import dev.lambdatck.core.run.RuleFilter;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which tests a run executes and how long it waits: the options {@code run} and {@code certify-runtime} share. */
public final class RuleSelectionOptions {

    @Option(names = "--rule", paramLabel = "ID", split = ",", description = "Only tests citing this rule (repeatable).")
    List<String> rules = new ArrayList<>();

    @Option(names = "--level", paramLabel = "LEVEL", split = ",",
            description = "Only rules of this level: MUST, MUST NOT, SHOULD, SHOULD NOT, MAY (repeatable).")
    List<String> levels = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "NAME=DURATION",
            description = "A timeout: start, invoke, poll, quiet, test (e.g. test=30s; repeatable).")
    Map<String, String> timeouts = new LinkedHashMap<>();

    /**
     * The filter for these options plus a command's own capability and chapter filters. Unknown values throw
     * IllegalArgumentException (a usage error); rule ids are checked against the catalogue by the engine.
     */
    public RuleFilter filter(Set<String> capabilities, Set<String> chapters) {
        Set<String> ids = new LinkedHashSet<>();
        for (String r : rules) ids.add(r.strip().toUpperCase(Locale.ROOT));
        return new RuleFilter(ids, RuleFilter.levels(levels), Set.copyOf(capabilities), Set.copyOf(chapters));
    }

    public Map<String, String> timeouts() {
        return timeouts;
    }
}

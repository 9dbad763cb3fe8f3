package dev.lambdatck.cli.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lambdatck.cli.ExitCodes;
import dev.lambdatck.core.run.RuleFilter;
import dev.lambdatck.spec.Binds;
import dev.lambdatck.spec.Chapter;
import dev.lambdatck.spec.Level;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import dev.lambdatck.spec.Source;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code lambda-tck rules}: lists the rule catalogue, or shows one rule in full. */
@Command(name = "rules",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"List the rules of the specification (the catalogue bundled with this kit), or show one rule in full."},
        footer = {"%nExamples:",
                "  # every rule, by chapter",
                "  lambda-tck rules",
                "  # the MUST rules a platform must meet",
                "  lambda-tck rules --level MUST --binds platform",
                "  # as JSON, e.g. for jq",
                "  lambda-tck rules --capability streaming --json | jq '.[].id'",
                "  # one rule: statement, rationale, sources",
                "  lambda-tck rules RT-NEXT-001",
                ExitCodes.HELP})
public final class RulesCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RULE-ID", description = "Show this rule in full.")
    String id;

    @Option(names = "--level", paramLabel = "LEVEL", split = ",",
            description = "Only rules of this level: MUST, MUST NOT (or must-not), SHOULD, SHOULD NOT, MAY. Repeatable.")
    List<String> levels = new ArrayList<>();

    @Option(names = "--binds", paramLabel = "SIDE", split = ",",
            description = "Only rules binding this side: platform, runtime, layers, control-plane. Repeatable.")
    List<String> binds = new ArrayList<>();

    @Option(names = "--capability", paramLabel = "CAP", split = ",", description = "Only rules of this capability. Repeatable.")
    List<String> capabilities = new ArrayList<>();

    @Option(names = "--chapter", paramLabel = "CHAPTER", split = ",", description = "Only rules of this chapter. Repeatable.")
    List<String> chapters = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON: an array of rule objects with every field (one object for RULE-ID).")
    boolean json;

    private final Supplier<RuleCatalogue> catalogue;

    public RulesCommand() {
        this(RuleCatalogue::bundled);
    }

    RulesCommand(Supplier<RuleCatalogue> catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public Integer call() throws Exception {
        RuleCatalogue c = catalogue.get();
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (id != null) {
            Rule r = c.find(id).or(() -> c.find(id.toUpperCase(Locale.ROOT))).orElse(null);
            if (r == null) {
                List<String> near = RuleSuggestions.closest(id, c.byId().keySet(), 3);
                throw new CommandLine.ParameterException(spec.commandLine(), "no rule " + id
                        + (near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)"));
            }
            if (json) out.println(mapper.writeValueAsString(RuleJson.of(r)));
            else printFull(out, r);
            out.flush();
            return ExitCodes.CONFORMANT;
        }
        List<Rule> rules = filtered(c);
        if (json) {
            out.println(mapper.writeValueAsString(rules.stream().map(RuleJson::of).toList()));
        } else {
            printList(out, c, rules);
        }
        out.flush();
        return ExitCodes.CONFORMANT;
    }

    private List<Rule> filtered(RuleCatalogue c) {
        Set<Level> lv;
        try {
            lv = RuleFilter.levels(levels);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--level: " + e.getMessage());
        }
        Set<Binds> bs = new LinkedHashSet<>();
        for (String b : binds) {
            try {
                bs.add(Binds.parse(b.trim().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--binds: " + e.getMessage());
            }
        }
        Set<String> knownCaps = new TreeSet<>();
        Set<String> knownChapters = new LinkedHashSet<>();
        for (Rule r : c.rules()) knownCaps.add(r.capability());
        for (Chapter ch : c.chapters()) knownChapters.add(ch.id());
        check("--capability", capabilities, knownCaps);
        check("--chapter", chapters, knownChapters);
        RuleFilter f = new RuleFilter(Set.of(), lv, Set.copyOf(capabilities), Set.copyOf(chapters));
        return c.rules().stream().filter(f::matches).filter(r -> bs.isEmpty() || bs.contains(r.binds())).toList();
    }

    private void check(String option, List<String> given, Set<String> known) {
        for (String g : given) {
            if (!known.contains(g)) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + ": unknown value '" + g
                        + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static void printList(PrintWriter out, RuleCatalogue c, List<Rule> rules) {
        Set<String> ids = new LinkedHashSet<>();
        for (Rule r : rules) ids.add(r.id());
        int idWidth = Math.max(11, rules.stream().mapToInt(r -> r.id().length()).max().orElse(11));
        for (Chapter ch : c.chapters()) {
            List<Rule> mine = ch.rules().stream().filter(r -> ids.contains(r.id())).toList();
            if (mine.isEmpty()) continue;
            out.println(ch.id() + " — " + ch.title() + " (" + mine.size() + ")");
            for (Rule r : mine) {
                out.printf("  %-" + idWidth + "s  %-10s  %-13s  %-18s  %s%n", r.id(), text(r.level()), r.binds() == null ? "" : r.binds().text(),
                        r.capability(), r.title());
            }
        }
        out.println(rules.size() + " rule" + (rules.size() == 1 ? "" : "s") + " (catalogue " + c.specVersion() + ")");
    }

    private static String text(Level l) {
        return l == null ? "" : l.text();
    }

    private static void printFull(PrintWriter out, Rule r) {
        out.println(r.id() + "  " + r.title());
        out.println();
        out.println("  level        " + text(r.level()));
        out.println("  binds        " + (r.binds() == null ? "" : r.binds().text()));
        out.println("  capability   " + r.capability());
        out.println("  chapter      " + r.chapter());
        out.println("  status       " + (r.status() == null ? "" : r.status().text()));
        if (r.testability() != null) {
            out.println("  testability  " + (r.testability().kind() == null ? "" : r.testability().kind().text())
                    + (r.testability().reason() == null ? "" : " — " + r.testability().reason()));
        }
        out.println();
        out.println("Statement");
        wrap(out, r.statement());
        out.println();
        out.println("Rationale");
        wrap(out, r.rationale());
        out.println();
        out.println("Sources");
        for (Source s : r.sources() == null ? List.<Source>of() : r.sources()) {
            out.println("  - " + s.url() + " (" + (s.evidence() == null ? "?" : s.evidence().text()) + ")"
                    + (s.note() == null ? "" : ": " + s.note()));
        }
    }

    private static void wrap(PrintWriter out, String text) {
        if (text == null) return;
        StringBuilder line = new StringBuilder("  ");
        for (String word : text.split("\\s+")) {
            if (line.length() + word.length() > 100 && line.length() > 2) {
                out.println(line.toString().stripTrailing());
                line = new StringBuilder("  ");
            }
            line.append(word).append(' ');
        }
        if (line.length() > 2) out.println(line.toString().stripTrailing());
    }
}

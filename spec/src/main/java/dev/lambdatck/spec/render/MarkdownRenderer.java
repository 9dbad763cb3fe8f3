package dev.lambdatck.spec.render;

import dev.lambdatck.spec.Chapter;
import dev.lambdatck.spec.Level;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import dev.lambdatck.spec.Source;
import dev.lambdatck.spec.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Renders the catalogue as Markdown: {@code index.md} (chapters, counts per level, every rule id) and one
 * page per chapter with an anchor per rule id. Output depends on the catalogue only (no dates, no
 * environment), so the committed pages can be compared byte for byte with a fresh rendering.
 */
public final class MarkdownRenderer {

    /** A document that lives next to the catalogue and is linked from the index, e.g. the fixture protocol. */
    public record Companion(String title, String relativeLink, String description) {
    }

    private final List<Companion> companions;

    public MarkdownRenderer(List<Companion> companions) {
        this.companions = List.copyOf(companions);
    }

    /** Companions found in a spec source directory (only those that exist are linked). */
    public static List<Companion> companionsIn(Path specDir) {
        List<Companion> out = new ArrayList<>();
        if (Files.isRegularFile(specDir.resolve("fixture-protocol.md"))) {
            out.add(new Companion("Fixture protocol", "../fixture-protocol.md",
                    "how TCK fixture runtimes are scripted through the event they receive"));
        }
        return out;
    }

    /** File name (relative to the rendered directory) to content, index first, then chapters in order. */
    public Map<String, String> render(RuleCatalogue catalogue) {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("index.md", index(catalogue));
        for (Chapter c : catalogue.chapters()) {
            pages.put(pageName(c), chapter(catalogue, c));
        }
        return pages;
    }

    /** Writes the pages into {@code dir}, deleting Markdown pages there that the catalogue no longer produces. */
    public void write(RuleCatalogue catalogue, Path dir) throws IOException {
        Map<String, String> pages = render(catalogue);
        Files.createDirectories(dir);
        try (Stream<Path> existing = Files.list(dir)) {
            for (Path p : existing.filter(p -> p.getFileName().toString().endsWith(".md")).toList()) {
                if (!pages.containsKey(p.getFileName().toString())) Files.delete(p);
            }
        }
        for (Map.Entry<String, String> e : pages.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
    }

    public static String pageName(Chapter c) {
        return c.id() + ".md";
    }

    private String index(RuleCatalogue catalogue) {
        StringBuilder b = new StringBuilder();
        b.append("<!-- Generated from spec/catalogue.yaml by dev.lambdatck.spec.render.MarkdownRenderer. Do not edit:\n")
                .append("     change the rules, then run ./mvnw -pl spec test -Dspec.render=true -->\n\n");
        b.append("# lambda-tck rule catalogue\n\n");
        b.append("Specification version ").append(catalogue.specVersion()).append(". ")
                .append(catalogue.rules().size()).append(" rules in ").append(catalogue.chapters().size())
                .append(" chapters. MUST and MUST NOT rules decide conformance; SHOULD, SHOULD NOT and MAY rules are reported as warnings. ")
                .append("Provisional rules rest on weaker evidence and may still change.\n\n");
        if (!companions.isEmpty()) {
            b.append("## Companion documents\n\n");
            for (Companion c : companions) {
                b.append("- [").append(c.title()).append("](").append(c.relativeLink()).append("): ").append(c.description()).append('\n');
            }
            b.append('\n');
        }
        b.append("## Chapters\n\n");
        b.append("| Chapter | Binds | Rules |");
        for (Level l : Level.values()) b.append(' ').append(l.text()).append(" |");
        b.append(" Automated | Provisional |\n|---|---|---:|");
        for (int i = 0; i < Level.values().length; i++) b.append("---:|");
        b.append("---:|---:|\n");
        Map<Level, Integer> total = new EnumMap<>(Level.class);
        int automated = 0;
        int provisional = 0;
        for (Chapter c : catalogue.chapters()) {
            Map<Level, Integer> counts = levelCounts(c.rules());
            int auto = (int) c.rules().stream().filter(Rule::isAutomated).count();
            int prov = (int) c.rules().stream().filter(r -> r.status() == Status.PROVISIONAL).count();
            b.append("| [").append(cell(c.title())).append("](").append(pageName(c)).append(") `").append(c.id()).append("` | ")
                    .append(binds(c)).append(" | ").append(c.rules().size()).append(" |");
            for (Level l : Level.values()) {
                int n = counts.getOrDefault(l, 0);
                b.append(' ').append(n).append(" |");
                total.merge(l, n, Integer::sum);
            }
            b.append(' ').append(auto).append(" | ").append(prov).append(" |\n");
            automated += auto;
            provisional += prov;
        }
        b.append("| **Total** | | **").append(catalogue.rules().size()).append("** |");
        for (Level l : Level.values()) b.append(" **").append(total.getOrDefault(l, 0)).append("** |");
        b.append(" **").append(automated).append("** | **").append(provisional).append("** |\n\n");

        b.append("## All rules\n\n");
        for (Chapter c : catalogue.chapters()) {
            b.append("### ").append(c.title()).append("\n\n");
            b.append("| Id | Level | Capability | Title |\n|---|---|---|---|\n");
            for (Rule r : c.rules()) {
                b.append("| [").append(r.id()).append("](").append(pageName(c)).append('#').append(r.id()).append(") | ")
                        .append(text(r.level() == null ? null : r.level().text())).append(" | ")
                        .append(text(r.capability())).append(" | ").append(cell(r.title())).append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String chapter(RuleCatalogue catalogue, Chapter c) {
        StringBuilder b = new StringBuilder();
        b.append("<!-- Generated from spec/").append(c.file()).append(" by dev.lambdatck.spec.render.MarkdownRenderer. Do not edit. -->\n\n");
        b.append("# ").append(c.title()).append("\n\n");
        b.append("Chapter `").append(c.id()).append("` of the lambda-tck rule catalogue, specification version ")
                .append(catalogue.specVersion()).append(". [Back to the index](index.md).\n\n");
        if (!c.summary().isBlank()) b.append(c.summary()).append("\n\n");
        for (Rule r : c.rules()) {
            b.append("<a id=\"").append(r.id()).append("\"></a>\n");
            b.append("## ").append(r.id()).append(": ").append(r.title()).append("\n\n");
            b.append("| Level | Binds | Capability | Status | Testability |\n|---|---|---|---|---|\n");
            b.append("| ").append(text(r.level() == null ? null : r.level().text()))
                    .append(" | ").append(text(r.binds() == null ? null : r.binds().text()))
                    .append(" | ").append(text(r.capability()))
                    .append(" | ").append(text(r.status() == null ? null : r.status().text()))
                    .append(" | ").append(testability(r)).append(" |\n\n");
            b.append("> ").append(oneLine(r.statement())).append("\n\n");
            b.append("*Rationale.* ").append(oneLine(r.rationale())).append("\n\n");
            b.append("*Sources.*\n\n");
            for (Source s : r.sources()) {
                b.append("- <").append(s.url()).append("> (").append(text(s.evidence() == null ? null : s.evidence().text())).append(')');
                if (s.note() != null && !s.note().isBlank()) b.append(": ").append(s.note());
                b.append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static Map<Level, Integer> levelCounts(List<Rule> rules) {
        Map<Level, Integer> m = new EnumMap<>(Level.class);
        for (Rule r : rules) if (r.level() != null) m.merge(r.level(), 1, Integer::sum);
        return m;
    }

    private static String binds(Chapter c) {
        Set<String> s = new LinkedHashSet<>();
        for (Rule r : c.rules()) if (r.binds() != null) s.add(r.binds().text());
        return s.isEmpty() ? "" : String.join(", ", s);
    }

    private static String testability(Rule r) {
        if (r.testability() == null || r.testability().kind() == null) return "";
        String k = r.testability().kind().text();
        return r.testability().reason() == null ? k : k + ": " + cell(r.testability().reason());
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replace("\n", " ");
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** Table cells cannot hold a bare pipe or a line break. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}

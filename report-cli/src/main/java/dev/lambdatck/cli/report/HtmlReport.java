package dev.lambdatck.cli.report;

import dev.lambdatck.cli.output.OutcomeCounts;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.results.Verdict;
import dev.lambdatck.spec.Chapter;
import dev.lambdatck.spec.Level;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import dev.lambdatck.spec.Source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.lambdatck.cli.report.Html.esc;

/**
 * Renders report.html: one self-contained page (inline CSS and JS, nothing fetched) from a run's results
 * and the rule catalogue. Rendering is deterministic: the same results give the same bytes, whether they
 * come from a live run or from results.json (maps are rendered in a fixed key order, lists as given).
 */
final class HtmlReport {

    private static final String RESOURCES = "lambda-tck/report/";
    /** Target keys shown first, in this order; the rest follow sorted by name. */
    private static final List<String> TARGET_KEYS = List.of("name", "version", "adapter", "url", "command", "capabilities");
    /** Outcomes listed again in their own section below the matrix, with their reasons. */
    private static final List<Outcome> LISTED = List.of(Outcome.NOT_VERIFIED, Outcome.NOT_APPLICABLE, Outcome.WAIVED,
            Outcome.EXPECTED_FAIL, Outcome.UNEXPECTED_PASS);

    private final RunResults r;
    private final RuleCatalogue catalogue;
    private final String catalogueProblem;
    private final Map<String, List<TestResult>> testsById = new LinkedHashMap<>();

    /** @param catalogue the rule texts; null when it could not be loaded ({@code catalogueProblem} says why) */
    HtmlReport(RunResults results, RuleCatalogue catalogue, String catalogueProblem) {
        this.r = results;
        this.catalogue = catalogue;
        this.catalogueProblem = catalogueProblem;
        for (TestResult t : tests()) testsById.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(t);
    }

    String render() {
        StringBuilder b = new StringBuilder(64 * 1024);
        head(b);
        b.append("<body>\n<main>\n");
        header(b);
        overview(b);
        matrix(b);
        lists(b);
        orphanTests(b);
        footer(b);
        b.append("</main>\n<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    // ---- page parts -------------------------------------------------------------------------------

    private void head(StringBuilder b) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                // nothing may be fetched: the page must work offline and leak nothing about the run
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                        + "script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<meta name=\"generator\" content=\"lambda-tck ").append(esc(r.tckVersion())).append("\">\n")
                .append("<title>lambda-tck: ").append(esc(verdictWord())).append(" · ").append(esc(targetName())).append("</title>\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<style>\n").append(resource("report.css")).append("</style>\n</head>\n");
    }

    private void header(StringBuilder b) {
        b.append("<header>\n<h1>lambda-tck conformance report</h1>\n<p class=\"subtitle\">Target <strong>")
                .append(esc(targetName())).append("</strong>");
        Object adapter = target().get("adapter");
        if (adapter != null) b.append(" (adapter <code>").append(esc(String.valueOf(adapter))).append("</code>)");
        b.append(" · suites ").append(esc(String.join(", ", suites())))
                .append(" · TCK ").append(esc(r.tckVersion())).append(" · spec ").append(esc(r.specVersion()));
        if (r.startedAt() != null) b.append(" · ").append(esc(r.startedAt()));
        b.append("</p>\n");
        Verdict v = r.verdict() == null ? Verdict.VOID : r.verdict();
        int[] p = OutcomeCounts.passedOfCounted(withRules());
        b.append("<section class=\"verdict verdict-").append(Html.slug(v.name())).append("\" id=\"verdict\" data-verdict=\"")
                .append(v.name()).append("\">\n<div class=\"word\">").append(esc(verdictWord())).append("</div>\n<div>\n");
        if (r.verdictReason() != null) b.append("<div class=\"reason\">").append(esc(r.verdictReason())).append("</div>\n");
        b.append("<div>").append(p[0]).append(" of ").append(p[1])
                .append(" rules passed (not applicable and waived rules are not counted)</div>\n</div>\n</section>\n");
        if (catalogueProblem != null) {
            b.append("<p class=\"empty\">Rule statements are unavailable: ").append(esc(catalogueProblem)).append("</p>\n");
        } else if (catalogue != null && r.specVersion() != null && !r.specVersion().equals(catalogue.specVersion())) {
            b.append("<p class=\"empty\">Rule statements are from specification ").append(esc(catalogue.specVersion()))
                    .append("; these results were produced against specification ").append(esc(r.specVersion())).append(".</p>\n");
        }
        b.append("</header>\n");
    }

    private void overview(StringBuilder b) {
        b.append("<section class=\"cards counts\" id=\"overview\">\n");
        countTable(b, "Rules by level", "Level", OutcomeCounts.rulesByLevel(withRules()));
        countTable(b, "Tests by suite", "Suite", OutcomeCounts.testsBySuite(withRules()));
        b.append("</section>\n<section class=\"cards\" id=\"facts\">\n<div class=\"card\">\n<h3>Target</h3>\n<dl class=\"facts\">\n");
        Map<String, Object> t = target();
        for (String k : TARGET_KEYS) if (t.containsKey(k)) fact(b, k, value(t.get(k)));
        new TreeMap<>(t).forEach((k, v) -> {
            if (!TARGET_KEYS.contains(k)) fact(b, k, value(v));
        });
        b.append("</dl>\n</div>\n<div class=\"card\">\n<h3>Run</h3>\n<dl class=\"facts\">\n");
        fact(b, "TCK version", r.tckVersion());
        fact(b, "spec version", r.specVersion());
        fact(b, "results schema", r.schemaVersion());
        fact(b, "started", r.startedAt());
        fact(b, "finished", r.finishedAt());
        fact(b, "suites", String.join(", ", suites()));
        fact(b, "tests", Integer.toString(tests().size()));
        if (r.environment() != null) new TreeMap<>(r.environment()).forEach((k, v) -> fact(b, k, v));
        b.append("</dl>\n</div>\n</section>\n");
    }

    private static void countTable(StringBuilder b, String title, String first, Map<String, Map<Outcome, Integer>> rows) {
        b.append("<div class=\"card\">\n<h3>").append(esc(title)).append("</h3>\n");
        if (rows.isEmpty()) {
            b.append("<p class=\"empty\">none</p>\n</div>\n");
            return;
        }
        List<Outcome> cols = OutcomeCounts.columns(rows);
        b.append("<table>\n<thead><tr><th>").append(esc(first)).append("</th><th class=\"num\">total</th>");
        for (Outcome o : cols) b.append("<th class=\"num\">").append(esc(OutcomeCounts.HEADERS.get(o))).append("</th>");
        b.append("</tr></thead>\n<tbody>\n");
        rows.forEach((name, row) -> {
            int total = row.values().stream().mapToInt(Integer::intValue).sum();
            b.append("<tr><td>").append(esc(name)).append("</td><td class=\"num\">").append(total).append("</td>");
            for (Outcome o : cols) {
                int n = row.getOrDefault(o, 0);
                b.append("<td class=\"num").append(n == 0 ? " zero" : "").append("\">").append(n).append("</td>");
            }
            b.append("</tr>\n");
        });
        b.append("</tbody>\n</table>\n</div>\n");
    }

    private static void fact(StringBuilder b, String k, String v) {
        if (v == null) return;
        b.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>\n");
    }

    private void matrix(StringBuilder b) {
        List<RuleResult> rules = rules();
        b.append("<h2 id=\"rules\">Rules (").append(rules.size()).append(")</h2>\n");
        filters(b, rules);
        if (rules.isEmpty()) {
            b.append("<p class=\"empty\">No rule is in the scope of this run.</p>\n");
            return;
        }
        for (Map.Entry<String, List<RuleResult>> e : byChapter(rules).entrySet()) {
            String chapterId = e.getKey();
            b.append("<section class=\"chapter\" id=\"").append(Html.anchor("chapter-", chapterId)).append("\" data-chapter=\"")
                    .append(esc(chapterId)).append("\">\n<h3 class=\"chapter-head\">").append(esc(chapterTitle(chapterId)))
                    .append(" <code class=\"counts\">").append(esc(chapterId)).append("</code> <span class=\"counts\">")
                    .append(esc(counts(e.getValue()))).append("</span></h3>\n<div class=\"matrix\">\n")
                    .append("<div class=\"row matrix-head\"><span>Rule</span><span>Level</span><span>Binds</span>")
                    .append("<span>Capability</span><span>Title</span><span>Outcome</span></div>\n");
            for (RuleResult rule : e.getValue()) rule(b, rule);
            b.append("</div>\n</section>\n");
        }
    }

    /** The filter bar; hidden until the script shows it (without JavaScript it could not work). */
    private static void filters(StringBuilder b, List<RuleResult> rules) {
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (RuleResult x : rules) if (x.outcome() != null) outcomes.merge(x.outcome(), 1, Integer::sum);
        Set<String> levels = new LinkedHashSet<>();
        for (Level l : Level.values()) if (rules.stream().anyMatch(x -> l.text().equals(x.level()))) levels.add(l.text());
        rules.stream().map(RuleResult::level).filter(l -> l != null && !levels.contains(l)).sorted().forEach(levels::add);
        Set<String> caps = rules.stream().map(RuleResult::capability).filter(c -> c != null)
                .collect(Collectors.toCollection(TreeSet::new));
        b.append("<form id=\"filters\" hidden autocomplete=\"off\">\n<label>Outcome<select name=\"outcome\"><option value=\"\">any</option>");
        outcomes.forEach((o, n) -> b.append("<option value=\"").append(o.name()).append("\">").append(Html.label(o))
                .append(" (").append(n).append(")</option>"));
        b.append("</select></label>\n<label>Level<select name=\"level\"><option value=\"\">any</option>");
        for (String l : levels) b.append("<option value=\"").append(esc(l)).append("\">").append(esc(l)).append("</option>");
        b.append("</select></label>\n<label>Capability<select name=\"capability\"><option value=\"\">any</option>");
        for (String c : caps) b.append("<option value=\"").append(esc(c)).append("\">").append(esc(c)).append("</option>");
        b.append("</select></label>\n<label>Rule id or title<input type=\"search\" name=\"q\" placeholder=\"e.g. RT-NEXT\"></label>\n")
                .append("<button type=\"reset\">Clear</button>\n<span id=\"shown\"></span>\n</form>\n");
    }

    private void rule(StringBuilder b, RuleResult x) {
        Rule spec = catalogue == null ? null : catalogue.find(x.id()).orElse(null);
        String title = x.title() != null ? x.title() : spec != null ? spec.title() : "";
        String outcome = x.outcome() == null ? "" : x.outcome().name();
        b.append("<details class=\"rule\" id=\"").append(Html.anchor("rule-", x.id())).append("\" data-id=\"").append(esc(x.id()))
                .append("\" data-outcome=\"").append(esc(outcome)).append("\" data-level=\"").append(esc(x.level()))
                .append("\" data-capability=\"").append(esc(x.capability())).append("\" data-title=\"").append(esc(title)).append("\">\n")
                .append("<summary class=\"row\"><span class=\"rid mono\">").append(esc(x.id())).append("</span>")
                .append("<span class=\"level level-").append(Html.slug(x.level())).append("\">").append(esc(x.level())).append("</span>")
                .append("<span class=\"cell-muted\">").append(esc(x.binds())).append("</span>")
                .append("<span class=\"cell-muted\">").append(esc(x.capability())).append("</span>")
                .append("<span class=\"title\">").append(esc(title)).append("</span>")
                .append("<span>").append(Html.badge(x.outcome())).append("</span></summary>\n<div class=\"rule-body\">\n");
        if (spec != null) {
            b.append("<p class=\"statement\">").append(esc(spec.statement())).append("</p>\n");
            if (spec.rationale() != null) {
                b.append("<div class=\"label\">Rationale</div>\n<p>").append(esc(spec.rationale())).append("</p>\n");
            }
        } else if (catalogue != null) {
            b.append("<p class=\"empty\">").append(esc(x.id())).append(" is not in the bundled catalogue (specification ")
                    .append(esc(catalogue.specVersion())).append(").</p>\n");
        }
        if (x.reason() != null && !x.reason().isEmpty()) {
            b.append("<div class=\"label\">Why ").append(esc(Html.label(x.outcome() == null ? Outcome.NOT_VERIFIED : x.outcome())))
                    .append("</div>\n<p class=\"reason\">").append(esc(x.reason())).append("</p>\n");
        }
        if (spec != null) sources(b, spec);
        List<String> ids = x.tests() == null ? List.of() : x.tests();
        b.append("<div class=\"label\">Tests (").append(ids.size()).append(")</div>\n");
        if (ids.isEmpty()) b.append("<p class=\"empty\">No test ran for this rule.</p>\n");
        for (String id : ids) {
            List<TestResult> ts = testsById.get(id);
            if (ts == null) {
                b.append("<p class=\"empty\">").append(esc(id)).append(" (not in the results)</p>\n");
            } else {
                for (TestResult t : ts) EvidenceHtml.test(b, t);
            }
        }
        b.append("</div>\n</details>\n");
    }

    private static void sources(StringBuilder b, Rule spec) {
        List<Source> sources = spec.sources() == null ? List.of() : spec.sources();
        if (!sources.isEmpty()) {
            b.append("<div class=\"label\">Sources</div>\n<ul class=\"sources\">\n");
            for (Source s : sources) {
                b.append("<li>").append(Html.link(s.url(), s.url()));
                if (s.evidence() != null) b.append(" <span class=\"cell-muted\">(").append(esc(s.evidence().text())).append(")</span>");
                if (s.note() != null) b.append(" — ").append(esc(s.note()));
                b.append("</li>\n");
            }
            b.append("</ul>\n");
        }
        StringBuilder facts = new StringBuilder();
        if (spec.testability() != null && spec.testability().kind() != null) {
            facts.append("testability ").append(spec.testability().kind().text());
            if (spec.testability().reason() != null) facts.append(" (").append(spec.testability().reason()).append(')');
        }
        if (spec.status() != null) facts.append(facts.length() > 0 ? " · " : "").append("status ").append(spec.status().text());
        if (facts.length() > 0) b.append("<p class=\"cell-muted\">").append(esc(facts.toString())).append("</p>\n");
    }

    /** NOT_VERIFIED, NOT_APPLICABLE, WAIVED, EXPECTED_FAIL (and UNEXPECTED_PASS) rules with their reasons. */
    private void lists(StringBuilder b) {
        for (Outcome o : LISTED) {
            List<RuleResult> these = rules().stream().filter(x -> x.outcome() == o).toList();
            if (these.isEmpty() && o == Outcome.UNEXPECTED_PASS) continue;
            b.append("<h2 id=\"list-").append(Html.slug(o.name())).append("\">").append(esc(listTitle(o))).append(" (")
                    .append(these.size()).append(")</h2>\n");
            if (these.isEmpty()) {
                b.append("<p class=\"empty\">none</p>\n");
                continue;
            }
            b.append("<table class=\"list-table\">\n<thead><tr><th>Rule</th><th>Level</th><th>Title</th><th>Reason</th></tr></thead>\n<tbody>\n");
            for (RuleResult x : these) {
                b.append("<tr><td><a href=\"#").append(Html.anchor("rule-", x.id())).append("\" class=\"mono\">").append(esc(x.id()))
                        .append("</a></td><td class=\"level level-").append(Html.slug(x.level())).append("\">").append(esc(x.level()))
                        .append("</td><td>").append(esc(x.title())).append("</td><td class=\"reason\">").append(esc(x.reason()))
                        .append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
    }

    private static String listTitle(Outcome o) {
        return switch (o) {
            case NOT_VERIFIED -> "Not verified";
            case NOT_APPLICABLE -> "Not applicable";
            case WAIVED -> "Waived";
            case EXPECTED_FAIL -> "Expected failures";
            case UNEXPECTED_PASS -> "Unexpected passes";
            default -> Html.label(o);
        };
    }

    /** Tests that cite no rule of this report (e.g. a rule outside the run's filter): shown so nothing is lost. */
    private void orphanTests(StringBuilder b) {
        Set<String> linked = new java.util.HashSet<>();
        for (RuleResult x : rules()) if (x.tests() != null) linked.addAll(x.tests());
        List<TestResult> orphans = tests().stream().filter(t -> !linked.contains(t.id())).toList();
        if (orphans.isEmpty()) return;
        b.append("<h2 id=\"other-tests\">Tests not linked to a reported rule (").append(orphans.size()).append(")</h2>\n");
        for (TestResult t : orphans) EvidenceHtml.test(b, t);
    }

    private void footer(StringBuilder b) {
        b.append("<footer>Generated by lambda-tck ").append(esc(r.tckVersion())).append(" from results.json (schema ")
                .append(esc(r.schemaVersion())).append("). Rule texts: specification ")
                .append(esc(catalogue == null ? "unavailable" : catalogue.specVersion()))
                .append(". This page is self-contained and works offline.</footer>\n");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** Chapter id → its rules; catalogue chapter order, then chapters the catalogue lacks in order of appearance. */
    private Map<String, List<RuleResult>> byChapter(List<RuleResult> rules) {
        Map<String, List<RuleResult>> m = new LinkedHashMap<>();
        if (catalogue != null) for (Chapter c : catalogue.chapters()) m.put(c.id(), new ArrayList<>());
        for (RuleResult x : rules) m.computeIfAbsent(x.chapter() == null ? "other" : x.chapter(), k -> new ArrayList<>()).add(x);
        m.values().removeIf(List::isEmpty);
        return m;
    }

    private String chapterTitle(String id) {
        if (catalogue != null) {
            for (Chapter c : catalogue.chapters()) if (c.id().equals(id) && c.title() != null) return c.title();
        }
        return id;
    }

    private static String counts(List<RuleResult> rules) {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        for (RuleResult x : rules) if (x.outcome() != null) m.merge(x.outcome(), 1, Integer::sum);
        StringBuilder s = new StringBuilder().append(rules.size()).append(rules.size() == 1 ? " rule" : " rules");
        m.forEach((o, n) -> s.append(" · ").append(n).append(' ').append(Html.label(o)));
        return s.toString();
    }

    /** Maps as sorted {@code k=v}, collections joined with commas: the same in a live run and in results.json. */
    static String value(Object v) {
        if (v == null) return "";
        if (v instanceof Map<?, ?> m) {
            Map<String, String> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), value(x)));
            return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        }
        if (v instanceof Collection<?> c) return c.stream().map(HtmlReport::value).collect(Collectors.joining(", "));
        return String.valueOf(v);
    }

    private String verdictWord() {
        return (r.verdict() == null ? Verdict.VOID : r.verdict()).name().replace('_', ' ');
    }

    private String targetName() {
        Object n = target().get("name");
        return n == null ? "unnamed target" : String.valueOf(n);
    }

    private Map<String, Object> target() {
        return r.target() == null ? Map.of() : r.target();
    }

    private List<String> suites() {
        return r.suites() == null ? List.of() : r.suites();
    }

    private List<RuleResult> rules() {
        return r.rules() == null ? List.of() : r.rules();
    }

    private List<TestResult> tests() {
        return r.tests() == null ? List.of() : r.tests();
    }

    /** The results with null lists replaced by empty ones, for {@link OutcomeCounts}. */
    private RunResults withRules() {
        return new RunResults(r.schemaVersion(), r.tckVersion(), r.specVersion(), r.startedAt(), r.finishedAt(), target(),
                r.environment(), suites(), r.verdict(), r.verdictReason(), r.summary(), rules(), tests());
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new UncheckedIOException(new IOException("resource " + RESOURCES + name + " is missing from the kit"));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.lambdatck.spec;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a chapter document into {@link Rule}s, collecting one readable problem per defect
 * ("rules/x.yaml: RT-NEXT-003: 'level' is 'MUSTT', expected ...") instead of failing on the first.
 */
public final class CatalogueValidator {

    static final Pattern ID = Pattern.compile("[A-Z]{2,4}(-[A-Z0-9]+)+-\\d{3}");

    private CatalogueValidator() {
    }

    static Chapter chapter(String file, JsonNode doc, List<String> problems) {
        JsonNode ch = doc.path("chapter");
        String chapterId = text(ch, "id", file, "chapter", problems);
        String expected = fileStem(file);
        if (chapterId != null && !chapterId.equals(expected)) {
            problems.add(file + ": chapter id '" + chapterId + "' does not match the file name (expected '" + expected + "')");
        }
        String title = text(ch, "title", file, "chapter", problems);
        String summary = ch.path("summary").asText("");
        List<Rule> rules = new ArrayList<>();
        JsonNode list = doc.path("rules");
        if (!list.isArray() || list.isEmpty()) problems.add(file + ": 'rules' must be a non-empty list");
        int n = 0;
        for (JsonNode r : list) {
            n++;
            String id = r.path("id").asText(null);
            String where = id != null ? id : "rule #" + n;
            if (id == null) problems.add(file + ": " + where + ": missing 'id'");
            else if (!ID.matcher(id).matches()) problems.add(file + ": " + id + ": id does not match " + ID.pattern());
            Rule rule = new Rule(id,
                    parse(r, "level", file, where, problems, Level::parse),
                    parse(r, "binds", file, where, problems, Binds::parse),
                    text(r, "capability", file, where, problems),
                    chapterId,
                    text(r, "title", file, where, problems),
                    text(r, "statement", file, where, problems),
                    text(r, "rationale", file, where, problems),
                    sources(r, file, where, problems),
                    testability(r, file, where, problems),
                    parse(r, "status", file, where, problems, Status::parse));
            checkKeyword(rule, file, problems);
            rules.add(rule);
        }
        return new Chapter(chapterId, title, summary, file, rules);
    }

    /** The normative sentence must say how strong it is in the words of its level (MUST or MUST NOT for both mandatory levels). */
    private static void checkKeyword(Rule rule, String file, List<String> problems) {
        if (rule.level() == null || rule.statement() == null || rule.id() == null) return;
        Pattern p = switch (rule.level()) {
            case MUST, MUST_NOT -> MANDATORY;
            case SHOULD, SHOULD_NOT -> RECOMMENDED;
            case MAY -> OPTIONAL;
        };
        if (!p.matcher(rule.statement()).find()) {
            problems.add(file + ": " + rule.id() + ": statement does not use the keyword of its level '" + rule.level().text() + "'");
        }
    }

    private static final Pattern MANDATORY = Pattern.compile("\\bMUST\\b");
    private static final Pattern RECOMMENDED = Pattern.compile("\\bSHOULD\\b");
    private static final Pattern OPTIONAL = Pattern.compile("\\bMAY\\b");

    private static String fileStem(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
    }

    static void crossChecks(RuleCatalogue catalogue, List<String> problems) {
        Map<String, String> seen = new HashMap<>();
        for (Chapter c : catalogue.chapters()) {
            for (Rule r : c.rules()) {
                if (r.id() == null) continue;
                String prev = seen.putIfAbsent(r.id(), c.file());
                if (prev != null) problems.add(c.file() + ": " + r.id() + ": duplicate id (also in " + prev + ")");
                boolean strong = r.sources() != null && r.sources().stream().anyMatch(s -> s.evidence() != null && s.evidence().isStrong());
                if (r.level() != null && r.level().isMandatory() && r.status() == Status.STABLE && !strong) {
                    problems.add(c.file() + ": " + r.id() + ": a stable " + r.level().text()
                            + " rule needs at least one documented or observed-in-production source"
                            + " (otherwise make it provisional or SHOULD)");
                }
            }
        }
    }

    private interface Parser<T> {
        T parse(String s);
    }

    private static <T> T parse(JsonNode r, String field, String file, String where, List<String> problems, Parser<T> p) {
        String s = text(r, field, file, where, problems);
        if (s == null) return null;
        try {
            return p.parse(s);
        } catch (IllegalArgumentException e) {
            problems.add(file + ": " + where + ": '" + field + "': " + e.getMessage());
            return null;
        }
    }

    private static String text(JsonNode r, String field, String file, String where, List<String> problems) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            problems.add(file + ": " + where + ": missing '" + field + "'");
            return null;
        }
        if (!v.isValueNode()) {
            problems.add(file + ": " + where + ": '" + field + "' must be a string");
            return null;
        }
        return v.asText().strip();
    }

    private static List<Source> sources(JsonNode r, String file, String where, List<String> problems) {
        JsonNode list = r.get("sources");
        List<Source> out = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(file + ": " + where + ": 'sources' must list at least one source");
            return out;
        }
        int i = 0;
        for (JsonNode s : list) {
            i++;
            String w = where + ": source #" + i;
            out.add(new Source(text(s, "url", file, w, problems),
                    parse(s, "evidence", file, w, problems, Evidence::parse),
                    s.hasNonNull("note") ? s.get("note").asText() : null));
        }
        return out;
    }

    private static Testability testability(JsonNode r, String file, String where, List<String> problems) {
        JsonNode t = r.get("testability");
        if (t == null) {
            problems.add(file + ": " + where + ": missing 'testability'");
            return null;
        }
        Testability.Kind kind = parse(t, "kind", file, where + ": testability", problems, Testability.Kind::parse);
        String reason = t.hasNonNull("reason") ? t.get("reason").asText() : null;
        if (kind != null && kind != Testability.Kind.AUTOMATED && (reason == null || reason.isBlank())) {
            problems.add(file + ": " + where + ": testability '" + kind.text() + "' needs a 'reason'");
        }
        return new Testability(kind, reason);
    }
}

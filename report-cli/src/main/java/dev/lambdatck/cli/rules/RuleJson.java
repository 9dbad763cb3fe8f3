package dev.lambdatck.cli.rules;

import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.Source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rule as a JSON object with every field, in a fixed order (explicit, so the output is a stable contract). */
final class RuleJson {

    private RuleJson() {
    }

    static Map<String, Object> of(Rule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("level", r.level() == null ? null : r.level().text());
        m.put("binds", r.binds() == null ? null : r.binds().text());
        m.put("capability", r.capability());
        m.put("chapter", r.chapter());
        m.put("title", r.title());
        m.put("statement", r.statement());
        m.put("rationale", r.rationale());
        List<Map<String, Object>> sources = new ArrayList<>();
        for (Source s : r.sources() == null ? List.<Source>of() : r.sources()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("url", s.url());
            sm.put("evidence", s.evidence() == null ? null : s.evidence().text());
            if (s.note() != null) sm.put("note", s.note());
            sources.add(sm);
        }
        m.put("sources", sources);
        Map<String, Object> t = new LinkedHashMap<>();
        if (r.testability() != null) {
            t.put("kind", r.testability().kind() == null ? null : r.testability().kind().text());
            if (r.testability().reason() != null) t.put("reason", r.testability().reason());
        }
        m.put("testability", t);
        m.put("status", r.status() == null ? null : r.status().text());
        return m;
    }
}

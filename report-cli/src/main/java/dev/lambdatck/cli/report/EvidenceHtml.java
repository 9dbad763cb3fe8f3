package dev.lambdatck.cli.report;

import dev.lambdatck.core.results.Exchange;
import dev.lambdatck.core.results.TestEvidence;
import dev.lambdatck.core.results.TestResult;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.lambdatck.cli.report.Html.esc;

/** One test of a rule in report.html: outcome, duration, message, and its evidence (HTTP exchanges, log excerpt, notes). */
final class EvidenceHtml {

    private EvidenceHtml() {
    }

    static void test(StringBuilder b, TestResult t) {
        b.append("<div class=\"test\" id=\"").append(Html.anchor("test-", t.id())).append("\">\n");
        b.append("<div class=\"test-head\">").append(Html.badge(t.outcome()))
                .append(" <code>").append(esc(t.id())).append("</code>");
        if (t.suite() != null) b.append(" <span class=\"cell-muted\">suite ").append(esc(t.suite())).append("</span>");
        b.append("<span class=\"dur\">").append(Html.duration(t.durationMs())).append("</span></div>\n");
        b.append("<div class=\"test-body\">\n");
        if (t.rules() != null && t.rules().size() > 1) {
            b.append("<div class=\"cell-muted\">cites ").append(esc(String.join(", ", t.rules()))).append("</div>\n");
        }
        if (t.message() != null && !t.message().isEmpty()) {
            b.append("<pre class=\"message\">").append(esc(t.message())).append("</pre>\n");
        }
        evidence(b, t.evidence());
        b.append("</div>\n</div>\n");
    }

    private static void evidence(StringBuilder b, TestEvidence e) {
        if (e == null) {
            b.append("<div class=\"empty\">no evidence recorded</div>\n");
            return;
        }
        List<Exchange> exchanges = e.exchanges() == null ? List.of() : e.exchanges();
        if (!exchanges.isEmpty()) {
            b.append("<div class=\"label\">HTTP exchanges (").append(exchanges.size()).append(")</div>\n");
            int n = 0;
            for (Exchange x : exchanges) exchange(b, x, ++n);
        }
        List<String> notes = e.notes() == null ? List.of() : e.notes();
        if (!notes.isEmpty()) {
            b.append("<div class=\"label\">Notes</div>\n<ul>\n");
            for (String note : notes) b.append("<li>").append(esc(note)).append("</li>\n");
            b.append("</ul>\n");
        }
        if (e.logExcerpt() != null && !e.logExcerpt().isEmpty()) {
            b.append("<div class=\"label\">Target log (excerpt)</div>\n<pre class=\"log\">").append(esc(e.logExcerpt())).append("</pre>\n");
        }
        if (exchanges.isEmpty() && notes.isEmpty() && (e.logExcerpt() == null || e.logExcerpt().isEmpty())) {
            b.append("<div class=\"empty\">no evidence recorded</div>\n");
        }
    }

    /** Request and response as HTTP/1.1-style text; the first two exchanges are open, the rest folded. */
    private static void exchange(StringBuilder b, Exchange x, int n) {
        b.append("<details class=\"exchange\"").append(n <= 2 ? " open" : "").append("><summary><span class=\"http-line mono\">")
                .append(esc(nz(x.method()))).append(' ').append(esc(nz(x.uri())));
        if (x.status() != null) b.append(" → ").append(x.status());
        b.append("</span>");
        if (x.direction() != null) b.append(" <span class=\"dir\">").append(esc(x.direction())).append("</span>");
        if (x.durationMs() != null) b.append(" <span class=\"dir\">").append(Html.duration(x.durationMs())).append("</span>");
        b.append("</summary>\n<pre class=\"http\">");
        StringBuilder t = new StringBuilder();
        t.append(nz(x.method())).append(' ').append(nz(x.uri())).append('\n');
        headers(t, x.requestHeaders());
        body(t, x.requestBody(), x.requestBodyBytes());
        b.append(esc(t.toString())).append("</pre>\n");
        if (x.status() != null || x.responseHeaders() != null || x.responseBody() != null || x.trailers() != null) {
            StringBuilder r = new StringBuilder();
            r.append(x.status() == null ? "(no status)" : x.status().toString()).append('\n');
            headers(r, x.responseHeaders());
            body(r, x.responseBody(), x.responseBodyBytes());
            if (x.trailers() != null && !x.trailers().isEmpty()) {
                r.append("\n-- trailers --\n");
                headers(r, x.trailers());
            }
            b.append("<pre class=\"http\">").append(esc(r.toString())).append("</pre>\n");
        }
        if (x.note() != null) b.append("<div class=\"cell-muted\">").append(esc(x.note())).append("</div>\n");
        b.append("</details>\n");
    }

    /** Header names sorted case-insensitively, so the same exchange always renders the same. */
    private static void headers(StringBuilder b, Map<String, List<String>> h) {
        if (h == null) return;
        // case-insensitive first, then exact: "a" and "A" both stay (a map keyed case-insensitively would merge them)
        Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER.thenComparing(java.util.Comparator.naturalOrder()));
        h.forEach((k, vs) -> sorted.put(k == null ? "" : k, vs));
        sorted.forEach((k, vs) -> {
            if (vs == null) return;
            for (String v : vs) b.append(k).append(": ").append(v).append('\n');
        });
    }

    private static void body(StringBuilder b, String body, Long bytes) {
        if (body == null || body.isEmpty()) {
            if (bytes != null && bytes > 0) b.append("\n(").append(bytes).append(" bytes, not recorded)\n");
            return;
        }
        b.append('\n').append(body);
        if (!body.endsWith("\n")) b.append('\n');
        if (bytes != null) b.append("(").append(bytes).append(" bytes)\n");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}

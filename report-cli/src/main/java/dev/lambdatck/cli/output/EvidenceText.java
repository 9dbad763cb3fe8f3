package dev.lambdatck.cli.output;

import dev.lambdatck.core.results.Exchange;
import dev.lambdatck.core.results.TestEvidence;
import dev.lambdatck.core.results.TestResult;

import java.util.List;
import java.util.Map;

/** A test's evidence as plain text (JUnit XML system-out, console details). */
public final class EvidenceText {

    private EvidenceText() {
    }

    public static String of(TestResult t) {
        StringBuilder b = new StringBuilder();
        b.append("test ").append(t.id()).append(" (rules ").append(String.join(", ", t.rules())).append("): ")
                .append(t.outcome()).append('\n');
        if (t.message() != null) b.append(t.message()).append('\n');
        TestEvidence e = t.evidence();
        if (e == null) return b.toString();
        int n = 0;
        for (Exchange x : e.exchanges() == null ? List.<Exchange>of() : e.exchanges()) {
            n++;
            b.append("\n--- exchange ").append(n).append(x.direction() == null ? "" : " (" + x.direction() + ")").append('\n');
            b.append("> ").append(x.method()).append(' ').append(x.uri()).append('\n');
            headers(b, "> ", x.requestHeaders());
            if (x.requestBody() != null && !x.requestBody().isEmpty()) b.append(">\n").append(indent(x.requestBody(), "> ")).append('\n');
            if (x.status() != null) b.append("< ").append(x.status()).append('\n');
            headers(b, "< ", x.responseHeaders());
            if (x.responseBody() != null && !x.responseBody().isEmpty()) b.append("<\n").append(indent(x.responseBody(), "< ")).append('\n');
            headers(b, "< trailer ", x.trailers());
            if (x.durationMs() != null) b.append("  (").append(x.durationMs()).append(" ms)").append('\n');
            if (x.note() != null) b.append("  note: ").append(x.note()).append('\n');
        }
        for (String note : e.notes() == null ? List.<String>of() : e.notes()) b.append("note: ").append(note).append('\n');
        if (e.logExcerpt() != null && !e.logExcerpt().isEmpty()) {
            b.append("\n--- target log (excerpt)\n").append(e.logExcerpt());
            if (!e.logExcerpt().endsWith("\n")) b.append('\n');
        }
        return b.toString();
    }

    private static void headers(StringBuilder b, String prefix, Map<String, List<String>> h) {
        if (h == null) return;
        new java.util.TreeMap<>(h).forEach((k, vs) -> {
            for (String v : vs) b.append(prefix).append(k).append(": ").append(v).append('\n');
        });
    }

    private static String indent(String s, String prefix) {
        return prefix + s.replace("\n", "\n" + prefix);
    }
}

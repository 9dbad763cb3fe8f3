package dev.lambdatck.cli.output;

import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.Verdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code badge.svg}: "lambda-tck | conformant 123/130" (rules passed of rules that count, i.e. all but
 * NOT_APPLICABLE and WAIVED); green when conformant, red when not, grey when void. No external fonts.
 */
public final class BadgeWriter {

    public static final String FILE = "badge.svg";
    static final String GREEN = "#2e7d32";
    static final String RED = "#c62828";
    static final String GREY = "#757575";

    private BadgeWriter() {
    }

    public static Path write(RunResults results, Path outDir) throws IOException {
        Path f = outDir.resolve(FILE);
        Files.writeString(f, render(results), StandardCharsets.UTF_8);
        return f;
    }

    public static String render(RunResults r) {
        int[] p = OutcomeCounts.passedOfCounted(r);
        String verdict = r.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String value = r.verdict() == Verdict.VOID ? "void" : verdict + " " + p[0] + "/" + p[1];
        String color = switch (r.verdict()) {
            case CONFORMANT -> GREEN;
            case NOT_CONFORMANT -> RED;
            case VOID -> GREY;
        };
        String label = "lambda-tck";
        int lw = width(label);
        int vw = width(value);
        int w = lw + vw;
        return """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s: %s">
                  <title>%s: %s</title>
                  <linearGradient id="s" x2="0" y2="100%%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
                  <clipPath id="r"><rect width="%d" height="20" rx="3" fill="#fff"/></clipPath>
                  <g clip-path="url(#r)">
                    <rect width="%d" height="20" fill="#555"/>
                    <rect x="%d" width="%d" height="20" fill="%s"/>
                    <rect width="%d" height="20" fill="url(#s)"/>
                  </g>
                  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
                    <text x="%d" y="14">%s</text>
                    <text x="%d" y="14">%s</text>
                  </g>
                </svg>
                """.formatted(w, label, esc(value), label, esc(value), w, lw, lw, vw, color, w,
                lw / 2, label, lw + vw / 2, esc(value));
    }

    /** Approximate text width for 11px Verdana (about 7px per character) plus padding. */
    private static int width(String text) {
        return text.length() * 7 + 12;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

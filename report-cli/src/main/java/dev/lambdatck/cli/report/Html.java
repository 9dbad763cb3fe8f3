package dev.lambdatck.cli.report;

import dev.lambdatck.core.results.Outcome;

import java.util.Locale;

/** Escaping and small formatting helpers for report.html. Everything that comes from a run goes through {@link #esc}. */
final class Html {

    private Html() {
    }

    /**
     * Escapes text for element content and quoted attribute values. Control characters (bodies and logs
     * may hold them) become their visible Unicode "control picture"; lone surrogates become U+FFFD, so
     * the page is always valid UTF-8.
     */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n', '\t' -> b.append(c);
                case '\r' -> b.append('␍');
                default -> {
                    if (c < 0x20) b.append((char) (0x2400 + c));
                    else if (c == 0x7f) b.append('␡');
                    else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) b.append('\uFFFD');
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** A link only for http(s) URLs (never javascript: or file:); anything else is shown as text. */
    static String link(String url, String text) {
        if (url != null && (url.startsWith("https://") || url.startsWith("http://"))) {
            return "<a href=\"" + esc(url) + "\" rel=\"noopener noreferrer\">" + esc(text) + "</a>";
        }
        return esc(text);
    }

    /** CSS class suffix of an outcome: {@code NOT_APPLICABLE -> not-applicable}. */
    static String slug(String s) {
        return s == null ? "none" : s.toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    }

    static String badge(Outcome o) {
        return o == null ? "<span class=\"badge o-none\">—</span>"
                : "<span class=\"badge o-" + slug(o.name()) + "\">" + label(o) + "</span>";
    }

    /** Outcome as shown to people: {@code NOT_APPLICABLE -> NOT APPLICABLE}. */
    static String label(Outcome o) {
        return o.name().replace('_', ' ');
    }

    /** 412 ms, 3.4 s, 2 min 05 s. */
    static String duration(long ms) {
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms % 60_000) / 1000);
    }

    /** An id usable in an HTML id attribute and a URL fragment. */
    static String anchor(String prefix, String id) {
        return prefix + (id == null ? "" : id.replaceAll("[^A-Za-z0-9_.-]", "_"));
    }
}

package dev.lambdatck.tck.runtimeapi.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The lines test extensions ({@link ExtensionScript}) wrote to a function's log, parsed; polled with deadlines. */
public final class ExtensionLog {

    static final String TAG = "tck-ext ";

    /**
     * One observation of one extension process.
     *
     * @param status  HTTP status of a call ({@code 0}: no answer came), or -1 for lines that are not calls
     * @param headers response headers of a call, names in lower case
     * @param body    response body of a call (line breaks written as {@code |}), or the rest of a non-call line
     */
    public record Line(String name, String label, long pid, long timeMs, int status, Map<String, String> headers,
                       String body, String raw) {

        public boolean is(String extension, String lbl) {
            return name.equals(extension) && label.equals(lbl);
        }

        public Optional<String> header(String h) {
            return Optional.ofNullable(headers.get(h.toLowerCase(Locale.ROOT)));
        }

        /** The body as JSON (a missing node when it is not JSON). */
        public JsonNode json() {
            Optional<JsonNode> j = Json.parse(body.getBytes(StandardCharsets.UTF_8));
            if (j.isEmpty()) j = Json.parse(body.replace('|', '\n').getBytes(StandardCharsets.UTF_8));
            return j.orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        }

        /** A value of a {@code key=value} field of a non-call line such as {@code env}. */
        public Optional<String> field(String key) {
            for (String part : body.split(" ")) {
                if (part.startsWith(key + "=")) return Optional.of(part.substring(key.length() + 1));
            }
            return Optional.empty();
        }

        public boolean clientError() {
            return status >= 400 && status < 500;
        }

        @Override
        public String toString() {
            return raw;
        }
    }

    private ExtensionLog() {
    }

    /** Every extension line in the log, in log order. */
    public static List<Line> parse(String log) {
        List<Line> out = new ArrayList<>();
        if (log == null) return out;
        for (String l : log.split("\n")) {
            int at = l.indexOf(TAG);
            if (at < 0) continue;
            parseLine(l.substring(at).strip()).ifPresent(out::add);
        }
        return out;
    }

    static Optional<Line> parseLine(String line) {
        String[] head = line.split(" ", 6);
        if (head.length < 5 || !head[3].startsWith("p=") || !head[4].startsWith("t=")) return Optional.empty();
        long pid;
        long t;
        try {
            pid = Long.parseLong(head[3].substring(2));
            t = Long.parseLong(head[4].substring(2));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String rest = head.length > 5 ? head[5] : "";
        int status = -1;
        Map<String, String> headers = new LinkedHashMap<>();
        String body = rest;
        int h = rest.indexOf(" h=");
        int b = h < 0 ? -1 : rest.indexOf(" b=", h);
        if (rest.startsWith("s=") && h > 0 && b > 0) {
            try {
                status = Integer.parseInt(rest.substring(2, h));
            } catch (NumberFormatException e) {
                status = 0;
            }
            for (String hl : rest.substring(h + 3, b).split("\\|")) {
                int c = hl.indexOf(':');
                if (c > 0) headers.putIfAbsent(hl.substring(0, c).strip().toLowerCase(Locale.ROOT), hl.substring(c + 1).strip());
            }
            body = rest.substring(b + 3);
        }
        return Optional.of(new Line(head[1], head[2], pid, t, status, headers, body, line));
    }

    /** The lines that match, polled from {@code fn}'s log until {@code done} accepts them or the deadline passes. */
    public static List<Line> await(Fn fn, Duration within, Duration poll, Predicate<List<Line>> done) {
        long end = System.nanoTime() + within.toNanos();
        List<Line> lines = parse(fn.logs());
        while (!done.test(lines) && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, poll.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            lines = parse(fn.logs());
        }
        return lines;
    }

    public static List<Line> of(List<Line> lines, String extension, String label) {
        return lines.stream().filter(l -> l.is(extension, label)).toList();
    }

    public static Optional<Line> first(List<Line> lines, String extension, String label) {
        return lines.stream().filter(l -> l.is(extension, label)).findFirst();
    }

    /** The lines, one per row, for an assertion message (at most the last 80). */
    public static String excerpt(List<Line> lines) {
        if (lines.isEmpty()) return "\n  (no tck-ext line in the function log)";
        List<Line> tail = lines.size() > 80 ? lines.subList(lines.size() - 80, lines.size()) : lines;
        return tail.stream().map(l -> "\n  " + abbreviate(l.raw())).collect(Collectors.joining());
    }

    private static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "…";
    }
}

package dev.lambdatck.tck.runtimeapi.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP response as read off the wire: status, headers and trailers (names compared case-insensitively),
 * the body (de-chunked), and when each body piece arrived, so streaming tests can see timing.
 *
 * @param pieces body pieces in arrival order with their arrival time in ms after the request was sent
 */
public record WireResponse(int status, Map<String, List<String>> headers, byte[] body,
                           Map<String, List<String>> trailers, List<Piece> pieces, long durationMs,
                           boolean complete) {

    /** A part of the body and when it arrived. */
    public record Piece(long atMs, byte[] bytes) {
    }

    public Optional<String> header(String name) {
        return first(headers, name);
    }

    public Optional<String> trailer(String name) {
        return first(trailers, name);
    }

    public boolean hasHeader(String name) {
        return header(name).isPresent();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Arrival time of the first body byte, in ms after the request was sent; -1 when there was no body. */
    public long firstByteMs() {
        return pieces.isEmpty() ? -1 : pieces.get(0).atMs();
    }

    /** Arrival time of the piece holding the given body offset (0-based); -1 when the body is shorter. */
    public long arrivalOf(long offset) {
        long seen = 0;
        for (Piece p : pieces) {
            seen += p.bytes().length;
            if (offset < seen) return p.atMs();
        }
        return -1;
    }

    static Optional<String> first(Map<String, List<String>> m, String name) {
        for (Map.Entry<String, List<String>> e : m.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return Optional.of(String.join(", ", e.getValue()));
        }
        return Optional.empty();
    }

    static void add(Map<String, List<String>> m, String name, String value) {
        for (Map.Entry<String, List<String>> e : m.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                e.getValue().add(value);
                return;
            }
        }
        List<String> l = new ArrayList<>();
        l.add(value);
        m.put(name, l);
    }

    static Map<String, List<String>> newHeaders() {
        return new LinkedHashMap<>();
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + headers.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList()
                + " body " + body.length + " bytes";
    }
}

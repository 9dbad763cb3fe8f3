package dev.lambdatck.tck.runtimeapi.runtime.fake;

import dev.lambdatck.core.results.Exchange;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request the runtime sent to the fake platform, with the fake's answer once it was given. The
 * request part never changes; the answer part is set once, when the fake answers.
 */
public final class RecordedRequest {

    /** Which Runtime API endpoint a request addressed. */
    public enum Kind { NEXT, RESPONSE, ERROR, INIT_ERROR, OTHER }

    static final String PREFIX = "/2018-06-01/runtime";
    private static final Pattern INVOCATION_POST = Pattern.compile("^" + PREFIX + "/invocation/(.*)/(response|error)$");

    private final int sequence;
    private final int connection;
    private final WireRequest wire;
    private final Kind kind;
    private final String pathRequestId;

    private Integer status;
    private List<Header> responseHeaders = List.of();
    private byte[] responseBody = new byte[0];
    private long answeredAtMs;
    private String deliveredRequestId;
    private boolean abandoned;
    private String note;

    RecordedRequest(int sequence, int connection, WireRequest wire) {
        this.sequence = sequence;
        this.connection = connection;
        this.wire = wire;
        String path = wire.path();
        Matcher m = INVOCATION_POST.matcher(path);
        if (wire.method().equals("GET") && path.equals(PREFIX + "/invocation/next")) {
            kind = Kind.NEXT;
            pathRequestId = null;
        } else if (wire.method().equals("POST") && m.matches()) {
            kind = m.group(2).equals("response") ? Kind.RESPONSE : Kind.ERROR;
            pathRequestId = percentDecode(m.group(1));
        } else if (wire.method().equals("POST") && path.equals(PREFIX + "/init/error")) {
            kind = Kind.INIT_ERROR;
            pathRequestId = null;
        } else {
            kind = Kind.OTHER;
            pathRequestId = null;
        }
    }

    /** Order of arrival at the fake, from 1. */
    public int sequence() { return sequence; }

    /** Which TCP connection carried it, from 1 in order of acceptance. */
    public int connection() { return connection; }

    public WireRequest wire() { return wire; }

    public Kind kind() { return kind; }

    /** {@code /response} or {@code /error}. */
    public boolean isAnswer() { return kind == Kind.RESPONSE || kind == Kind.ERROR; }

    /** Any POST the runtime sent. */
    public boolean isPost() { return wire.method().equals("POST"); }

    /** The request id of a {@code /response} or {@code /error} path, percent-decoded; null for other requests. */
    public String pathRequestId() { return pathRequestId; }

    public Optional<String> header(String name) { return wire.header(name); }

    public byte[] body() { return wire.body(); }

    public String bodyText() { return new String(wire.body(), StandardCharsets.UTF_8); }

    public long receivedAtMs() { return wire.startedAtMs(); }

    public long completedAtMs() { return wire.completedAtMs(); }

    public synchronized Integer status() { return status; }

    public synchronized long answeredAtMs() { return answeredAtMs; }

    /** For {@code /next}: the request id of the event it delivered, or null. */
    public synchronized String deliveredRequestId() { return deliveredRequestId; }

    /** For {@code /next}: the runtime closed the connection while the fake held the request. */
    public synchronized boolean abandoned() { return abandoned; }

    /** The fake answered, or ended the request without an answer. */
    public synchronized boolean answered() { return answeredAtMs > 0; }

    public synchronized byte[] responseBody() { return responseBody.clone(); }

    synchronized void answer(int status, List<Header> headers, byte[] body, String note) {
        this.status = status;
        this.responseHeaders = List.copyOf(headers);
        this.responseBody = body == null ? new byte[0] : body.clone();
        this.answeredAtMs = System.currentTimeMillis();
        if (note != null) this.note = note;
    }

    /** The fake did not give an HTTP answer (reset, close, truncated, shutdown); {@code note} says what it did. */
    synchronized void ended(String note) {
        this.answeredAtMs = System.currentTimeMillis();
        this.note = note;
    }

    synchronized void delivered(String requestId) {
        this.deliveredRequestId = requestId;
    }

    synchronized void abandon() {
        this.abandoned = true;
        this.answeredAtMs = System.currentTimeMillis();
        this.note = "the runtime closed the connection while GET /next was waiting for an event";
    }

    /** The exchange as evidence ({@code runtime->tck}). */
    synchronized Exchange toExchange() {
        StringBuilder n = new StringBuilder("connection #").append(connection);
        if (wire.chunked()) {
            n.append("; chunked, chunks ").append(summarise(wire.chunkSizes()))
                    .append(wire.lastChunk() ? ", ended with the last chunk" : ", NO last chunk");
        }
        if (wire.framingError() != null) n.append("; FRAMING ERROR: ").append(wire.framingError());
        for (String p : wire.problems()) n.append("; ").append(p);
        if (deliveredRequestId != null) n.append("; delivered ").append(deliveredRequestId);
        if (note != null) n.append("; ").append(note);
        return new Exchange("runtime->tck", wire.method(), wire.target(), group(wire.headers()),
                Exchange.preview(wire.body()), wire.bodyBytes(), status, status == null ? null : group(responseHeaders),
                status == null ? null : Exchange.preview(responseBody), status == null ? null : (long) responseBody.length,
                wire.trailers().isEmpty() ? null : group(wire.trailers()), wire.startedAtMs(),
                answeredAtMs > 0 ? answeredAtMs - wire.startedAtMs() : null, n.toString());
    }

    private static String summarise(List<Integer> sizes) {
        if (sizes.size() <= 12) return sizes.toString();
        return sizes.subList(0, 12) + " … (" + sizes.size() + " chunks)";
    }

    private static Map<String, List<String>> group(List<Header> headers) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Header h : headers) m.computeIfAbsent(h.name(), k -> new java.util.ArrayList<>()).add(h.value());
        return m;
    }

    /** Decodes %XX escapes as UTF-8; malformed escapes are kept as they are. */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%' && i + 2 < b.length && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                out.write(hex(b[i + 1]) * 16 + hex(b[i + 2]));
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        return Character.digit((char) c, 16);
    }

    @Override
    public synchronized String toString() {
        return "#" + sequence + " " + wire.method() + " " + WireReader.printable(wire.target())
                + (status != null ? " → " + status : note != null ? " → (" + note + ")" : " → (unanswered)");
    }
}

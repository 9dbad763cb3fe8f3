package dev.lambdatck.tck.runtimeapi.runtime.fake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One invocation the fake platform hands to the runtime as the answer to {@code GET /next}. By default the
 * answer carries what a production platform sends: {@code Content-Type}, {@code Lambda-Runtime-Aws-Request-Id},
 * {@code Lambda-Runtime-Deadline-Ms} (computed at delivery), {@code Lambda-Runtime-Invoked-Function-Arn} and
 * {@code Lambda-Runtime-Trace-Id}. Tests change, add, empty or remove any header, spell names in any case,
 * and can deliver the body slowly in small pieces.
 */
public final class Event {

    public static final String REQUEST_ID = "Lambda-Runtime-Aws-Request-Id";
    public static final String DEADLINE = "Lambda-Runtime-Deadline-Ms";
    public static final String FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn";
    public static final String TRACE_ID = "Lambda-Runtime-Trace-Id";
    public static final String CLIENT_CONTEXT = "Lambda-Runtime-Client-Context";
    public static final String COGNITO_IDENTITY = "Lambda-Runtime-Cognito-Identity";
    public static final String TENANT_ID = "Lambda-Runtime-Aws-Tenant-Id";
    public static final String INVOCATION_ID = "Lambda-Runtime-Invocation-Id";
    /** Headers a runtime must cope without (RTC-CTX-002). */
    public static final List<String> OPTIONAL = List.of(TRACE_ID, CLIENT_CONTEXT, COGNITO_IDENTITY, TENANT_ID, FUNCTION_ARN);

    static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:lambda-tck-runtime";

    private final byte[] payload;
    private final String requestId;
    /** lower-case name → header to send, or null to leave the header out. */
    private final Map<String, Header> overrides = new LinkedHashMap<>();
    private long deadlineOffsetMs = 15_000;
    private int pieceBytes;
    private long pauseMs;

    private Event(byte[] payload, String contentType) {
        this.payload = Objects.requireNonNull(payload).clone();
        this.requestId = UUID.randomUUID().toString();
        header(REQUEST_ID, requestId);
        header(TRACE_ID, newTraceId());
        header(FUNCTION_ARN, ARN);
        if (contentType != null) header("Content-Type", contentType);
    }

    public static Event of(byte[] payload, String contentType) {
        return new Event(payload, contentType);
    }

    public static Event json(String json) {
        return new Event(json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public static Event json(byte[] json) {
        return new Event(json, "application/json");
    }

    /** A fresh X-Ray trace header value ({@code Root=1-…;Parent=…;Sampled=0}). */
    public static String newTraceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%012x%012x;Parent=%016x;Sampled=0", System.currentTimeMillis() / 1000,
                r.nextLong(1L << 48), r.nextLong(1L << 48), r.nextLong() & Long.MAX_VALUE);
    }

    /** Sets a header (replacing any of the same name, whatever its case); an empty value is sent empty. */
    public Event header(String name, String value) {
        overrides.put(name.toLowerCase(Locale.ROOT), new Header(name, value));
        return this;
    }

    /** Leaves the header out of the answer. */
    public Event without(String name) {
        overrides.put(name.toLowerCase(Locale.ROOT), null);
        return this;
    }

    public Event requestId(String id) {
        return header(REQUEST_ID, id);
    }

    public Event traceId(String value) {
        return header(TRACE_ID, value);
    }

    public Event invocationId(String value) {
        return header(INVOCATION_ID, value);
    }

    /** The deadline is delivery time plus this; the default is 15 s. */
    public Event deadlineIn(long ms) {
        this.deadlineOffsetMs = ms;
        return this;
    }

    /** Writes the body in pieces of {@code bytes}, pausing {@code pauseMs} after each (a slow or split delivery). */
    public Event delivered(int bytes, long pauseMs) {
        if (bytes <= 0) throw new IllegalArgumentException("piece size must be positive");
        this.pieceBytes = bytes;
        this.pauseMs = pauseMs;
        return this;
    }

    /** The request id the runtime must answer to (the header's value, or a generated one). */
    public String requestId() {
        Header h = overrides.get(REQUEST_ID.toLowerCase(Locale.ROOT));
        return h == null ? null : h.value();
    }

    public byte[] payload() {
        return payload.clone();
    }

    byte[] payloadUnsafe() {
        return payload;
    }

    int pieceBytes() {
        return pieceBytes;
    }

    long pauseMs() {
        return pauseMs;
    }

    /** The headers of the /next answer at delivery time; the deadline is computed now unless overridden. */
    public List<Header> headersAt(long nowMs) {
        List<Header> out = new ArrayList<>();
        String deadlineKey = DEADLINE.toLowerCase(Locale.ROOT);
        if (!overrides.containsKey(deadlineKey)) out.add(new Header(DEADLINE, Long.toString(nowMs + deadlineOffsetMs)));
        for (Header h : overrides.values()) if (h != null) out.add(h);
        return out;
    }

    @Override
    public String toString() {
        return "event " + requestId() + " (" + payload.length + " bytes)";
    }
}

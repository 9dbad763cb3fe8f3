package dev.lambdatck.tck.runtimeapi.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 request as the TCK puts it on the wire: headers in the given order and spelling, body sent
 * with Content-Length (or chunked when asked), so tests control exactly what the target sees.
 */
public final class WireRequest {

    private final String method;
    private final URI uri;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean chunked;

    private WireRequest(String method, URI uri) {
        this.method = method;
        this.uri = uri;
    }

    public static WireRequest post(URI uri) {
        return new WireRequest("POST", uri);
    }

    public static WireRequest of(String method, URI uri) {
        return new WireRequest(method, uri);
    }

    public WireRequest header(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    public WireRequest headers(Map<String, String> h) {
        h.forEach(this::header);
        return this;
    }

    public WireRequest body(byte[] b) {
        this.body = b == null ? new byte[0] : b;
        return this;
    }

    public WireRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the body with Transfer-Encoding: chunked instead of Content-Length. */
    public WireRequest chunked(boolean c) {
        this.chunked = c;
        return this;
    }

    public String method() { return method; }

    public URI uri() { return uri; }

    public List<Map.Entry<String, String>> headers() { return List.copyOf(headers); }

    public byte[] body() { return body; }

    public boolean chunked() { return chunked; }
}

package dev.lambdatck.tck.runtimeapi.support;

import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.results.Exchange;
import dev.lambdatck.core.target.TargetException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP/1.1 client over a plain socket, one connection per request. The JDK client hides what the
 * TCK must see (response trailers, when each streamed piece arrives, the exact header spelling), so the
 * invoker side talks HTTP itself. Every exchange is recorded in {@link EvidenceLog#current()}.
 * Each request has a deadline: a target that never answers ends the request with a {@link TargetException}.
 */
public final class WireClient {

    /** Bodies larger than this are refused rather than read into memory (a broken target could stream forever). */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final int MAX_HEAD_BYTES = 256 * 1024;

    private WireClient() {
    }

    /** Sends the request and reads the whole response within {@code timeout}. */
    public static WireResponse send(WireRequest req, Duration timeout) {
        return send(req, timeout, null);
    }

    /** As {@link #send(WireRequest, Duration)}, adding {@code note} to the recorded exchange. */
    public static WireResponse send(WireRequest req, Duration timeout, String note) {
        long started = System.currentTimeMillis();
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        URI uri = req.uri();
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        WireResponse r;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), port), (int) Math.max(1, Math.min(timeout.toMillis(), 10_000)));
            s.setTcpNoDelay(true);
            IOException writeFailure = null;
            try {
                write(s.getOutputStream(), req);
            } catch (IOException e) {
                // a server may answer (e.g. 413) and close before it read the whole body: read that answer
                writeFailure = e;
            }
            try {
                r = read(s, new BufferedInputStream(s.getInputStream(), 65536), req.method(), t0, deadline);
            } catch (IOException e) {
                if (writeFailure != null) e.addSuppressed(writeFailure);
                throw e;
            }
        } catch (SocketTimeoutException e) {
            record(req, null, started, t0, "no complete answer within " + timeout.toMillis() + " ms");
            throw new TargetException(req.method() + " " + uri + ": no complete answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            record(req, null, started, t0, "I/O error: " + e.getMessage());
            throw new TargetException(req.method() + " " + uri + ": " + e.getMessage(), e);
        }
        record(req, r, started, t0, note);
        return r;
    }

    private static void write(OutputStream out, WireRequest req) throws IOException {
        out.write(head(req));
        if (req.chunked()) {
            if (req.body().length > 0) {
                out.write((Integer.toHexString(req.body().length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(req.body());
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(req.body());
        }
        out.flush();
    }

    private static byte[] head(WireRequest req) {
        URI u = req.uri();
        String target = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (u.getRawQuery() != null) target += "?" + u.getRawQuery();
        StringBuilder b = new StringBuilder(req.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
        b.append("Host: ").append(u.getHost()).append(u.getPort() > 0 ? ":" + u.getPort() : "").append("\r\n");
        boolean hasLength = false;
        for (Map.Entry<String, String> h : req.headers()) {
            b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            if (h.getKey().equalsIgnoreCase("Content-Length") || h.getKey().equalsIgnoreCase("Transfer-Encoding")) hasLength = true;
        }
        if (!hasLength) {
            if (req.chunked()) b.append("Transfer-Encoding: chunked\r\n");
            else if (req.body().length > 0 || req.method().equals("POST") || req.method().equals("PUT")) {
                b.append("Content-Length: ").append(req.body().length).append("\r\n");
            }
        }
        b.append("Connection: close\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static WireResponse read(Socket s, InputStream in, String method, long t0, long deadline) throws IOException {
        while (true) {
            arm(s, deadline);
            String statusLine = line(in, s, deadline);
            if (statusLine == null) throw new IOException("connection closed before a status line");
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP status line: " + statusLine);
            int status;
            try {
                status = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad status line: " + statusLine);
            }
            Map<String, List<String>> headers = fields(in, s, deadline);
            if (status >= 100 && status < 200) continue; // interim answer, e.g. 100 Continue
            Map<String, List<String>> trailers = WireResponse.newHeaders();
            List<WireResponse.Piece> pieces = new ArrayList<>();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean complete = true;
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
            String te = WireResponse.first(headers, "Transfer-Encoding").orElse("");
            String cl = WireResponse.first(headers, "Content-Length").orElse(null);
            if (noBody) {
                // nothing to read
            } else if (te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                while (true) {
                    arm(s, deadline);
                    String size = line(in, s, deadline);
                    if (size == null) { complete = false; break; }
                    int semi = size.indexOf(';');
                    int n;
                    try {
                        n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                    } catch (NumberFormatException e) {
                        throw new IOException("bad chunk size line: " + size);
                    }
                    if (n == 0) {
                        trailers = fields(in, s, deadline);
                        break;
                    }
                    byte[] chunk = exactly(in, s, deadline, n, body.size());
                    if (chunk.length < n) {
                        complete = false;
                        if (chunk.length > 0) addPiece(pieces, body, chunk, t0);
                        break;
                    }
                    addPiece(pieces, body, chunk, t0);
                    line(in, s, deadline); // CRLF after the chunk
                }
            } else if (cl != null) {
                long n = Long.parseLong(cl.trim());
                if (n > MAX_BODY_BYTES) throw new IOException("response body of " + n + " bytes exceeds the TCK's limit");
                readPieces(in, s, deadline, n, pieces, body, t0);
                complete = body.size() == n;
            } else {
                readPieces(in, s, deadline, MAX_BODY_BYTES, pieces, body, t0);
            }
            long duration = (System.nanoTime() - t0) / 1_000_000;
            return new WireResponse(status, headers, body.toByteArray(), trailers, pieces, duration, complete);
        }
    }

    private static void addPiece(List<WireResponse.Piece> pieces, ByteArrayOutputStream body, byte[] b, long t0) throws IOException {
        if (body.size() + b.length > MAX_BODY_BYTES) throw new IOException("response body exceeds the TCK's limit of " + MAX_BODY_BYTES + " bytes");
        pieces.add(new WireResponse.Piece((System.nanoTime() - t0) / 1_000_000, b));
        body.write(b);
    }

    private static void readPieces(InputStream in, Socket s, long deadline, long max, List<WireResponse.Piece> pieces,
                                   ByteArrayOutputStream body, long t0) throws IOException {
        byte[] buf = new byte[65536];
        long left = max;
        while (left > 0) {
            arm(s, deadline);
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) return;
            byte[] b = new byte[n];
            System.arraycopy(buf, 0, b, 0, n);
            addPiece(pieces, body, b, t0);
            left -= n;
        }
    }

    private static byte[] exactly(InputStream in, Socket s, long deadline, int n, int already) throws IOException {
        if (already + (long) n > MAX_BODY_BYTES) throw new IOException("response body exceeds the TCK's limit of " + MAX_BODY_BYTES + " bytes");
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            arm(s, deadline);
            // return what is there as soon as something arrived, so arrival times stay honest
            int r = in.read(b, off, n - off);
            if (r < 0) break;
            off += r;
        }
        if (off < n) {
            byte[] c = new byte[off];
            System.arraycopy(b, 0, c, 0, off);
            return c;
        }
        return b;
    }

    private static Map<String, List<String>> fields(InputStream in, Socket s, long deadline) throws IOException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String l = line(in, s, deadline);
            if (l == null || l.isEmpty()) return m;
            total += l.length();
            if (total > MAX_HEAD_BYTES) throw new IOException("response header section too large");
            int c = l.indexOf(':');
            if (c <= 0) continue;
            WireResponse.add(m, l.substring(0, c).trim(), l.substring(c + 1).trim());
        }
    }

    /** One CRLF (or LF) terminated line, decoded as UTF-8; null at end of stream. */
    private static String line(InputStream in, Socket s, long deadline) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            arm(s, deadline);
            int c = in.read();
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            if (c == '\n') {
                String l = b.toString(StandardCharsets.UTF_8);
                return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
            }
            b.write(c);
            if (b.size() > MAX_HEAD_BYTES) throw new IOException("line too long in response");
        }
    }

    private static void arm(Socket s, long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) throw new SocketTimeoutException("deadline passed");
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    private static void record(WireRequest req, WireResponse r, long started, long t0, String note) {
        Map<String, List<String>> reqHeaders = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : req.headers()) WireResponse.add(reqHeaders, h.getKey(), h.getValue());
        long duration = (System.nanoTime() - t0) / 1_000_000;
        EvidenceLog.current().record(new Exchange("tck->target", req.method(), req.uri().toString(), reqHeaders,
                Exchange.preview(req.body()), (long) req.body().length,
                r == null ? null : r.status(), r == null ? null : r.headers(),
                r == null ? null : Exchange.preview(r.body()), r == null ? null : (long) r.body().length,
                r == null || r.trailers().isEmpty() ? null : r.trailers(), started, duration,
                r != null && !r.complete() ? join(note, "response body ended early") : note));
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }
}

package dev.lambdatck.tck.runtimeapi.runtime.fake;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Reads HTTP/1.1 requests byte by byte from one connection and keeps what a strict observer needs: the
 * header names as sent, every chunk size, the trailers, and any framing error (a lenient HTTP library
 * would repair or hide exactly the faults the runtime suite looks for). Bodies are kept up to
 * {@link #MAX_KEPT_BODY} bytes and counted beyond, so a flooding runtime cannot exhaust memory.
 */
final class WireReader {

    /** Large enough for a result one byte over the 6,291,556-byte limit, with room to spare. */
    static final int MAX_KEPT_BODY = 8 * 1024 * 1024;
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 256;

    /** How often an idle wait looks whether the server is closing. */
    private static final int IDLE_SLICE_MS = 100;

    /** Sends {@code 100 Continue} to a client that asked for it before sending its body. */
    interface ContinueSender {
        void send() throws IOException;
    }

    private final Socket socket;
    private final InputStream in;
    private final BooleanSupplier closed;
    private final ContinueSender continueSender;

    /**
     * @param in     a buffered stream of the socket (supports mark/reset)
     * @param closed true once the server is shutting down (ends an idle wait)
     */
    WireReader(Socket socket, InputStream in, BooleanSupplier closed, ContinueSender continueSender) {
        this.socket = socket;
        this.in = in;
        this.closed = closed;
        this.continueSender = continueSender;
    }

    /** What the peer did while the server held its request unanswered. */
    enum Peer { WAITING, CLOSED, SENT_MORE }

    /** Looks, for at most {@code ms}, whether the peer closed the connection or sent more bytes (kept for the next read). */
    Peer peek(int ms) throws IOException {
        socket.setSoTimeout(Math.max(1, ms));
        in.mark(1);
        try {
            int b = in.read();
            if (b < 0) return Peer.CLOSED;
            in.reset();
            return Peer.SENT_MORE;
        } catch (SocketTimeoutException e) {
            return Peer.WAITING;
        } catch (SocketException e) {
            return Peer.CLOSED;
        }
    }

    /** Thrown for a request that cannot be read to its end; carries what was read so far. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    /**
     * Waits (without limit, until the server closes) for the next request and reads it completely; a
     * request that stalls for longer than {@code stallMs} once started is a framing error.
     *
     * @return null when the peer closed the connection between requests
     */
    WireRequest read(long stallMs) throws IOException {
        int first = firstByte();
        if (first < 0) return null;
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, stallMs)));
        long started = System.currentTimeMillis();
        Builder b = new Builder(started);
        try {
            readHead(b, first, stallMs);
            readBody(b, stallMs);
        } catch (Malformed | EOFException | SocketTimeoutException e) {
            b.framingError = e instanceof EOFException ? "the connection ended in the middle of the request"
                    : e instanceof SocketTimeoutException ? "the request stalled for more than " + stallMs + " ms before its end"
                    : e.getMessage();
        }
        return b.build(System.currentTimeMillis());
    }

    private int firstByte() throws IOException {
        socket.setSoTimeout(IDLE_SLICE_MS);
        while (true) {
            try {
                return in.read();
            } catch (SocketTimeoutException idle) {
                if (closed.getAsBoolean()) return -1;
            }
        }
    }

    private void readHead(Builder b, int first, long stallMs) throws IOException {
        String requestLine = line(b, first, stallMs);
        // tolerate empty lines before the request line (RFC 9112 §2.2), but note them
        while (requestLine.isEmpty()) {
            b.problems.add("empty line before the request line");
            requestLine = line(b, -2, stallMs);
        }
        if (requestLine.startsWith("PRI * HTTP/2")) throw new Malformed("HTTP/2 connection preface instead of an HTTP/1.1 request");
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/")) {
            throw new Malformed("not an HTTP/1.1 request line: " + printable(requestLine));
        }
        b.method = parts[0];
        b.target = parts[1];
        b.version = parts[2];
        while (true) {
            String h = line(b, -2, stallMs);
            if (h.isEmpty()) break;
            if (h.charAt(0) == ' ' || h.charAt(0) == '\t') {
                b.problems.add("obsolete line folding in the header section: " + printable(h));
                if (b.headers.isEmpty()) throw new Malformed("folded line before any header");
                Header last = b.headers.remove(b.headers.size() - 1);
                b.headers.add(new Header(last.name(), last.value() + " " + h.strip()));
                continue;
            }
            int colon = h.indexOf(':');
            if (colon <= 0) throw new Malformed("header line without a name and colon: " + printable(h));
            String name = h.substring(0, colon);
            if (!name.equals(name.strip())) throw new Malformed("white space in a header name: " + printable(h));
            if (b.headers.size() >= MAX_HEADERS) throw new Malformed("more than " + MAX_HEADERS + " header fields");
            b.headers.add(new Header(name, h.substring(colon + 1).strip()));
        }
    }

    private void readBody(Builder b, long stallMs) throws IOException {
        if (values(b.headers, "Expect").stream().anyMatch(v -> v.equalsIgnoreCase("100-continue"))) continueSender.send();
        List<String> te = values(b.headers, "Transfer-Encoding");
        List<String> cl = values(b.headers, "Content-Length");
        if (!te.isEmpty()) {
            String last = te.get(te.size() - 1).toLowerCase(Locale.ROOT);
            if (!last.endsWith("chunked")) throw new Malformed("Transfer-Encoding '" + String.join(", ", te) + "' does not end with chunked");
            if (!cl.isEmpty()) b.problems.add("both Transfer-Encoding and Content-Length were sent");
            b.chunked = true;
            readChunked(b, stallMs);
            return;
        }
        if (cl.isEmpty()) return; // a request without either has no body (RFC 9112 §6.3)
        long length = -1;
        for (String v : cl) {
            long n;
            try {
                if (!v.matches("[0-9]{1,18}")) throw new NumberFormatException();
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new Malformed("Content-Length is not a number: " + printable(v));
            }
            if (length >= 0 && n != length) throw new Malformed("conflicting Content-Length values " + cl);
            length = n;
        }
        copy(b, length);
    }

    private void readChunked(Builder b, long stallMs) throws IOException {
        while (true) {
            String sizeLine = line(b, -2, stallMs);
            int semi = sizeLine.indexOf(';');
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,15}")) throw new Malformed("bad chunk size line: " + printable(sizeLine));
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                b.lastChunk = true;
                while (true) {
                    String t = line(b, -2, stallMs);
                    if (t.isEmpty()) return;
                    int colon = t.indexOf(':');
                    if (colon <= 0) throw new Malformed("trailer line without a name and colon: " + printable(t));
                    b.trailers.add(new Header(t.substring(0, colon), t.substring(colon + 1).strip()));
                }
            }
            copy(b, size);
            b.chunkSizes.add((int) Math.min(Integer.MAX_VALUE, size));
            b.chunkTimes.add(System.currentTimeMillis());
            int cr = in.read();
            int lf = cr == '\r' ? in.read() : cr;
            if (cr < 0 || lf < 0) throw new EOFException();
            if (lf != '\n') throw new Malformed("chunk data of " + size + " bytes is not followed by CRLF (chunk size wrong?)");
            if (cr == '\n') b.problems.add("bare LF after chunk data");
        }
    }

    private void copy(Builder b, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) throw new EOFException();
            int keep = (int) Math.max(0, Math.min(r, MAX_KEPT_BODY - b.body.size()));
            if (keep > 0) b.body.write(buf, 0, keep);
            b.bodyBytes += r;
            left -= r;
        }
    }

    /** One line without its end; {@code first} is an already read byte, or -2 for none. */
    private String line(Builder b, int first, long stallMs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        int c = first == -2 ? in.read() : first;
        while (true) {
            if (c < 0) throw new EOFException();
            if (c == '\n') {
                b.problems.add("line ended with a bare LF");
                break;
            }
            if (c == '\r') {
                int n = in.read();
                if (n < 0) throw new EOFException();
                if (n != '\n') throw new Malformed("CR not followed by LF in the header section");
                break;
            }
            if (out.size() >= MAX_LINE) throw new Malformed("header line longer than " + MAX_LINE + " bytes");
            out.write(c);
            c = in.read();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> values(List<Header> headers, String name) {
        List<String> out = new ArrayList<>();
        for (Header h : headers) if (h.is(name)) out.add(h.value());
        return out;
    }

    static String printable(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "…" : s;
        StringBuilder o = new StringBuilder();
        for (char ch : t.toCharArray()) o.append(ch < 0x20 || ch == 0x7f ? String.format("\\x%02x", (int) ch) : String.valueOf(ch));
        return o.toString();
    }

    private static final class Builder {
        final long started;
        String method = "";
        String target = "";
        String version = "";
        final List<Header> headers = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        long bodyBytes;
        boolean chunked;
        boolean lastChunk;
        final List<Integer> chunkSizes = new ArrayList<>();
        final List<Long> chunkTimes = new ArrayList<>();
        final List<Header> trailers = new ArrayList<>();
        String framingError;
        final List<String> problems = new ArrayList<>();

        Builder(long started) {
            this.started = started;
        }

        WireRequest build(long completed) {
            return new WireRequest(method, target, version, headers, body.toByteArray(), bodyBytes, chunked, chunkSizes,
                    chunkTimes, lastChunk, trailers, started, completed, framingError, problems);
        }
    }
}

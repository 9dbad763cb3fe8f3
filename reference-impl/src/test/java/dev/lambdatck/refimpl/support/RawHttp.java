package dev.lambdatck.refimpl.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Byte-level HTTP/1.1 for what java.net.http cannot send: trailers, broken framing, huge headers. */
public final class RawHttp {

    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line + headers, without the blank line) then {@code body}; reads to EOF. */
    public static Response exchange(String hostPort, String head, byte[] body) {
        return exchange(hostPort, head, body, 20_000);
    }

    /** @throws IllegalStateException also when no answer came within {@code timeoutMillis} */
    public static Response exchange(String hostPort, String head, byte[] body, int timeoutMillis) {
        String[] hp = hostPort.split(":");
        try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\nHost: " + hostPort + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(body);
            out.flush();
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("raw exchange with " + hostPort + " failed: " + e, e);
        }
    }

    public static Response exchange(String hostPort, String head) {
        return exchange(hostPort, head, null);
    }

    /** Chunked body from {@code chunks} plus {@code trailers} ("Name: value" lines). */
    public static byte[] chunked(String trailers, byte[]... chunks) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            b.writeBytes((Integer.toHexString(c.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(c);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        b.writeBytes("0\r\n".getBytes(StandardCharsets.US_ASCII));
        if (trailers != null && !trailers.isEmpty()) b.writeBytes((trailers + "\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    public static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int split = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (split < 0) throw new IOException("no complete response head: " + new String(all, StandardCharsets.ISO_8859_1));
        String[] lines = new String(all, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, split + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) rest = dechunk(rest, headers);
        return new Response(status, headers, rest);
    }

    private static byte[] dechunk(byte[] b, Map<String, String> trailersOut) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = 0;
        while (true) {
            int eol = indexOf(b, p, "\r\n".getBytes(StandardCharsets.US_ASCII));
            int size = Integer.parseInt(new String(b, p, eol - p, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            p = eol + 2;
            if (size == 0) break;
            out.write(b, p, size);
            p += size + 2;
        }
        while (p < b.length) {
            int eol = indexOf(b, p, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (eol < 0 || eol == p) break;
            String line = new String(b, p, eol - p, StandardCharsets.ISO_8859_1);
            int c = line.indexOf(':');
            trailersOut.put("trailer:" + line.substring(0, c).trim().toLowerCase(Locale.ROOT), line.substring(c + 1).trim());
            p = eol + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] a, byte[] n) {
        return indexOf(a, 0, n);
    }

    private static int indexOf(byte[] a, int from, byte[] n) {
        outer:
        for (int i = from; i <= a.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) if (a[i + j] != n[j]) continue outer;
            return i;
        }
        return -1;
    }
}

package dev.lambdatck.tck.runtimeapi.runtime.fake;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Writes the fake platform's answers byte by byte, including the hostile ones. */
final class ResponseWriter {

    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(100, "Continue"), Map.entry(200, "OK"),
            Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "No Content"),
            Map.entry(400, "Bad Request"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(410, "Gone"), Map.entry(413, "Request Entity Too Large"),
            Map.entry(500, "Internal Server Error"));

    private ResponseWriter() {
    }

    static String reason(int status) {
        return REASONS.getOrDefault(status, "Status");
    }

    /** A complete answer framed by Content-Length (none for 204); the body in pieces with pauses when asked. */
    static void write(OutputStream out, int status, List<Header> headers, byte[] body, int pieceBytes, long pauseMs)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (Header h : headers) head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        if (status != 204) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (status == 204) {
            out.flush();
            return;
        }
        if (pieceBytes <= 0) {
            out.write(body);
            out.flush();
            return;
        }
        for (int off = 0; off < body.length; off += pieceBytes) {
            out.write(body, off, Math.min(pieceBytes, body.length - off));
            out.flush();
            if (pauseMs > 0 && off + pieceBytes < body.length) pause(pauseMs);
        }
        out.flush();
    }

    static void writeContinue(OutputStream out) throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Applies a hostile answer. @return a note for the evidence; the caller closes the connection unless it is a Status. */
    static String hostile(Socket socket, OutputStream out, Answer answer) throws IOException {
        if (answer instanceof Answer.Reset) {
            socket.setSoLinger(true, 0);
            socket.close();
            return "connection reset by the TCK (injected)";
        }
        if (answer instanceof Answer.Close) {
            socket.close();
            return "connection closed without an answer (injected)";
        }
        if (answer instanceof Answer.Truncated t) {
            String head = "HTTP/1.1 " + t.status() + " " + reason(t.status()) + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + t.body().length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.write(t.body(), 0, Math.min(t.sent(), t.body().length));
            out.flush();
            socket.close();
            return "answer truncated after " + t.sent() + " of " + t.body().length + " body bytes (injected)";
        }
        if (answer instanceof Answer.MalformedChunks m) {
            String text = "HTTP/1.1 " + m.status() + " " + reason(m.status()) + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2\r\n{}\r\nzz\r\n";
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.close();
            return "answer with a malformed chunk size line (injected)";
        }
        throw new IllegalArgumentException("not a hostile answer: " + answer);
    }

    private static void pause(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while delivering slowly", e);
        }
    }
}

package dev.lambdatck.tck.runtimeapi.runtime.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A byte-level HTTP/1.1 client for the fake's tests: writes exactly what it is given, reads until close or a full answer. */
final class RawClient implements AutoCloseable {

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(FakeRuntimeApi api) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 2000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawClient send(String raw) throws IOException {
        return send(raw.getBytes(StandardCharsets.UTF_8));
    }

    RawClient send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /** One answer framed by Content-Length (or none for 204), as text. */
    String answer() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) throw new IOException("connection ended after: " + head.toString(StandardCharsets.UTF_8));
            head.write(c);
            matched = (c == '\r' || c == '\n') && "\r\n\r\n".charAt(matched) == c ? matched + 1 : c == '\r' ? 1 : 0;
        }
        String h = head.toString(StandardCharsets.UTF_8);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        byte[] body = in.readNBytes(length);
        return h + new String(body, StandardCharsets.UTF_8);
    }

    /** Everything until the server closes the connection (or the read times out). */
    byte[] rest() throws IOException {
        return in.readAllBytes();
    }

    static String next() {
        return "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\nUser-Agent: raw/1\r\n\r\n";
    }

    static String post(String path, String body) {
        return "POST /2018-06-01/runtime" + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

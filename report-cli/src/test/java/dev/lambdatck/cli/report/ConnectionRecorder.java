package dev.lambdatck.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in HTTP proxy on a free loopback port: it records the first line of every connection made to
 * it and refuses the request. Handing it to the browser as its proxy shows whether a page fetches anything.
 */
final class ConnectionRecorder implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> requests = new ArrayList<>();
    private final Thread acceptor;

    ConnectionRecorder() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "proxy-recorder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(2000);
                String line;
                try {
                    line = firstLine(s.getInputStream());
                } catch (IOException e) {
                    line = "(connection without a request line: " + e.getMessage() + ")";
                }
                synchronized (this) {
                    requests.add(line);
                }
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                synchronized (this) {
                    requests.add("(broken connection: " + e.getMessage() + ")");
                }
            }
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n' && b.length() < 2000; ) if (c != '\r') b.append((char) c);
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

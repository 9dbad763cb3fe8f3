package dev.lambdatck.tck.runtimeapi.runtime.fake;

import dev.lambdatck.core.target.TargetException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener on 127.0.0.1 posing as the HTTP proxy named in {@code http_proxy}: it counts the connections
 * it receives and keeps the first line of each, then closes them. A runtime that talks to the Runtime
 * API through the proxy shows up here (RTC-HTTP-002).
 */
public final class ProxyTrap implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> firstLines = new ArrayList<>();
    private final Thread acceptor;

    private ProxyTrap(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "proxy-trap-" + server.getLocalPort());
        acceptor.setDaemon(true);
    }

    public static ProxyTrap start() {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ProxyTrap t = new ProxyTrap(s);
            t.acceptor.start();
            return t;
        } catch (IOException e) {
            throw new TargetException("the proxy trap could not bind a loopback port: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The first request line of every connection received (empty text when the client sent none). */
    public synchronized List<String> connections() {
        return List.copyOf(firstLines);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(500);
                StringBuilder line = new StringBuilder();
                try {
                    InputStream in = s.getInputStream();
                    int c;
                    while ((c = in.read()) >= 0 && c != '\n' && line.length() < 300) line.append((char) c);
                } catch (IOException ignored) {
                    // a silent client: the connection itself is the evidence
                }
                synchronized (this) {
                    firstLines.add(new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).strip());
                }
            } catch (IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

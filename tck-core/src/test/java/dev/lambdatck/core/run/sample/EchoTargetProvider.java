package dev.lambdatck.core.run.sample;

import com.sun.net.httpserver.HttpServer;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.PlatformTargetProvider;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test-only platform adapter {@code test-echo}: a loopback HTTP server whose invoke endpoint echoes the
 * payload as JSON. Option {@code faults} (comma list) makes it misbehave, so the sample suite's verdicts
 * come from real exchanges: {@code no-start}, {@code wrong-content-type}, {@code flaky-once} (the first
 * invocation in this JVM answers a wrong body as text/plain), {@code hang} (never answers).
 */
public final class EchoTargetProvider implements PlatformTargetProvider {

    public static final String ADAPTER = "test-echo";

    /** Shared across targets: a retry runs against a new target, and must see the fault gone. */
    static final AtomicBoolean FLAKY_FIRED = new AtomicBoolean();

    @Override
    public String adapter() {
        return ADAPTER;
    }

    @Override
    public Set<String> defaultCapabilities() {
        return Set.of("core");
    }

    @Override
    public PlatformTarget create(TargetDescriptor descriptor) {
        return new EchoTarget(descriptor);
    }

    private static final class EchoTarget implements PlatformTarget {
        private final TargetDescriptor descriptor;
        private final List<String> faults;
        private HttpServer server;
        private ExecutorService executor;

        EchoTarget(TargetDescriptor descriptor) {
            this.descriptor = descriptor;
            this.faults = List.of(descriptor.option("faults", "").split(","));
        }

        @Override
        public TargetDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public void start() {
            if (faults.contains("no-start")) throw new TargetException("test-echo refused to start (fault no-start)");
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new TargetException("test-echo cannot listen: " + e.getMessage(), e);
            }
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "test-echo");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                    byte[] body = in.readAllBytes();
                    if (faults.contains("hang")) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return;
                    }
                    boolean garble = faults.contains("flaky-once") && FLAKY_FIRED.compareAndSet(false, true);
                    if (garble) body = "garbled".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type",
                            garble || faults.contains("wrong-content-type") ? "text/plain" : "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
            });
            server.start();
        }

        @Override
        public DeployedFunction deploy(FunctionSpec spec) {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/2015-03-31/functions/"
                    + spec.name() + "/invocations");
            return new DeployedFunction() {
                @Override public String name() { return spec.name(); }
                @Override public URI invokeUrl() { return url; }
                @Override public String logs() { return "test-echo log of " + spec.name(); }
                @Override public void close() { }
            };
        }

        @Override
        public void close() {
            if (server != null) server.stop(0);
            if (executor != null) {
                executor.shutdownNow();
                try {
                    executor.awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

package dev.lambdatck.refimpl.support;

import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.platform.PlatformConfig;
import dev.lambdatck.refimpl.platform.ReferencePlatform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A reference platform with the test launcher, plus helpers to deploy bash bootstraps and invoke them. */
public final class Harness implements AutoCloseable {

    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger N = new AtomicInteger();

    public final ReferencePlatform platform;
    private final Path dir;

    private Harness(Path dir, ReferencePlatform platform) {
        this.dir = dir;
        this.platform = platform;
    }

    public static Harness start(Path dir, String... faults) {
        return start(dir, Duration.ofSeconds(10), faults);
    }

    public static Harness start(Path dir, Duration initTimeout, String... faults) {
        PlatformConfig cfg = PlatformConfig.defaults().withFaults(List.of(faults)).withInitTimeout(initTimeout);
        return new Harness(dir, ReferencePlatform.start(cfg, new ScriptLauncher()));
    }

    /** The multi-purpose bash runtime in src/test/resources/bootstraps/multi.sh. */
    public static String multiRuntime() {
        try (var in = Harness.class.getResourceAsStream("/bootstraps/multi.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path codeDir(String bootstrap) {
        try {
            Path code = Files.createDirectories(dir.resolve("fn" + N.incrementAndGet()));
            if (bootstrap != null) {
                Path b = code.resolve("bootstrap");
                Files.writeString(b, bootstrap);
                Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return code;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public DeployedFunctionHandle deploy(String bootstrap) {
        return deploy(bootstrap, Duration.ofSeconds(3), 1, Map.of());
    }

    public DeployedFunctionHandle deploy(String bootstrap, Duration timeout, int concurrency, Map<String, String> env) {
        Path code = codeDir(bootstrap);
        return platform.deploy(new FunctionConfig("f" + N.incrementAndGet(), null, code, "function.handler", env, timeout,
                128, List.of(), concurrency, null, null));
    }

    /**
     * Deploys the multi-purpose runtime with external extensions: {@code extensions} maps file names to script
     * texts, written to the code directory's {@code extensions/} (the test launcher's /opt), mode 0755; a null
     * script writes a file that cannot be executed (mode 0644).
     */
    public DeployedFunctionHandle deployWithExtensions(Duration timeout, Map<String, String> env, Map<String, String> extensions) {
        return deployWithExtensions(timeout, env, extensions, 0);
    }

    /** {@code maxConcurrency} &gt; 1: a managed-instances function. */
    public DeployedFunctionHandle deployWithExtensions(Duration timeout, Map<String, String> env, Map<String, String> extensions,
                                                      int maxConcurrency) {
        Path code = codeDir(multiRuntime());
        try {
            Path dir = Files.createDirectories(code.resolve("extensions"));
            for (var e : extensions.entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.writeString(f, e.getValue() == null ? "#!/bin/sh\necho never\n" : e.getValue());
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(e.getValue() == null ? "rw-r--r--" : "rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return platform.deploy(new FunctionConfig("f" + N.incrementAndGet(), null, code, "function.handler", env, timeout,
                128, List.of(), 1, null, null, maxConcurrency));
    }

    /** A bootstrap that only records its Runtime API address and its pid, so the test can act as the runtime. */
    public Puppet puppet(Duration timeout) {
        Path file = dir.resolve("api" + N.incrementAndGet());
        String script = "#!/bin/bash\necho \"$AWS_LAMBDA_RUNTIME_API $$\" > " + file + ".tmp && mv " + file + ".tmp " + file
                + "\nexec sleep 600\n";
        return new Puppet(deploy(script, timeout, 1, Map.of()), file);
    }

    public static HttpResponse<byte[]> invoke(URI url, byte[] body, String... headers) {
        try {
            return invokeAsync(url, body, headers).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("invoke failed: " + e, e);
        }
    }

    public static HttpResponse<byte[]> invoke(DeployedFunctionHandle f, String body, String... headers) {
        return invoke(f.invokeUrl(), body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public static CompletableFuture<HttpResponse<byte[]>> invokeAsync(URI url, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Waits (bounded) for a condition. */
    public static void await(String what, Duration max, java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        platform.close();
    }

    /** A function whose bootstrap lets the test speak the Runtime API itself. */
    public record Puppet(DeployedFunctionHandle function, Path file) {
        /** Waits for the bootstrap to start (it starts on the first invocation) and returns its address. */
        public String api() {
            await("bootstrap start", Duration.ofSeconds(10), () -> Files.exists(file));
            try {
                return Files.readString(file).trim().split(" ")[0];
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public long pid() {
            api();
            try {
                return Long.parseLong(Files.readString(file).trim().split(" ")[1]);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public void forget() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

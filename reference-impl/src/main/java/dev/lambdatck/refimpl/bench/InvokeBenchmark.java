package dev.lambdatck.refimpl.bench;

import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.platform.PlatformConfig;
import dev.lambdatck.refimpl.platform.ReferencePlatform;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Warm invoke round trip through the Invoke API, with one and with two execution environments, using a tiny
 * C echo bootstrap compiled with {@code cc} at start. Usage: {@code InvokeBenchmark [invocations] [warmup]}.
 */
public final class InvokeBenchmark {

    private InvokeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = Files.createTempDirectory("lambda-tck-bench");
        try {
            Path code = compileBootstrap(dir);
            for (int envs : new int[]{1, 2}) run(code, envs, n, warmup);
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Path compileBootstrap(Path dir) throws IOException, InterruptedException {
        Path code = Files.createDirectories(dir.resolve("code"));
        Path src = dir.resolve("echo_bootstrap.c");
        try (InputStream in = InvokeBenchmark.class.getResourceAsStream("echo_bootstrap.c")) {
            Files.write(src, in.readAllBytes());
        }
        Process cc = new ProcessBuilder("cc", "-O2", "-Wall", "-o", code.resolve("bootstrap").toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cc.waitFor() != 0) throw new IllegalStateException("cc failed:\n" + out);
        return code;
    }

    static void run(Path code, int envs, int n, int warmup) throws Exception {
        try (ReferencePlatform p = ReferencePlatform.start(PlatformConfig.defaults())) {
            DeployedFunctionHandle f = p.deploy(new FunctionConfig("bench", null, code, null, Map.of(), Duration.ofSeconds(30),
                    128, List.of(), envs, null, null));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            byte[] payload = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
            ExecutorService clients = Executors.newFixedThreadPool(envs);
            try {
                measure(clients, http, f.invokeUrl(), payload, envs, warmup);
                long t0 = System.nanoTime();
                long[] lat = measure(clients, http, f.invokeUrl(), payload, envs, n);
                double secs = (System.nanoTime() - t0) / 1e9;
                Arrays.sort(lat);
                System.out.printf(Locale.ROOT, "environments=%d clients=%d invocations=%d  p50=%.1f us  p99=%.1f us  throughput=%.0f inv/s  (isolation %s)%n",
                        envs, envs, lat.length, lat[lat.length / 2] / 1e3, lat[(int) (lat.length * 0.99)] / 1e3, lat.length / secs,
                        p.isolationMode());
            } finally {
                clients.shutdownNow();
            }
        }
    }

    private static long[] measure(ExecutorService clients, HttpClient http, URI url, byte[] payload, int threads, int total)
            throws Exception {
        List<Future<long[]>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int count = total / threads;
            parts.add(clients.submit(() -> {
                long[] l = new long[count];
                HttpRequest req = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
                for (int i = 0; i < count; i++) {
                    long s = System.nanoTime();
                    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    l[i] = System.nanoTime() - s;
                    if (r.statusCode() != 200 || r.headers().firstValue("X-Amz-Function-Error").isPresent()) {
                        throw new IllegalStateException("invoke failed: " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
                    }
                }
                return l;
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> f : parts) {
            long[] l = f.get();
            long[] merged = Arrays.copyOf(all, all.length + l.length);
            System.arraycopy(l, 0, merged, all.length, l.length);
            all = merged;
        }
        return all;
    }
}

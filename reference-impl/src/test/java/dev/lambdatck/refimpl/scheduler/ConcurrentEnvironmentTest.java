package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.support.Harness;
import dev.lambdatck.refimpl.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.lambdatck.refimpl.support.Harness.invoke;
import static dev.lambdatck.refimpl.support.Harness.invokeAsync;
import static dev.lambdatck.refimpl.support.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Managed-instances environments (maxConcurrency &gt; 1): what the fault checks do not cover. */
class ConcurrentEnvironmentTest {

    static final String NEXT = "GET /2018-06-01/runtime/invocation/next HTTP/1.1";

    @TempDir
    Path tmp;

    /** A bootstrap running two copies of the multi-purpose test runtime (two workers). */
    static DeployedFunctionHandle twoWorkers(Harness h) throws Exception {
        Path code = h.codeDir("#!/bin/bash\n./worker &\n./worker &\nwait\n");
        Path worker = code.resolve("worker");
        Files.writeString(worker, Harness.multiRuntime());
        Files.setPosixFilePermissions(worker, PosixFilePermissions.fromString("rwxr-xr-x"));
        return h.platform.deploy(new FunctionConfig("two-workers", null, code, "function.handler", Map.of(), Duration.ofSeconds(5),
                128, List.of(), 1, null, null, 2));
    }

    Harness.Puppet puppet(Harness h, int n) {
        Path file = tmp.resolve("api-" + System.nanoTime());
        String script = "#!/bin/bash\necho \"$AWS_LAMBDA_RUNTIME_API $$\" > " + file + ".tmp && mv " + file + ".tmp " + file
                + "\nexec sleep 600\n";
        return new Harness.Puppet(h.platform.deploy(new FunctionConfig("puppet" + System.nanoTime(), null, h.codeDir(script),
                "function.handler", Map.of(), Duration.ofSeconds(5), 128, List.of(), 1, null, null, n)), file);
    }

    @Test
    void runsInvocationsAtOnceAndUndeployKillsEveryWorker() throws Exception {
        try (Harness h = Harness.start(tmp)) {
            DeployedFunctionHandle f = twoWorkers(h);
            invoke(f, "warm");
            long t0 = System.nanoTime();
            var a = invokeAsync(f.invokeUrl(), "sleep:1.5".getBytes(StandardCharsets.UTF_8));
            var b = invokeAsync(f.invokeUrl(), "sleep:1.5".getBytes(StandardCharsets.UTF_8));
            assertThat(text(a.get(10, TimeUnit.SECONDS))).isEqualTo("slept");
            assertThat(text(b.get(10, TimeUnit.SECONDS))).isEqualTo("slept");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("two 1.5 s invocations on two workers")
                    .isLessThan(Duration.ofMillis(2900));
            Set<Long> pids = new HashSet<>();
            for (int i = 0; i < 6; i++) pids.add(Long.parseLong(text(invoke(f, "pid"))));
            f.close();
            Harness.await("every worker ended with its function", Duration.ofSeconds(5),
                    () -> pids.stream().allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)));
        }
    }

    @Test
    void refusesMoreIdleNextThanTheConcurrencyWith500() throws Exception {
        try (Harness h = Harness.start(tmp)) {
            Harness.Puppet p = puppet(h, 2);
            var first = invokeAsync(p.function().invokeUrl(), "one".getBytes(StandardCharsets.UTF_8));
            String api = p.api();
            String id = RawHttp.exchange(api, NEXT, null, 3000).header("lambda-runtime-aws-request-id");
            // three more /next at once: two are parked (the limit), the third is refused whichever it is
            List<CompletableFuture<Integer>> idle = new java.util.ArrayList<>();
            java.util.concurrent.ExecutorService three = java.util.concurrent.Executors.newFixedThreadPool(3);
            for (int i = 0; i < 3; i++) {
                idle.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return RawHttp.exchange(api, NEXT, null, 1500).status();
                    } catch (IllegalStateException noAnswer) {
                        return 0;
                    }
                }, three));
            }
            three.shutdown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var f : idle) statuses.add(f.get(10, TimeUnit.SECONDS));
            assertThat(statuses).as("answers to three more /next (0: none within 1.5 s)").containsExactlyInAnyOrder(500, 0, 0);
            byte[] body = "done".getBytes(StandardCharsets.UTF_8);
            RawHttp.exchange(api, "POST /2018-06-01/runtime/invocation/" + id + "/response HTTP/1.1\r\nContent-Length: 4", body, 3000);
            assertThat(text(first.get(10, TimeUnit.SECONDS))).isEqualTo("done");
        }
    }

    @Test
    void aRuntimeExitFailsEveryInvocationInFlight() throws Exception {
        try (Harness h = Harness.start(tmp)) {
            Harness.Puppet p = puppet(h, 2);
            var one = invokeAsync(p.function().invokeUrl(), "one".getBytes(StandardCharsets.UTF_8));
            String api = p.api();
            RawHttp.exchange(api, NEXT, null, 3000);
            var two = invokeAsync(p.function().invokeUrl(), "two".getBytes(StandardCharsets.UTF_8));
            RawHttp.exchange(api, NEXT, null, 3000);
            ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            for (var inv : List.of(one, two)) {
                HttpResponse<byte[]> r = inv.get(10, TimeUnit.SECONDS);
                assertThat(text(r)).contains("Runtime.ExitError");
                assertThat(r.headers().firstValue("X-Amz-Function-Error")).isPresent();
            }
        }
    }
}

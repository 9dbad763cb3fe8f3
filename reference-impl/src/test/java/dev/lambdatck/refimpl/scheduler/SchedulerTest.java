package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.support.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

class SchedulerTest {

    @TempDir
    Path tmp;

    @Test
    void queuedInvocationsAreNeitherLostNorSwappedAndEnvironmentsAreReused() throws Exception {
        try (Harness h = Harness.start(tmp)) {
            DeployedFunctionHandle f = h.deploy(Harness.multiRuntime(), Duration.ofSeconds(5), 1, Map.of());
            String pid = text(invoke(f, "pid"));
            List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
            for (int i = 0; i < 25; i++) all.add(invokeAsync(f.invokeUrl(), ("payload-" + i).getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < 25; i++) {
                assertThat(text(all.get(i).get(30, TimeUnit.SECONDS))).isEqualTo("payload-" + i);
            }
            assertThat(text(invoke(f, "pid"))).isEqualTo(pid);
        }
    }

    @Test
    void concurrencyTwoRunsTwoEnvironmentsInParallel() throws Exception {
        try (Harness h = Harness.start(tmp)) {
            DeployedFunctionHandle f = h.deploy(Harness.multiRuntime(), Duration.ofSeconds(5), 2, Map.of());
            long t0 = System.nanoTime();
            var a = invokeAsync(f.invokeUrl(), "sleep:1".getBytes());
            var b = invokeAsync(f.invokeUrl(), "sleep:1".getBytes());
            assertThat(text(a.get(10, TimeUnit.SECONDS))).isEqualTo("slept");
            assertThat(text(b.get(10, TimeUnit.SECONDS))).isEqualTo("slept");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1900));
            Set<String> pids = new HashSet<>();
            var c = invokeAsync(f.invokeUrl(), "pid".getBytes());
            var d = invokeAsync(f.invokeUrl(), "sleep:1".getBytes());
            pids.add(text(c.get(10, TimeUnit.SECONDS)));
            d.get(10, TimeUnit.SECONDS);
            assertThat(pids).hasSize(1);
        }
    }

    @Test
    void initTimeoutReRunsInitUnderTheFunctionTimeout() throws Exception {
        try (Harness h = Harness.start(tmp, Duration.ofMillis(300))) {
            // init takes 1 s: over the 300 ms init limit, so init is re-run inside the 3 s invocation budget
            DeployedFunctionHandle slow = h.deploy(Harness.multiRuntime(), Duration.ofSeconds(3), 1, Map.of("INIT_MODE", "sleep:1"));
            assertThat(text(invoke(slow, "ok"))).isEqualTo("ok");
            assertThat(slow.logs()).contains("Status: timeout");
            DeployedFunctionHandle stuck = h.deploy(Harness.multiRuntime(), Duration.ofSeconds(1), 1, Map.of("INIT_MODE", "sleep:60"));
            assertThat(text(invoke(stuck, "x"))).contains("Sandbox.Timedout");
        }
    }

    @Test
    void closingThePlatformLeavesNoProcessBehind() throws Exception {
        Harness h = Harness.start(tmp);
        DeployedFunctionHandle f = h.deploy(Harness.multiRuntime(), Duration.ofSeconds(10), 3, Map.of());
        List<CompletableFuture<HttpResponse<byte[]>>> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) running.add(invokeAsync(f.invokeUrl(), "sleep:30".getBytes()));
        Harness.await("three runtimes", Duration.ofSeconds(10),
                () -> ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("sleep")).count() >= 3);
        h.close();
        for (var r : running) assertThat(text(r.get(10, TimeUnit.SECONDS))).contains("Sandbox.Failure");
        Harness.await("no child processes", Duration.ofSeconds(5), () -> ProcessHandle.current().descendants().findAny().isEmpty());
    }
}

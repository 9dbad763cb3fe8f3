package dev.lambdatck.tck.layers.support;

import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.results.Exchange;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.TargetException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Synchronous invocations through the target's Invoke API; every exchange is recorded as evidence. */
public final class Invoker {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Invoker() {
    }

    /**
     * @param deadline how long the whole exchange may take
     * @throws TargetException when the target cannot be reached or does not answer within the deadline
     */
    public static InvokeResult invoke(DeployedFunction fn, byte[] payload, Duration deadline) {
        URI uri = fn.invokeUrl();
        Map<String, List<String>> requestHeaders = Map.of("Content-Type", List.of("application/json"));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
        long started = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            EvidenceLog.current().record(new Exchange("tck->target", "POST", uri.toString(), requestHeaders,
                    Exchange.preview(payload), (long) payload.length, r.statusCode(), new TreeMap<>(r.headers().map()),
                    Exchange.preview(r.body()), (long) r.body().length, null, started, ms, null));
            return new InvokeResult(r.statusCode(), r.headers(), r.body());
        } catch (HttpTimeoutException e) {
            record(uri, payload, requestHeaders, started, t0, "no answer within " + deadline.toMillis() + " ms");
            throw new TargetException("the Invoke API did not answer within " + deadline.toMillis() + " ms: " + uri);
        } catch (IOException e) {
            record(uri, payload, requestHeaders, started, t0, "failed: " + e);
            throw new TargetException("cannot invoke " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException("interrupted while invoking " + uri, e);
        }
    }

    private static void record(URI uri, byte[] payload, Map<String, List<String>> headers, long started, long t0, String note) {
        EvidenceLog.current().record(new Exchange("tck->target", "POST", uri.toString(), headers,
                Exchange.preview(payload), (long) payload.length, null, null, null, null, null, started,
                (System.nanoTime() - t0) / 1_000_000, note));
    }
}

package dev.lambdatck.tck.runtimeapi.support;

import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.TargetException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A deployed function seen from the invoker's side: synchronous and streaming invocations over HTTP,
 * each bounded by the function timeout plus the TCK's invoke allowance, and each recorded as evidence.
 */
public final class Fn {

    public static final String INVOCATION_TYPE = "X-Amz-Invocation-Type";
    public static final String FUNCTION_ERROR = "X-Amz-Function-Error";

    private final DeployedFunction deployed;
    private final FunctionSpec spec;
    private final TckTimeouts timeouts;

    Fn(DeployedFunction deployed, FunctionSpec spec, TckTimeouts timeouts) {
        this.deployed = deployed;
        this.spec = spec;
        this.timeouts = timeouts;
    }

    public String name() {
        return deployed.name();
    }

    public FunctionSpec spec() {
        return spec;
    }

    public DeployedFunction deployed() {
        return deployed;
    }

    public URI invokeUrl() {
        return deployed.invokeUrl();
    }

    public String logs() {
        return deployed.logs();
    }

    /** How long one invocation may take: function timeout + the invoke allowance (covers a cold start). */
    public Duration invokeDeadline() {
        return timeouts.invokeFor(spec.timeout());
    }

    public WireResponse invoke(byte[] payload) {
        return invoke(payload, Map.of());
    }

    public WireResponse invoke(byte[] payload, Map<String, String> headers) {
        return send(WireRequest.post(invokeUrl()).headers(headers).body(payload));
    }

    public WireResponse invoke(Script script) {
        return invoke(script, Map.of());
    }

    public WireResponse invoke(Script script, Map<String, String> headers) {
        WireResponse r = invoke(script.bytes(), headers);
        Prerequisites.checkResultNotReplaced(script, r);
        return r;
    }

    /**
     * Sends a request built by the test to this function's invoke URL (or any URL), with this function's deadline.
     * A failed answer explained by a broken prerequisite rule ends the test as {@link Prerequisites blocked}.
     */
    public WireResponse send(WireRequest request) {
        return checked(WireClient.send(request, invokeDeadline()));
    }

    /** Invokes with a deadline of its own (for tests that wait out a platform limit longer than the function timeout). */
    public WireResponse invoke(Script script, Duration deadline) {
        WireResponse r = checked(WireClient.send(WireRequest.post(invokeUrl()).body(script.bytes()), deadline));
        Prerequisites.checkResultNotReplaced(script, r);
        return r;
    }

    /** Invokes without the prerequisite check: for the tests of the prerequisite rules themselves. */
    public WireResponse invokeUnchecked(Script script) {
        return WireClient.send(WireRequest.post(invokeUrl()).body(script.bytes()), invokeDeadline());
    }

    private WireResponse checked(WireResponse r) {
        Prerequisites.check(this, r);
        return r;
    }

    /**
     * Runs a script whose last word is the fixture's result document, and returns that document.
     *
     * @throws AssertionError when the answer is not a result document (the platform did not carry the
     *                        script to the runtime and its answer back), with what came instead
     */
    public FixtureResult run(Script script) {
        return run(script, Map.of());
    }

    public FixtureResult run(Script script, Map<String, String> headers) {
        WireResponse r = invoke(script, headers);
        return result(r);
    }

    /** The fixture's result document in an invoke answer. */
    public static FixtureResult result(WireResponse r) {
        return FixtureResult.parse(r.body()).orElseThrow(() -> new AssertionError(
                "expected the fixture's result document in the invoke answer, got HTTP " + r.status()
                        + r.header(FUNCTION_ERROR).map(v -> " with " + FUNCTION_ERROR + ": " + v).orElse("")
                        + " and body: " + abbreviate(r.bodyText())));
    }

    /** The streaming invoke URL; a {@link TargetException} when the target declares streaming but has none. */
    public URI streamingUrl() {
        return deployed.streamingInvokeUrl().orElseThrow(() -> new TargetException(
                "target declares capability streaming but function " + name() + " has no streaming invoke URL"));
    }

    public WireResponse stream(Script script) {
        return send(WireRequest.post(streamingUrl()).body(script.bytes()));
    }

    /** Starts an invocation on its own thread (which inherits this test's evidence log). */
    public CompletableFuture<WireResponse> invokeAsync(byte[] payload, Map<String, String> headers) {
        ExecutorService one = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tck-invoke-" + name());
            t.setDaemon(true);
            return t;
        });
        try {
            return CompletableFuture.supplyAsync(() -> invoke(payload, headers), one);
        } finally {
            one.shutdown();
        }
    }

    public CompletableFuture<WireResponse> invokeAsync(Script script) {
        return invokeAsync(script.bytes(), Map.of());
    }

    static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "… (" + s.length() + " chars)";
    }
}

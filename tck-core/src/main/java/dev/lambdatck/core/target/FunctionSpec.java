package dev.lambdatck.core.target;

import org.apiguardian.api.API;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A function the TCK asks a platform target to deploy.
 *
 * @param codeDir        directory holding the function code ({@code bootstrap} at its root for custom runtimes)
 * @param layers         layer zip files, in attachment order (later layers overwrite earlier ones)
 * @param concurrency    execution environments the platform may run at once for this function
 * @param maxConcurrency invocations one execution environment runs at once: 0 or 1 is ordinary Lambda (one at a
 *                       time); N &gt; 1 asks for a Lambda Managed Instances environment whose bootstrap gets
 *                       {@code AWS_LAMBDA_MAX_CONCURRENCY=N} (chapter lmi-concurrency). Only targets declaring the
 *                       capability {@code managed-instances} honour it; other adapters ignore it, and the tests that
 *                       set it run only on targets declaring that capability.
 */
@API(status = API.Status.STABLE, since = "0.1")
public record FunctionSpec(String name, Path codeDir, String handler, Map<String, String> environment,
                           Duration timeout, int memoryMb, List<Path> layers, int concurrency, int maxConcurrency) {

    public FunctionSpec {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        layers = layers == null ? List.of() : List.copyOf(layers);
        if (maxConcurrency < 0) throw new IllegalArgumentException("maxConcurrency must be 0 or more, got " + maxConcurrency);
    }

    /** An ordinary (one invocation at a time) function: {@code maxConcurrency} 0. */
    public FunctionSpec(String name, Path codeDir, String handler, Map<String, String> environment,
                        Duration timeout, int memoryMb, List<Path> layers, int concurrency) {
        this(name, codeDir, handler, environment, timeout, memoryMb, layers, concurrency, 0);
    }

    public static FunctionSpec of(String name, Path codeDir) {
        return new FunctionSpec(name, codeDir, "handler", Map.of(), Duration.ofSeconds(3), 128, List.of(), 1, 0);
    }

    public FunctionSpec withEnvironment(Map<String, String> env) {
        return new FunctionSpec(name, codeDir, handler, env, timeout, memoryMb, layers, concurrency, maxConcurrency);
    }

    public FunctionSpec withTimeout(Duration t) {
        return new FunctionSpec(name, codeDir, handler, environment, t, memoryMb, layers, concurrency, maxConcurrency);
    }

    public FunctionSpec withLayers(List<Path> l) {
        return new FunctionSpec(name, codeDir, handler, environment, timeout, memoryMb, l, concurrency, maxConcurrency);
    }

    public FunctionSpec withConcurrency(int c) {
        return new FunctionSpec(name, codeDir, handler, environment, timeout, memoryMb, layers, c, maxConcurrency);
    }

    public FunctionSpec withHandler(String h) {
        return new FunctionSpec(name, codeDir, h, environment, timeout, memoryMb, layers, concurrency, maxConcurrency);
    }

    public FunctionSpec withMemory(int mb) {
        return new FunctionSpec(name, codeDir, handler, environment, timeout, mb, layers, concurrency, maxConcurrency);
    }

    /** Invocations one execution environment may run at once; see the record's documentation. */
    public FunctionSpec withMaxConcurrency(int n) {
        return new FunctionSpec(name, codeDir, handler, environment, timeout, memoryMb, layers, concurrency, n);
    }

    /** Whether this function asks for a managed-instances environment (several invocations at once). */
    public boolean managedInstances() {
        return maxConcurrency > 1;
    }
}

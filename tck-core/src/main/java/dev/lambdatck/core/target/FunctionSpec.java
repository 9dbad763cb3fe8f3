package dev.lambdatck.core.target;

import org.apiguardian.api.API;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A function the TCK asks a platform target to deploy.
 *
 * @param codeDir     directory holding the function code ({@code bootstrap} at its root for custom runtimes)
 * @param layers      layer zip files, in attachment order (later layers overwrite earlier ones)
 * @param concurrency execution environments the platform may run at once for this function
 */
@API(status = API.Status.STABLE, since = "0.1")
public record FunctionSpec(String name, Path codeDir, String handler, Map<String, String> environment,
                           Duration timeout, int memoryMb, List<Path> layers, int concurrency) {

    public FunctionSpec {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    public static FunctionSpec of(String name, Path codeDir) {
        return new FunctionSpec(name, codeDir, "handler", Map.of(), Duration.ofSeconds(3), 128, List.of(), 1);
    }

    public FunctionSpec withEnvironment(Map<String, String> env) {
        return new FunctionSpec(name, codeDir, handler, env, timeout, memoryMb, layers, concurrency);
    }

    public FunctionSpec withTimeout(Duration t) {
        return new FunctionSpec(name, codeDir, handler, environment, t, memoryMb, layers, concurrency);
    }

    public FunctionSpec withLayers(List<Path> l) {
        return new FunctionSpec(name, codeDir, handler, environment, timeout, memoryMb, l, concurrency);
    }

    public FunctionSpec withConcurrency(int c) {
        return new FunctionSpec(name, codeDir, handler, environment, timeout, memoryMb, layers, c);
    }

    public FunctionSpec withHandler(String h) {
        return new FunctionSpec(name, codeDir, h, environment, timeout, memoryMb, layers, concurrency);
    }

    public FunctionSpec withMemory(int mb) {
        return new FunctionSpec(name, codeDir, handler, environment, timeout, mb, layers, concurrency);
    }
}

package dev.lambdatck.refimpl.function;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A function as the reference platform knows it.
 *
 * @param code        a directory or a zip file holding the function package
 * @param environment customer variables (reserved names are dropped by the environment, never overridden)
 * @param layers      layer zips or directories in attachment order; later ones overwrite earlier ones
 * @param concurrency execution environments that may run at once
 * @param maxConcurrency invocations one execution environment runs at once: 0 or 1 is ordinary Lambda; N &gt; 1 is a
 *                    Lambda Managed Instances environment (AWS_LAMBDA_MAX_CONCURRENCY=N, chapter lmi-concurrency)
 */
public record FunctionConfig(String name, String version, Path code, String handler, Map<String, String> environment,
                             Duration timeout, int memoryMb, List<Path> layers, int concurrency, String region,
                             String accountId, int maxConcurrency) {

    public FunctionConfig {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        layers = layers == null ? List.of() : List.copyOf(layers);
        if (version == null) version = "$LATEST";
        if (region == null) region = "us-east-1";
        if (accountId == null) accountId = "123456789012";
        if (timeout == null) timeout = Duration.ofSeconds(3);
        if (memoryMb <= 0) memoryMb = 128;
        if (concurrency <= 0) concurrency = 1;
        if (handler == null) handler = "handler";
        if (maxConcurrency < 0) maxConcurrency = 0;
    }

    /** An ordinary function (one invocation per environment at a time). */
    public FunctionConfig(String name, String version, Path code, String handler, Map<String, String> environment,
                          Duration timeout, int memoryMb, List<Path> layers, int concurrency, String region,
                          String accountId) {
        this(name, version, code, handler, environment, timeout, memoryMb, layers, concurrency, region, accountId, 0);
    }

    /** Whether an environment of this function runs several invocations at once (Lambda Managed Instances). */
    public boolean managedInstances() {
        return maxConcurrency > 1;
    }

    public FunctionConfig withMaxConcurrency(int n) {
        return new FunctionConfig(name, version, code, handler, environment, timeout, memoryMb, layers, concurrency, region,
                accountId, n);
    }

    public String arn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }
}

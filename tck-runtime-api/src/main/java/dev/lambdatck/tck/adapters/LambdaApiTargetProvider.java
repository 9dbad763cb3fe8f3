package dev.lambdatck.tck.adapters;

import dev.lambdatck.core.target.Capabilities;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.PlatformTargetProvider;
import dev.lambdatck.core.target.TargetDescriptor;

import java.util.Set;

/**
 * Adapter {@code lambda-api}: any endpoint that implements Lambda's CreateFunction, Invoke and DeleteFunction
 * (a local cloud, a Lambda-compatible service). Descriptor: {@code url: http://host:port}; options
 * {@code region} (default us-east-1), {@code role} (execution role ARN), {@code accessKey}/{@code secretKey}
 * (default dummy values for local endpoints), {@code runtime} (default provided.al2023).
 */
public final class LambdaApiTargetProvider implements PlatformTargetProvider {

    public static final String ADAPTER = "lambda-api";

    @Override
    public String adapter() {
        return ADAPTER;
    }

    @Override
    public Set<String> defaultCapabilities() {
        return Set.of(Capabilities.CORE, Capabilities.INVOKE_API, Capabilities.ENVIRONMENT, Capabilities.LIFECYCLE);
    }

    @Override
    public PlatformTarget create(TargetDescriptor descriptor) {
        return new LambdaApiTarget(descriptor);
    }
}

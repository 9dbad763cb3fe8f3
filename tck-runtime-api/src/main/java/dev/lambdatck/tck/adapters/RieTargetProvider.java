package dev.lambdatck.tck.adapters;

import dev.lambdatck.core.target.Capabilities;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.PlatformTargetProvider;
import dev.lambdatck.core.target.TargetDescriptor;

import java.util.Set;

/**
 * Adapter {@code rie}: AWS's Runtime Interface Emulator (or any command with its command-line contract),
 * one emulator process per deployed function. Descriptor: {@code command: [path/to/aws-lambda-rie, extra args...]}.
 */
public final class RieTargetProvider implements PlatformTargetProvider {

    public static final String ADAPTER = "rie";

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
        return new RieTarget(descriptor);
    }
}

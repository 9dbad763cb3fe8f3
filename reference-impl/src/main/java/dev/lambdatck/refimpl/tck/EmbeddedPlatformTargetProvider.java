package dev.lambdatck.refimpl.tck;

import dev.lambdatck.core.target.Capabilities;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.PlatformTargetProvider;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.refimpl.environment.IsolationMode;
import dev.lambdatck.refimpl.environment.ProcessEnvironmentLauncher;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Adapter {@code embedded}: the reference platform in the TCK's own JVM. Descriptor options: {@code faults}
 * (comma list of fault names), {@code initTimeout} (e.g. {@code 10s}).
 */
public final class EmbeddedPlatformTargetProvider implements PlatformTargetProvider {

    public static final String ADAPTER = "embedded";
    private static volatile Set<String> defaults;

    @Override
    public String adapter() {
        return ADAPTER;
    }

    /** core, invoke-api, environment, lifecycle, streaming, layers, managed-instances, extensions; plus filesystem-paths with mount namespaces. */
    @Override
    public Set<String> defaultCapabilities() {
        Set<String> d = defaults;
        if (d == null) {
            Set<String> caps = new LinkedHashSet<>(Set.of(Capabilities.CORE, Capabilities.INVOKE_API,
                    Capabilities.ENVIRONMENT, Capabilities.LIFECYCLE, Capabilities.STREAMING, Capabilities.LAYERS,
                    Capabilities.MANAGED_INSTANCES, Capabilities.EXTENSIONS));
            try (ProcessEnvironmentLauncher probe = new ProcessEnvironmentLauncher()) {
                if (probe.isolationMode() == IsolationMode.NAMESPACES) caps.add(Capabilities.FILESYSTEM_PATHS);
            }
            defaults = d = Set.copyOf(caps);
        }
        return d;
    }

    @Override
    public PlatformTarget create(TargetDescriptor descriptor) {
        return new EmbeddedPlatformTarget(descriptor);
    }
}

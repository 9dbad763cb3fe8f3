package dev.lambdatck.refimpl.tck;

import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;
import dev.lambdatck.refimpl.environment.EnvironmentException;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.platform.PlatformConfig;
import dev.lambdatck.refimpl.platform.ReferencePlatform;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/** The reference platform behind the TCK's {@link PlatformTarget} SPI. */
final class EmbeddedPlatformTarget implements PlatformTarget {

    private final TargetDescriptor descriptor;
    private ReferencePlatform platform;

    EmbeddedPlatformTarget(TargetDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    @Override
    public TargetDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public synchronized void start() {
        if (platform != null) return;
        PlatformConfig cfg = PlatformConfig.defaults();
        try {
            String faults = descriptor.option("faults", "");
            FaultSet.parse(faults); // unknown names fail here, with the list of known ones
            cfg = cfg.withFaults(Arrays.stream(faults.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
            String init = descriptor.option("initTimeout", null);
            if (init != null) cfg = cfg.withInitTimeout(TckTimeouts.parse("initTimeout", init));
            platform = ReferencePlatform.start(cfg);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new TargetException("embedded reference platform: " + e.getMessage(), e);
        }
    }

    @Override
    public DeployedFunction deploy(FunctionSpec spec) {
        ReferencePlatform p;
        synchronized (this) {
            if (platform == null) throw new TargetException("embedded reference platform: deploy before start");
            p = platform;
        }
        FunctionConfig fc = new FunctionConfig(spec.name(), null, spec.codeDir(), spec.handler(), spec.environment(),
                spec.timeout(), spec.memoryMb(), spec.layers(), spec.concurrency(), null, null, spec.maxConcurrency());
        try {
            return new Deployed(p.deploy(fc));
        } catch (EnvironmentException e) {
            throw new TargetException("cannot deploy '" + spec.name() + "' (" + e.errorType() + "): " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new TargetException("cannot deploy '" + spec.name() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }

    private record Deployed(DeployedFunctionHandle handle) implements DeployedFunction {
        @Override
        public String name() {
            return handle.config().name();
        }

        @Override
        public URI invokeUrl() {
            return handle.invokeUrl();
        }

        @Override
        public Optional<URI> streamingInvokeUrl() {
            return Optional.of(handle.streamingInvokeUrl());
        }

        @Override
        public String logs() {
            return handle.logs();
        }

        @Override
        public void close() {
            handle.close();
        }
    }
}

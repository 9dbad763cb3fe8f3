package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.spec.Binds;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;

import java.util.List;
import java.util.Set;

/**
 * The runtime suite: a custom runtime's {@code bootstrap} (target adapter {@code runtime-binary}) run
 * against the TCK's strict fake platform, one fresh process per test. Checks the runtime-bound rules.
 */
public final class RuntimeSuite implements TckSuite {

    /** The test classes, selected by name so that nothing else in the package is ever discovered. */
    static final List<Class<?>> TESTS = List.of(RuntimeLoopTest.class, RuntimePayloadTest.class, RuntimeErrorTest.class,
            RuntimeInitTest.class, RuntimeContextTest.class, RuntimeTraceTest.class, RuntimeHttpTest.class, RuntimeStreamTest.class,
            RuntimeInvocationIdTest.class, RuntimeSignalTest.class, RuntimeConcurrencyTest.class);

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public String description() {
        return "a custom runtime's bootstrap against the TCK's strict fake Runtime API (runtime-bound rules)";
    }

    @Override
    public List<DiscoverySelector> selectors() {
        return TESTS.stream().map(c -> (DiscoverySelector) DiscoverySelectors.selectClass(c)).toList();
    }

    @Override
    public Set<Binds> binds() {
        return Set.of(Binds.RUNTIME);
    }
}

package dev.lambdatck.cli.run.sample;

import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.spec.Binds;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;

import java.util.List;
import java.util.Set;

/** Test-only suite {@code option}; injected into RunCommand, never registered with ServiceLoader. */
public final class OptionSuite implements TckSuite {
    @Override public String name() { return "option"; }
    @Override public String description() { return "test-only"; }
    @Override public List<DiscoverySelector> selectors() { return List.of(DiscoverySelectors.selectClass(OptionRules.class)); }
    @Override public Set<Binds> binds() { return Set.of(Binds.PLATFORM); }
}

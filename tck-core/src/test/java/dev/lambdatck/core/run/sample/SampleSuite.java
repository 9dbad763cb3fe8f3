package dev.lambdatck.core.run.sample;

import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.spec.Binds;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;

import java.util.List;
import java.util.Set;

/** Test-only suite {@code sample}: the rule tests of this package, platform-bound. */
public final class SampleSuite implements TckSuite {

    @Override public String name() { return "sample"; }

    @Override public String description() { return "test-only suite of the run engine's own tests"; }

    @Override public List<DiscoverySelector> selectors() {
        return List.of(DiscoverySelectors.selectClass(EchoRules.class));
    }

    @Override public Set<Binds> binds() { return Set.of(Binds.PLATFORM); }
}

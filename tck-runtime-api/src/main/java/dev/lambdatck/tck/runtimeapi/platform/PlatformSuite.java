package dev.lambdatck.tck.runtimeapi.platform;

import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.spec.Binds;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;

import java.util.List;
import java.util.Set;

/** The platform suite: the platform side of the Runtime API and the Invoke API, through a fixture runtime. */
public final class PlatformSuite implements TckSuite {

    public static final String NAME = "platform";
    public static final String PACKAGE = "dev.lambdatck.tck.runtimeapi.platform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "platform side of the Runtime API 2018-06-01 and the Invoke API, checked through a deployed fixture runtime";
    }

    @Override
    public List<DiscoverySelector> selectors() {
        return List.of(DiscoverySelectors.selectPackage(PACKAGE));
    }

    @Override
    public Set<Binds> binds() {
        return Set.of(Binds.PLATFORM);
    }
}

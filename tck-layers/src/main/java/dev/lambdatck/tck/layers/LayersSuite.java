package dev.lambdatck.tck.layers;

import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.spec.Binds;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;

import java.util.List;
import java.util.Set;

/** The layers suite: how a platform merges layers into /opt, finds the bootstrap, and reads layer archives. */
public final class LayersSuite implements TckSuite {

    @Override
    public String name() {
        return "layers";
    }

    @Override
    public String description() {
        return "Lambda Layers: merge into /opt, paths, bootstrap discovery, limits and archive edge cases";
    }

    @Override
    public List<DiscoverySelector> selectors() {
        return List.of(DiscoverySelectors.selectPackage(LayersSuite.class.getPackageName()));
    }

    @Override
    public Set<Binds> binds() {
        return Set.of(Binds.LAYERS);
    }
}

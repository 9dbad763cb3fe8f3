package dev.lambdatck.tck.layers.support;

import dev.lambdatck.core.junit.TargetContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * Gives each test its own {@link LayerLab}, closed (functions undeployed, scratch deleted) when the test ends.
 * The target, timeouts and fixture come from the run's configuration (see {@link TargetContext}, {@link FixtureLocator}).
 */
public final class LayerLabExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == LayerLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        TargetContext target = TargetContext.of(e);
        Path fixture = FixtureLocator.locate(e.getConfigurationParameter(FixtureLocator.PARAMETER),
                System.getenv("LAMBDA_TCK_HOME"), Path.of(""));
        LayerLab lab = new LayerLab(target.platform(), target.descriptor(), target.timeouts(), fixture,
                e.getRequiredTestMethod().getName());
        e.getStore(ExtensionContext.Namespace.create(LayerLabExtension.class, e.getUniqueId()))
                .put(LayerLab.class, new Closer(lab));
        return lab;
    }

    /** Closed by JUnit when the test's context ends, after the evidence has been published. */
    private record Closer(LayerLab lab) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            lab.close();
        }
    }
}

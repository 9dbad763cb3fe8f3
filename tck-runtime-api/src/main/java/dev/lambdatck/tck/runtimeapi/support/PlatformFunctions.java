package dev.lambdatck.tck.runtimeapi.support;

import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.junit.TargetContext;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * JUnit extension for platform test classes: injects {@link Functions}, deploys the fixture runtime on
 * the run's target, and undeploys class-shared functions when the class ends and per-test functions
 * when the test ends (JUnit closes the store resources).
 */
public final class PlatformFunctions implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PlatformFunctions.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Functions.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        ExtensionContext classContext = classContext(e);
        Deployments cls = classContext.getStore(NS).getOrComputeIfAbsent("class", k -> deployments(e), Deployments.class);
        Deployments test = e.getStore(NS).getOrComputeIfAbsent("test", k -> deployments(e), Deployments.class);
        return new Functions(cls, test);
    }

    private static Deployments deployments(ExtensionContext e) {
        TargetContext ctx = TargetContext.of(e);
        return new Deployments(ctx, () -> FixtureBinary.locate(e::getConfigurationParameter, System.getenv(), Path.of("")));
    }

    private static ExtensionContext classContext(ExtensionContext e) {
        ExtensionContext c = e;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) c = c.getParent().get();
        return c;
    }

    /** Functions deployed in one scope (a class or a test), undeployed together. */
    static final class Deployments implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final TargetContext target;
        private final java.util.function.Supplier<Path> fixtureLocator;
        private final Map<String, Fn> byKey = new LinkedHashMap<>();
        private final List<DeployedFunction> toClose = new ArrayList<>();
        private Path fixture;

        Deployments(TargetContext target, java.util.function.Supplier<Path> fixtureLocator) {
            this.target = target;
            this.fixtureLocator = fixtureLocator;
        }

        synchronized Path fixture() {
            if (fixture == null) fixture = fixtureLocator.get();
            return fixture;
        }

        PlatformTarget platform() {
            return target.platform();
        }

        TckTimeouts timeouts() {
            return target.timeouts();
        }

        synchronized Fn get(String key, UnaryOperator<FunctionSpec> configure) {
            Fn existing = byKey.get(key);
            if (existing != null) return existing;
            String name = "tck-" + key + "-" + COUNTER.incrementAndGet();
            FunctionSpec spec = configure.apply(FunctionSpec.of(name, FunctionCode.fixture(fixture())));
            DeployedFunction d = platform().deploy(spec);
            toClose.add(d);
            Fn fn = new Fn(d, spec, timeouts());
            byKey.put(key, fn);
            return fn;
        }

        @Override
        public synchronized void close() {
            for (DeployedFunction d : toClose) {
                try {
                    d.close();
                } catch (RuntimeException ignored) {
                    // undeploy is best effort; the platform's own close kills what is left
                }
            }
            toClose.clear();
            byKey.clear();
        }
    }
}

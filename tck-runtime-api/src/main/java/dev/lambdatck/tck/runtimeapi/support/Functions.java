package dev.lambdatck.tck.runtimeapi.support;

import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.TargetDescriptor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a platform test deploys, as a test parameter (see {@link PlatformFunctions}). {@link #shared}
 * functions are deployed once per test class (fast); {@link #fresh} ones only for the current test
 * (use them when the test kills, times out or otherwise spoils the environment). The logs of every
 * function a test uses are attached to its evidence.
 */
public final class Functions {

    private final PlatformFunctions.Deployments classScope;
    private final PlatformFunctions.Deployments testScope;
    private final Set<Fn> used = new LinkedHashSet<>();

    Functions(PlatformFunctions.Deployments classScope, PlatformFunctions.Deployments testScope) {
        this.classScope = classScope;
        this.testScope = testScope;
    }

    /** The fixture function with default configuration, shared by the tests of this class. */
    public Fn shared() {
        return shared("fixture", UnaryOperator.identity());
    }

    /** A function shared by this class's tests under {@code key}, configured once by {@code configure}. */
    public Fn shared(String key, UnaryOperator<FunctionSpec> configure) {
        return track(classScope.get(key, configure));
    }

    /** A function for this test only; undeployed when the test ends. */
    public Fn fresh(String key, UnaryOperator<FunctionSpec> configure) {
        return track(testScope.get(key, configure));
    }

    public Fn fresh(String key) {
        return fresh(key, UnaryOperator.identity());
    }

    /** The fixture binary every deployed bootstrap is a copy of. */
    public Path fixture() {
        return classScope.fixture();
    }

    public PlatformTarget platform() {
        return classScope.platform();
    }

    public TargetDescriptor descriptor() {
        return classScope.platform().descriptor();
    }

    public TckTimeouts timeouts() {
        return classScope.timeouts();
    }

    private synchronized Fn track(Fn fn) {
        if (used.add(fn)) {
            List<Fn> all = new ArrayList<>(used);
            EvidenceLog.current().logSource(() -> {
                StringBuilder b = new StringBuilder();
                for (Fn f : all) {
                    if (all.size() > 1) b.append("== function ").append(f.name()).append('\n');
                    b.append(f.logs());
                }
                return b.toString();
            });
        }
        return fn;
    }
}

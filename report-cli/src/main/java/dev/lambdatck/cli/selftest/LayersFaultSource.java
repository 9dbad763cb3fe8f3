package dev.lambdatck.cli.selftest;

import dev.lambdatck.cli.run.FixtureResolver;
import dev.lambdatck.core.run.RuleFilter;
import dev.lambdatck.core.run.RunRequest;
import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.spec.Binds;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import dev.lambdatck.tck.layers.LayersSuite;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The layers suite against the embedded reference platform, with the platform's layer faults ({@link Fault}s whose
 * rules are {@code LY-*}, applied by its LayerFaultLauncher; target option {@code faults}).
 */
public final class LayersFaultSource implements FaultSource {

    /**
     * Rules the reference platform knowingly does not meet (all SHOULD), left out of the matrix's runs so the clean
     * baseline can pass; rule id → why.
     */
    static final Map<String, String> REFERENCE_DEVIATIONS = Map.of(
            "LY-PATH-010", "the reference platform runs bootstraps as root (SHOULD rule; see reference-impl/docs/environments.md)");

    private final Path fixture;

    public LayersFaultSource() {
        this(FixtureResolver.system().resolve("rust"));
    }

    public LayersFaultSource(Path fixture) {
        this.fixture = fixture;
    }

    @Override
    public String suite() {
        return "layers";
    }

    @Override
    public TckSuite tckSuite() {
        return new LayersSuite();
    }

    @Override
    public List<SeededFault> faults() {
        return Arrays.stream(Fault.values())
                .filter(f -> !f.ruleIds().isEmpty() && f.ruleIds().stream().allMatch(id -> id.startsWith("LY-")))
                .map(f -> new SeededFault(f.id(), f.description(), f.ruleIds())).toList();
    }

    @Override
    public RunRequest.Builder baseline() {
        return RunRequest.builder().suite(tckSuite()).target("embedded").fixture(fixture).filter(scope())
                .timeout("invoke", "5s").timeout("test", "60s");
    }

    @Override
    public RunRequest.Builder withFault(SeededFault fault) {
        return baseline().option("faults", fault.name());
    }

    /** Every automated layers rule except the reference platform's known deviations. */
    static RuleFilter scope() {
        Set<String> ids = RuleCatalogue.bundled().rules().stream()
                .filter(r -> r.binds() == Binds.LAYERS && r.isAutomated() && !REFERENCE_DEVIATIONS.containsKey(r.id()))
                .map(Rule::id).collect(Collectors.toSet());
        return new RuleFilter(ids, Set.of(), Set.of(), Set.of());
    }
}

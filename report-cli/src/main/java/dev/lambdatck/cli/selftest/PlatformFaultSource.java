package dev.lambdatck.cli.selftest;

import dev.lambdatck.core.run.RunRequest;
import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.spec.Binds;
import dev.lambdatck.spec.RuleCatalogue;
import dev.lambdatck.tck.runtimeapi.platform.PlatformSuite;
import dev.lambdatck.tck.runtimeapi.support.FixtureBinary;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The platform suite against the embedded reference platform, with the platform's own fault switches
 * ({@link Fault}, target option {@code faults}) that break platform-bound rules (RT-*, EXT-*, LMI-*). The rules each fault
 * declares live in the fault registry.
 */
public final class PlatformFaultSource implements FaultSource {

    private final Path fixture;

    /** With the Rust fixture: from $LAMBDA_TCK_HOME, else found walking up from the working directory. */
    public PlatformFaultSource() {
        this(FixtureBinary.locate(k -> java.util.Optional.empty(), System.getenv(), Path.of("")));
    }

    public PlatformFaultSource(Path fixture) {
        this.fixture = fixture;
    }

    @Override
    public String suite() {
        return PlatformSuite.NAME;
    }

    @Override
    public TckSuite tckSuite() {
        return new PlatformSuite();
    }

    @Override
    public List<SeededFault> faults() {
        // the registry also holds the layer faults (the layers suite's matrix): keep those of platform-bound rules
        // (Runtime API, Extensions API, managed instances)
        RuleCatalogue catalogue = RuleCatalogue.bundled();
        return Arrays.stream(Fault.values())
                .filter(f -> !f.ruleIds().isEmpty() && f.ruleIds().stream().allMatch(id -> catalogue.find(id)
                        .map(r -> r.binds() == Binds.PLATFORM).orElse(false)))
                .map(f -> new SeededFault(f.id(), f.description(), f.ruleIds(), BREAK_OBSERVATION.get(f.id()))).toList();
    }

    /**
     * Faults that take away the fixture's way of answering, so that every test fails: none at present. Without a
     * request id (omit-request-id-header) no runtime can answer; the suite reports the other tests as blocked by
     * RT-NEXT-002 (tck-runtime-api support.Prerequisites), so that fault fails exactly its rule.
     */
    static final Map<String, String> BREAK_OBSERVATION = Map.of();

    /** Declared rules the fixture protocol gives no way to provoke (none at present). */
    static final Map<String, String> UNOBSERVABLE = Map.of();

    @Override
    public Map<String, String> unobservableRules() {
        return UNOBSERVABLE;
    }

    @Override
    public RunRequest.Builder baseline() {
        return RunRequest.builder().suite(tckSuite()).target("embedded").fixture(fixture)
                // a fault often makes an invocation hang until its deadline: keep that wait short
                .timeout("invoke", "5s").timeout("test", "40s");
    }

    @Override
    public RunRequest.Builder withFault(SeededFault fault) {
        return baseline().option("faults", fault.name());
    }
}

package dev.lambdatck.cli.selftest;

import dev.lambdatck.core.run.RunRequest;
import dev.lambdatck.core.run.TckSuite;

import java.util.List;

/**
 * Something the kill matrix can switch faults on in: a suite to run, the faults with their declared rules,
 * and how a run is set up clean or with one fault. {@link PlatformFaultSource} seeds faults in the reference
 * platform; a runtime source seeds them in a fixture runtime. Register new ones in {@link FaultSources}.
 */
public interface FaultSource {

    /** The suite name, as for {@code lambda-tck run --suite}. */
    String suite();

    /** The suite whose tests the matrix runs (only this suite, never the whole kit). */
    TckSuite tckSuite();

    List<SeededFault> faults();

    /** A run request for the clean baseline: every automated rule of the suite must pass. */
    RunRequest.Builder baseline();

    /** A run request with exactly this fault switched on. */
    RunRequest.Builder withFault(SeededFault fault);

    /**
     * Declared rules the suite cannot observe with the means it has (rule id → why), e.g. a behaviour the
     * fixture protocol offers no way to provoke. They are reported, not counted as missed.
     */
    default java.util.Map<String, String> unobservableRules() {
        return java.util.Map.of();
    }
}

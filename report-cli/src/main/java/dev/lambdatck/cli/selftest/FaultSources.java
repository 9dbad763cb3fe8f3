package dev.lambdatck.cli.selftest;

import java.util.ArrayList;
import java.util.List;

/** Every self-test subject, in the order {@code lambda-tck selftest} runs them. Add a line to add one. */
public final class FaultSources {

    private FaultSources() {
    }

    public static List<FaultSource> all() {
        List<FaultSource> out = new ArrayList<>();
        out.add(new PlatformFaultSource());
        out.add(new RuntimeFaultSource());
        out.add(new LayersFaultSource());
        return out;
    }

    /** @throws IllegalArgumentException naming the known suites */
    public static FaultSource named(String suite) {
        return all().stream().filter(s -> s.suite().equals(suite)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no self-test for suite '" + suite + "' (known: " + String.join(", ", all().stream().map(FaultSource::suite).toList()) + ")"));
    }
}

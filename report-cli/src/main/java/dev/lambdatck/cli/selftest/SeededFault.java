package dev.lambdatck.cli.selftest;

import java.util.List;

/**
 * One deliberate fault of a self-test subject, and the rules its tests must fail (and only those).
 *
 * @param breaksObservation null, or why this fault takes away the channel the suite observes through (e.g. the
 *                          fixture cannot answer at all), so that every test fails: then only missed rules count
 */
public record SeededFault(String name, String description, List<String> declaredRules, String breaksObservation) {

    public SeededFault {
        declaredRules = List.copyOf(declaredRules);
    }

    public SeededFault(String name, String description, List<String> declaredRules) {
        this(name, description, declaredRules, null);
    }
}

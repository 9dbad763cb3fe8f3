package dev.lambdatck.refimpl.faults;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The faults a platform was built with; immutable. */
public final class FaultSet {

    private static final FaultSet NONE = new FaultSet(EnumSet.noneOf(Fault.class));

    private final Set<Fault> faults;

    private FaultSet(EnumSet<Fault> faults) {
        this.faults = java.util.Collections.unmodifiableSet(faults);
    }

    public static FaultSet none() {
        return NONE;
    }

    /** @throws IllegalArgumentException naming the unknown fault and the known ones */
    public static FaultSet of(Collection<String> names) {
        EnumSet<Fault> set = EnumSet.noneOf(Fault.class);
        if (names != null) {
            for (String n : names) {
                if (n != null && !n.isBlank()) set.add(Fault.byId(n));
            }
        }
        return set.isEmpty() ? NONE : new FaultSet(set);
    }

    /** Parses a comma-separated list such as {@code "omit-deadline-header, truncate-payload"}. */
    public static FaultSet parse(String commaList) {
        if (commaList == null || commaList.isBlank()) return NONE;
        return of(java.util.Arrays.asList(commaList.split(",")));
    }

    public boolean has(Fault fault) {
        return faults.contains(fault);
    }

    public Set<Fault> asSet() {
        return faults;
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }

    @Override
    public String toString() {
        return faults.stream().map(Fault::id).collect(Collectors.joining(","));
    }
}

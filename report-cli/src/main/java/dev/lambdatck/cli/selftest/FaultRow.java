package dev.lambdatck.cli.selftest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one fault did: the rules it declares, the rules whose tests failed with it on, and the verdict:
 * {@code exact} (the same set), {@code missed} (a declared rule still passed), {@code extra} (an undeclared
 * rule failed), {@code missed+extra}, or {@code error} (the run never reached the target). Declared rules the
 * suite cannot observe are not counted as missed; a fault that breaks the observation channel is accepted
 * with extra rules. {@link #accepted()} says whether the row counts as a success; {@code note} says why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultRow(String fault, List<String> declared, List<String> failed, String verdict, boolean accepted,
                       String note, long durationMs) {

    public static FaultRow of(SeededFault fault, List<String> failed, Map<String, String> unobservable, long durationMs) {
        TreeSet<String> d = new TreeSet<>(fault.declaredRules());
        TreeSet<String> f = new TreeSet<>(failed);
        List<String> notes = new ArrayList<>();
        TreeSet<String> expected = new TreeSet<>(d);
        for (String id : d) {
            if (unobservable.containsKey(id) && !f.contains(id)) {
                expected.remove(id);
                notes.add(id + " not observable: " + unobservable.get(id));
            }
        }
        boolean missed = !f.containsAll(expected);
        boolean extra = !d.containsAll(f);
        String verdict = missed && extra ? "missed+extra" : missed ? "missed" : extra ? "extra" : "exact";
        boolean accepted = !missed && (!extra || fault.breaksObservation() != null);
        if (extra && fault.breaksObservation() != null) notes.add("extra accepted: " + fault.breaksObservation());
        return new FaultRow(fault.name(), new ArrayList<>(d), new ArrayList<>(f), verdict, accepted,
                notes.isEmpty() ? null : String.join("; ", notes), durationMs);
    }

    public static FaultRow error(SeededFault fault, String note, long durationMs) {
        return new FaultRow(fault.name(), List.copyOf(fault.declaredRules()), List.of(), "error", false, note, durationMs);
    }

    public boolean exact() {
        return "exact".equals(verdict);
    }

    public List<String> missedRules() {
        List<String> out = new ArrayList<>(declared);
        out.removeAll(failed);
        return out;
    }

    public List<String> extraRules() {
        List<String> out = new ArrayList<>(failed);
        out.removeAll(declared);
        return out;
    }
}

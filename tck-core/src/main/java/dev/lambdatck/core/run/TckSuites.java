package dev.lambdatck.core.run;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The suites registered on the class path, in a stable order (platform, runtime, layers, then by name). */
@API(status = API.Status.STABLE, since = "0.1")
public final class TckSuites {

    private static final List<String> PREFERRED = List.of("platform", "runtime", "layers");

    private TckSuites() {
    }

    /** Every registered suite; a name registered twice keeps its first registration. */
    public static List<TckSuite> available() {
        return available(ServiceLoader.load(TckSuite.class, contextLoader()));
    }

    static List<TckSuite> available(Iterable<TckSuite> loaded) {
        Map<String, TckSuite> byName = new LinkedHashMap<>();
        for (TckSuite s : loaded) byName.putIfAbsent(s.name(), s);
        List<TckSuite> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparingInt((TckSuite s) -> rank(s.name())).thenComparing(TckSuite::name));
        return out;
    }

    /**
     * The suites with the given names, in the order of {@link #available()}; all of them when
     * {@code names} is empty.
     *
     * @throws IllegalArgumentException naming the unknown suite and the known ones
     */
    public static List<TckSuite> select(List<TckSuite> available, List<String> names) {
        if (names == null || names.isEmpty()) return available;
        List<TckSuite> out = new ArrayList<>();
        for (String n : names) {
            TckSuite s = available.stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown suite '" + n + "' (available: "
                            + (available.isEmpty() ? "none" : String.join(", ", available.stream().map(TckSuite::name).toList())) + ")"));
            if (!out.contains(s)) out.add(s);
        }
        out.sort(Comparator.comparingInt(available::indexOf));
        return out;
    }

    private static int rank(String name) {
        int i = PREFERRED.indexOf(name);
        return i < 0 ? PREFERRED.size() : i;
    }

    private static ClassLoader contextLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : TckSuites.class.getClassLoader();
    }
}

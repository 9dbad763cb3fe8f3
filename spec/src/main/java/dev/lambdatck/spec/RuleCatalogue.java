package dev.lambdatck.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole rule catalogue, in chapter order. Obtain it with {@link CatalogueLoader}.
 */
public final class RuleCatalogue {

    private final String specVersion;
    private final List<Chapter> chapters;
    private final Map<String, Rule> byId = new LinkedHashMap<>();

    public RuleCatalogue(String specVersion, List<Chapter> chapters) {
        this.specVersion = specVersion;
        this.chapters = List.copyOf(chapters);
        for (Chapter c : chapters) {
            for (Rule r : c.rules()) {
                byId.putIfAbsent(r.id(), r);
            }
        }
    }

    /** The catalogue bundled on the class path (the {@code spec} module's resources). */
    public static RuleCatalogue bundled() {
        return CatalogueLoader.bundled();
    }

    public String specVersion() { return specVersion; }

    public List<Chapter> chapters() { return chapters; }

    public List<Rule> rules() { return List.copyOf(byId.values()); }

    public Optional<Rule> find(String id) { return Optional.ofNullable(byId.get(id)); }

    public boolean contains(String id) { return byId.containsKey(id); }

    public Map<String, Rule> byId() { return Collections.unmodifiableMap(byId); }
}

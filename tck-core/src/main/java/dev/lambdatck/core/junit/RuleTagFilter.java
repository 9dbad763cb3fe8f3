package dev.lambdatck.core.junit;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.spec.Level;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import org.apiguardian.api.API;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the TCK tests whose {@link RuleTest} ids select at least one catalogue rule matching every given
 * criterion: rule ids, levels, capabilities, chapters (an empty criterion matches everything). Tests without
 * {@code @RuleTest} are dropped as soon as any criterion is given. The CLI's --rule, --level, --capability
 * and --chapter options build one of these and pass it to the launcher's discovery request.
 *
 * <p>Also derives the tags {@code rule:ID}, {@code level:must}, {@code cap:X}, {@code chapter:X} for a test's
 * rules ({@link #tagsFor}), since JUnit tags cannot be computed from an annotation value.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class RuleTagFilter implements PostDiscoveryFilter {

    private final RuleCatalogue catalogue;
    private final Set<String> ruleIds;
    private final Set<Level> levels;
    private final Set<String> capabilities;
    private final Set<String> chapters;

    private RuleTagFilter(RuleCatalogue catalogue, Set<String> ruleIds, Set<Level> levels, Set<String> capabilities, Set<String> chapters) {
        this.catalogue = catalogue;
        this.ruleIds = Set.copyOf(ruleIds);
        this.levels = Set.copyOf(levels);
        this.capabilities = Set.copyOf(capabilities);
        this.chapters = Set.copyOf(chapters);
    }

    /**
     * Builds a filter from user input, rejecting unknown values with a message that names them: rule ids
     * must be in the catalogue, levels are spelt {@code MUST}, {@code must-not}, {@code "SHOULD NOT"}...,
     * capabilities and chapters must be used by at least one rule.
     *
     * @throws IllegalArgumentException naming every unknown value
     */
    public static RuleTagFilter of(RuleCatalogue catalogue, Collection<String> ruleIds, Collection<String> levels,
                                   Collection<String> capabilities, Collection<String> chapters) {
        List<String> errors = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (String id : ruleIds) {
            String norm = id.strip().toUpperCase(Locale.ROOT);
            if (catalogue.contains(norm)) ids.add(norm);
            else errors.add("no rule " + id.strip());
        }
        Set<Level> lv = new LinkedHashSet<>();
        for (String l : levels) {
            try {
                lv.add(Level.parse(l.strip().toUpperCase(Locale.ROOT).replace('-', ' ').replace('_', ' ')));
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        Set<String> knownCaps = catalogue.rules().stream().map(Rule::capability).collect(Collectors.toSet());
        Set<String> caps = new LinkedHashSet<>();
        for (String c : capabilities) {
            if (knownCaps.contains(c.strip())) caps.add(c.strip());
            else errors.add("no rule needs capability '" + c.strip() + "' (known: " + String.join(", ", sorted(knownCaps)) + ")");
        }
        Set<String> knownChapters = catalogue.chapters().stream().map(c -> c.id()).collect(Collectors.toSet());
        Set<String> chs = new LinkedHashSet<>();
        for (String c : chapters) {
            if (knownChapters.contains(c.strip())) chs.add(c.strip());
            else errors.add("no chapter '" + c.strip() + "' (known: " + String.join(", ", sorted(knownChapters)) + ")");
        }
        if (!errors.isEmpty()) throw new IllegalArgumentException(String.join("; ", errors));
        return new RuleTagFilter(catalogue, ids, lv, caps, chs);
    }

    /** True when no criterion is set: the filter keeps every test. */
    public boolean isEmpty() {
        return ruleIds.isEmpty() && levels.isEmpty() && capabilities.isEmpty() && chapters.isEmpty();
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (isEmpty() || !descriptor.isTest()) return FilterResult.included("containers are pruned by their tests");
        Optional<RuleTest> rt = ruleTestOf(descriptor);
        if (rt.isEmpty()) return FilterResult.excluded("not a @RuleTest");
        for (String id : rt.get().value()) {
            Rule r = catalogue.find(id).orElse(null);
            if (r != null && matches(r)) return FilterResult.included("cites " + id);
        }
        return FilterResult.excluded("cites no selected rule");
    }

    boolean matches(Rule r) {
        return (ruleIds.isEmpty() || ruleIds.contains(r.id()))
                && (levels.isEmpty() || levels.contains(r.level()))
                && (capabilities.isEmpty() || capabilities.contains(r.capability()))
                && (chapters.isEmpty() || chapters.contains(r.chapter()));
    }

    /** The {@code @RuleTest} of a test descriptor's method (or of the method a template invocation belongs to). */
    static Optional<RuleTest> ruleTestOf(TestDescriptor descriptor) {
        for (Optional<TestDescriptor> d = Optional.of(descriptor); d.isPresent(); d = d.get().getParent()) {
            if (d.get().getSource().orElse(null) instanceof MethodSource ms) {
                try {
                    return AnnotationSupport.findAnnotation(ms.getJavaMethod(), RuleTest.class);
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Tags for a test citing the given ids: {@code rule:ID}, {@code level:must}, {@code cap:X}, {@code chapter:X}. */
    public static Set<String> tagsFor(RuleCatalogue catalogue, String... ruleIds) {
        Set<String> tags = new LinkedHashSet<>();
        for (String id : ruleIds) {
            tags.add("rule:" + id);
            catalogue.find(id).ifPresent(r -> {
                if (r.level() != null) tags.add("level:" + r.level().tag());
                tags.add("cap:" + r.capability());
                tags.add("chapter:" + r.chapter());
            });
        }
        return tags;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}

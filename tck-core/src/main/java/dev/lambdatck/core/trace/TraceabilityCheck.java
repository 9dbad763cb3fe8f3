package dev.lambdatck.core.trace;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.spec.Chapter;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import org.apiguardian.api.API;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Links TCK tests to catalogue rules: finds every method annotated (directly or through a composed
 * annotation) with {@link RuleTest} in the given packages, checks that each cited id exists, and reports
 * per chapter which automated rules no test cites. The suites call it from their own build tests:
 * <pre>{@code
 * TraceabilityReport r = TraceabilityCheck.scan(RuleCatalogue.bundled(), c -> c.id().startsWith("rt-"), "dev.lambdatck.tck.runtime");
 * System.out.print(r.assertNoUnknownRules().summary());
 * }</pre>
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class TraceabilityCheck {

    private TraceabilityCheck() {
    }

    /** Scans the packages (and their sub-packages); coverage covers every chapter of the catalogue. */
    public static TraceabilityReport scan(RuleCatalogue catalogue, String... packages) {
        return scan(catalogue, c -> true, packages);
    }

    /**
     * Scans the packages (and their sub-packages); coverage is reported for the chapters the predicate
     * selects (a suite usually owns only some chapters). Unknown ids are reported whatever the chapter.
     */
    public static TraceabilityReport scan(RuleCatalogue catalogue, Predicate<Chapter> chapters, String... packages) {
        if (packages.length == 0) throw new IllegalArgumentException("name at least one package to scan");
        List<Citation> citations = new ArrayList<>();
        for (String pkg : packages) {
            // abstract classes and interfaces are counted through the concrete classes that run their tests
            Predicate<Class<?>> concrete = t -> !t.isInterface() && !Modifier.isAbstract(t.getModifiers());
            for (Class<?> type : ReflectionSupport.findAllClassesInPackage(pkg, concrete, n -> true)) {
                citations.addAll(citationsOf(type));
            }
        }
        citations.sort(Comparator.comparing(Citation::className).thenComparing(Citation::methodName).thenComparing(Citation::ruleId));
        List<Citation> unknown = new ArrayList<>();
        List<Citation> notAutomated = new ArrayList<>();
        Set<String> cited = new HashSet<>();
        for (Citation c : citations) {
            Optional<Rule> rule = catalogue.find(c.ruleId());
            if (rule.isEmpty()) unknown.add(c);
            else {
                cited.add(c.ruleId());
                if (!rule.get().isAutomated()) notAutomated.add(c);
            }
        }
        List<ChapterCoverage> coverage = new ArrayList<>();
        for (Chapter ch : catalogue.chapters()) {
            if (!chapters.test(ch)) continue;
            int automated = 0;
            int tested = 0;
            List<String> untested = new ArrayList<>();
            for (Rule r : ch.rules()) {
                if (!r.isAutomated()) continue;
                automated++;
                if (cited.contains(r.id())) tested++;
                else untested.add(r.id());
            }
            coverage.add(new ChapterCoverage(ch.id(), ch.title(), automated, tested, untested));
        }
        return new TraceabilityReport(List.of(packages), citations, unknown, notAutomated, coverage);
    }

    /** The citations of one class, including inherited test methods. */
    static List<Citation> citationsOf(Class<?> type) {
        List<Citation> out = new ArrayList<>();
        List<Method> methods;
        try {
            methods = ReflectionSupport.findMethods(type,
                    m -> AnnotationSupport.isAnnotated(m, RuleTest.class), HierarchyTraversalMode.TOP_DOWN);
        } catch (LinkageError e) {
            // a class whose dependencies are absent cannot hold a runnable test; nothing to cite
            return out;
        }
        for (Method m : methods) {
            RuleTest rt = AnnotationSupport.findAnnotation(m, RuleTest.class).orElseThrow();
            // an empty list cites nothing: report it as an unknown (empty) id rather than let it pass silently
            if (rt.value().length == 0) out.add(new Citation("", type.getName(), m.getName()));
            for (String id : rt.value()) out.add(new Citation(id, type.getName(), m.getName()));
        }
        return out;
    }
}

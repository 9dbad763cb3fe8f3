package dev.lambdatck.core.run;

import dev.lambdatck.core.RuleTest;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/** Reads the rule ids a test cites from its {@link RuleTest} annotation. */
final class TestRules {

    private TestRules() {
    }

    /** The cited ids, or an empty list when the source is not a method or the method is not a rule test. */
    static List<String> of(TestSource source) {
        return method(source).flatMap(m -> AnnotationSupport.findAnnotation(m, RuleTest.class))
                .map(rt -> List.of(rt.value())).orElse(List.of());
    }

    static Optional<Method> method(TestSource source) {
        if (!(source instanceof MethodSource ms)) return Optional.empty();
        try {
            return Optional.of(ms.getJavaMethod());
        } catch (RuntimeException e) {
            // the class or method cannot be loaded: the engine reports that itself
            return Optional.empty();
        }
    }
}

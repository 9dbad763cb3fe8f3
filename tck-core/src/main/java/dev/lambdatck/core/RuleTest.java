package dev.lambdatck.core;

import dev.lambdatck.core.junit.TckExtension;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a TCK test and names the catalogue rules it checks. A rule passes only when every test
 * citing it ran and passed. The build fails when an id is not in the catalogue.
 *
 * <p>JUnit tags cannot be computed, so {@code rule:ID}, {@code level:must} and {@code cap:X} tags are
 * derived from this annotation by {@link dev.lambdatck.core.junit.RuleTagFilter} at discovery time.
 */
@API(status = API.Status.STABLE, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Test
@Tag("tck")
@ExtendWith(TckExtension.class)
public @interface RuleTest {

    /** Rule ids, e.g. {@code "RT-NEXT-003"}. */
    String[] value();
}

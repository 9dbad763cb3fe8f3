package dev.lambdatck.core.run;

import dev.lambdatck.spec.Binds;
import org.apiguardian.api.API;
import org.junit.platform.engine.DiscoverySelector;

import java.util.List;
import java.util.Set;

/**
 * One suite of the kit ({@code platform}, {@code runtime}, {@code layers}). Suite modules register an
 * implementation in {@code META-INF/services/dev.lambdatck.core.run.TckSuite}; {@code lambda-tck run}
 * finds them with {@link java.util.ServiceLoader} (see {@link TckSuites}).
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface TckSuite {

    /** Short name used on the command line and in results: {@code platform}, {@code runtime}, {@code layers}. */
    String name();

    /** One line for {@code lambda-tck run --help} and the report. */
    String description();

    /** What the JUnit Platform should discover for this suite: usually one package selector. */
    List<DiscoverySelector> selectors();

    /**
     * The sides of the contract this suite checks. Every catalogue rule binding one of them is in the
     * suite's scope: it is reported even when no test cites it (then NOT_VERIFIED).
     */
    Set<Binds> binds();
}

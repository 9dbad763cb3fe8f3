package dev.lambdatck.core.target;

import org.apiguardian.api.API;

/**
 * Creates platform targets for one adapter name; found with {@link java.util.ServiceLoader}. The
 * embedded adapter lives in the reference implementation module and registers itself this way, so the
 * suites never import it.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface PlatformTargetProvider {

    /** Adapter name as written in descriptors and on the command line: {@code embedded}, {@code rie}, ... */
    String adapter();

    /** Capabilities this adapter offers when a descriptor names none. */
    java.util.Set<String> defaultCapabilities();

    PlatformTarget create(TargetDescriptor descriptor);
}

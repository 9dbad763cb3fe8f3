package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.function.FunctionConfig;

/**
 * Prepares a function's file system once (code unpacked, layers merged into /opt) and then starts as many
 * runtime processes from it as the platform needs.
 */
public interface EnvironmentLauncher {

    /** How bootstraps see /var/task and /opt: mount namespaces, or host mode with documented path mapping. */
    IsolationMode isolationMode();

    /** Unpacks code and merges layers. Throws {@link EnvironmentException} for bad archives or limits. */
    PreparedFunction prepare(FunctionConfig function) throws EnvironmentException;
}

package dev.lambdatck.refimpl.environment;

import java.nio.file.Path;
import java.util.List;

/**
 * How runtime processes are launched here, decided once at start-up by {@link IsolationProbe}.
 *
 * @param mode       what the bootstrap sees
 * @param prefix     the namespace command (unshare ...) in NAMESPACES mode, empty in HOST mode
 * @param supervisor the supervisor script, or null when perl is missing (HOST mode only: the bootstrap is then
 *                   the JVM's direct child and a signal death can only be inferred from 128+N)
 * @param reason     one sentence on why this mode was chosen
 */
record Sandbox(IsolationMode mode, List<String> prefix, HostTools tools, Path supervisor, String reason) {

    boolean supervised() {
        return supervisor != null;
    }
}

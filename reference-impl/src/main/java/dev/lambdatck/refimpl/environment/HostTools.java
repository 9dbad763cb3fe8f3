package dev.lambdatck.refimpl.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Host programs the launcher relies on, located once by absolute path (the runtime's environment is not the
 * host's, so nothing may depend on the JVM's PATH).
 *
 * @param perl    runs the supervisor (exact exit/signal reporting); null when absent
 * @param unshare util-linux unshare, for NAMESPACES mode; null when absent
 * @param mount   util-linux mount, for NAMESPACES mode; null when absent
 * @param uid     the JVM's real user id (0 = root)
 */
record HostTools(String perl, String unshare, String mount, int uid) {

    private static final List<String> BIN_DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin");

    static HostTools locate() {
        return new HostTools(find("perl"), find("unshare"), find("mount"), currentUid());
    }

    private static String find(String name) {
        for (String dir : BIN_DIRS) {
            Path p = Paths.get(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    private static int currentUid() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: treated as unprivileged
        }
        return -1;
    }
}

package dev.lambdatck.refimpl.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Bootstrap discovery for provided runtimes (layers.md §3): /var/task/bootstrap, then /opt/bootstrap; a directory
 * named bootstrap is skipped; the first regular file found is used and must be executable. Error texts are AWS's.
 */
final class BootstrapLocator {

    static final String INVALID_ENTRYPOINT = "Runtime.InvalidEntrypoint";
    static final String TASK_BOOTSTRAP = "/var/task/bootstrap";
    static final String OPT_BOOTSTRAP = "/opt/bootstrap";

    /**
     * @param viewPath the bootstrap as the function sees it ("/var/task/bootstrap")
     * @param hostPath the same file on the host (symlinks within /var/task and /opt already followed)
     */
    record Located(String viewPath, Path hostPath) {
    }

    private BootstrapLocator() {
    }

    static Located locate(Path codeDir, Path optDir) {
        return locate(codeDir, optDir, false);
    }

    /** @param optFirst the layer-bootstrap-first fault: /opt/bootstrap looked for before /var/task/bootstrap */
    static Located locate(Path codeDir, Path optDir, boolean optFirst) {
        List<Located> candidates = List.of(new Located(TASK_BOOTSTRAP, codeDir.resolve("bootstrap")),
                new Located(OPT_BOOTSTRAP, optDir.resolve("bootstrap")));
        if (optFirst) candidates = List.of(candidates.get(1), candidates.get(0));
        for (Located c : candidates) {
            Path host = followInView(c.hostPath(), codeDir, optDir);
            if (host == null || !Files.isRegularFile(host)) continue; // missing, dangling or a directory
            if (!Files.isExecutable(host)) {
                throw new EnvironmentException(INVALID_ENTRYPOINT, "fork/exec " + c.viewPath() + ": permission denied");
            }
            return new Located(c.viewPath(), host);
        }
        throw new EnvironmentException(INVALID_ENTRYPOINT,
                "Couldn't find valid bootstrap(s): [" + TASK_BOOTSTRAP + " " + OPT_BOOTSTRAP + "]");
    }

    /**
     * Follows a symlinked bootstrap the way the function's view would: absolute targets under /var/task or /opt
     * map to the host directories; anything else cannot be resolved here and counts as missing.
     */
    static Path followInView(Path p, Path codeDir, Path optDir) {
        try {
            for (int hops = 0; hops < 40; hops++) {
                if (!Files.isSymbolicLink(p)) return p;
                String target = Files.readSymbolicLink(p).toString();
                if (!target.startsWith("/")) {
                    p = p.getParent().resolve(target).normalize();
                } else if (target.equals("/var/task") || target.startsWith("/var/task/")) {
                    p = codeDir.resolve(target.substring("/var/task".length()).replaceFirst("^/", "")).normalize();
                } else if (target.equals("/opt") || target.startsWith("/opt/")) {
                    p = optDir.resolve(target.substring("/opt".length()).replaceFirst("^/", "")).normalize();
                } else {
                    return null;
                }
                if (!p.startsWith(codeDir) && !p.startsWith(optDir)) return null;
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}

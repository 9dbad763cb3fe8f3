package dev.lambdatck.refimpl.layers;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Which symlinks an archive may carry. AWS keeps symlinks (relative and absolute, e.g. a package's
 * {@code node_modules -> /opt/nodejs/node_modules}; layers.md §6). We keep a link when its target, resolved
 * lexically in the function's view of the file system, lies inside {@code /var/task} or {@code /opt}; anything
 * else ({@code /etc/passwd}, {@code ../../..}) is refused, so an archive can never point the host at its own
 * files. The check is lexical; the platform's own code never follows links from an archive (it writes with
 * no-follow semantics and replaces linked parent directories), so chains of links cannot be used against it.
 */
public final class SymlinkPolicy {

    /** The trees of the function's view that archives populate. */
    public static final List<String> VIEW_TREES = List.of("/var/task", "/opt");

    private SymlinkPolicy() {
    }

    /**
     * @param viewRoot   where the archive is unpacked in the function's view ("/var/task" or "/opt")
     * @param linkPath   the link's components below {@code viewRoot}
     * @param target     the link text
     */
    public static void check(String viewRoot, List<String> linkPath, String target, String archive, int maxLength) {
        String where = archive + ": symlink \"" + String.join("/", linkPath) + "\" -> \"" + target + "\"";
        if (target.isEmpty() || target.indexOf('\0') >= 0 || target.length() > maxLength) {
            throw new InvalidArchiveException(where + " has an empty, overlong or NUL-containing target");
        }
        String base = viewRoot + "/" + String.join("/", linkPath.subList(0, linkPath.size() - 1));
        String resolved = normalize(target.startsWith("/") ? target : base + "/" + target);
        for (String tree : VIEW_TREES) {
            if (resolved.equals(tree) || resolved.startsWith(tree + "/")) return;
        }
        throw new InvalidArchiveException(where + " points outside /var/task and /opt (resolves to " + resolved
                + "); only links into the function's own trees are kept");
    }

    /** Lexical normalisation with Unix semantics: ".." at the root stays at the root. */
    static String normalize(String absolute) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : absolute.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return "/" + String.join("/", parts);
    }
}

package dev.lambdatck.refimpl.layers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places archive entries into one tree ({@code /var/task} or {@code /opt}) with "later wins" semantics, so several
 * layers can be written one after the other: directories merge; a file, link or directory at a path replaces
 * whatever was there (a directory replaced by a file goes away entirely, Docker-untar style, LY-MERGE-008); a
 * parent component that is a file or link is replaced by a directory, so nothing is ever written through a link.
 * Directory modes are applied in {@link #finish()} (deepest first) so a read-only directory from an early layer
 * cannot block a later one.
 */
public final class TreeWriter {

    /** Mode for files whose archive carries no Unix attributes (zips made on Windows): readable, not executable. */
    public static final int DEFAULT_FILE_MODE = 0644;
    public static final int DEFAULT_DIR_MODE = 0755;

    private final Path root;
    private final String viewRoot;
    private final ExtractionBudget budget;
    private final Map<Path, Integer> directoryModes = new LinkedHashMap<>();

    /**
     * @param root     host directory to fill (created if missing)
     * @param viewRoot the same directory as the function sees it, for the symlink policy ("/var/task" or "/opt")
     */
    public TreeWriter(Path root, String viewRoot, ExtractionBudget budget) throws IOException {
        this.root = root;
        this.viewRoot = viewRoot;
        this.budget = budget;
        Files.createDirectories(root);
    }

    public String viewRoot() {
        return viewRoot;
    }

    public ExtractionBudget budget() {
        return budget;
    }

    public void directory(List<String> path, Integer mode) throws IOException {
        budget.addEntry();
        if (path.isEmpty()) return;
        Path p = parentOf(path).resolve(path.get(path.size() - 1));
        BasicFileAttributes a = Trees.attributesOrNull(p);
        if (a == null || !a.isDirectory()) {
            Trees.deleteRecursively(p);
            Files.createDirectory(p);
        }
        directoryModes.put(p, directoryMode(mode));
    }

    public void file(List<String> path, InputStream content, Integer mode) throws IOException {
        budget.addEntry();
        Path p = replaceable(path);
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = content.read(buffer)) > 0) {
                budget.addBytes(n);
                out.write(buffer, 0, n);
            }
        }
        Files.setPosixFilePermissions(p, Trees.permissions(mode == null ? DEFAULT_FILE_MODE : mode & 0777));
    }

    public void symlink(List<String> path, String target, String archive) throws IOException {
        budget.addEntry();
        SymlinkPolicy.check(viewRoot, path, target, archive, budget.limits().maxSymlinkTarget());
        Path p = replaceable(path);
        Files.createSymbolicLink(p, Paths.get(target));
    }

    /** Applies directory modes, deepest first; call once after the last archive. */
    public void finish() throws IOException {
        List<Map.Entry<Path, Integer>> dirs = new ArrayList<>(directoryModes.entrySet());
        dirs.sort(Comparator.comparingInt((Map.Entry<Path, Integer> e) -> e.getKey().getNameCount()).reversed());
        for (Map.Entry<Path, Integer> d : dirs) {
            BasicFileAttributes a = Trees.attributesOrNull(d.getKey());
            if (a != null && a.isDirectory()) {
                Files.setPosixFilePermissions(d.getKey(), Trees.permissions(d.getValue()));
            }
        }
        directoryModes.clear();
    }

    /** AWS sets directories the runtime user cannot traverse to 755 (layers.md §1.4). */
    static int directoryMode(Integer mode) {
        if (mode == null) return DEFAULT_DIR_MODE;
        int m = mode & 0777;
        return (m & 0555) == 0555 ? m : DEFAULT_DIR_MODE;
    }

    private Path replaceable(List<String> path) throws IOException {
        if (path.isEmpty()) throw new InvalidArchiveException("an entry names the archive root as a file");
        Path p = parentOf(path).resolve(path.get(path.size() - 1));
        Trees.deleteRecursively(p);
        return p;
    }

    private Path parentOf(List<String> path) throws IOException {
        Path cur = root;
        for (int i = 0; i < path.size() - 1; i++) {
            cur = cur.resolve(path.get(i));
            BasicFileAttributes a = Trees.attributesOrNull(cur);
            if (a != null && a.isDirectory()) continue;
            if (a != null) Trees.deleteRecursively(cur); // a file or a link: never write through it
            Files.createDirectory(cur);
            directoryModes.putIfAbsent(cur, DEFAULT_DIR_MODE);
        }
        return cur;
    }
}

package dev.lambdatck.refimpl.faults;

import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.layers.Trees;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For the cache faults: keeps the first merged /opt per key and serves it again, as emulators that cache extracted
 * layers by name and path do (LY-MERGE-007, LY-MERGE-008).
 */
final class MergeCache implements AutoCloseable {

    private final Map<String, Path> copies = new ConcurrentHashMap<>();

    /** Function name plus the ordered layer paths: replaced archive bytes at the same path go unnoticed. */
    static String byPaths(FunctionConfig fn) {
        return fn.name() + "|" + fn.layers();
    }

    /** Function name plus the set of archive digests: a new order of the same archives goes unnoticed. */
    static String byLayerSet(FunctionConfig fn) {
        List<String> digests = new ArrayList<>();
        for (Path l : fn.layers()) digests.add(digest(l));
        digests.sort(null);
        return fn.name() + "|" + digests;
    }

    /** Serves the cached tree for the key if there is one, otherwise remembers this one. */
    synchronized void apply(String key, Path opt) throws IOException {
        Path cached = copies.get(key);
        if (cached != null) {
            LayerFaultTrees.replaceWithCopy(cached, opt);
            return;
        }
        // beside the functions' directories in the work root: it must outlive this function
        Path copy = opt.getParent().resolveSibling(".merge-cache-" + copies.size() + "-" + System.nanoTime());
        LayerFaultTrees.copyMissing(opt, copy);
        copies.put(key, copy);
    }

    private static String digest(Path p) {
        if (!Files.isRegularFile(p)) return p.toString();
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return p.toString();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        for (Path p : copies.values()) Trees.deleteRecursively(p);
        copies.clear();
    }
}

package dev.lambdatck.refimpl.faults;

import dev.lambdatck.refimpl.environment.EnvironmentException;
import dev.lambdatck.refimpl.environment.EnvironmentLauncher;
import dev.lambdatck.refimpl.environment.IsolationMode;
import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.environment.ProcessEnvironmentLauncher;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.layers.ContentSource;
import dev.lambdatck.refimpl.layers.ExtractionLimits;
import dev.lambdatck.refimpl.layers.InvalidArchiveException;
import dev.lambdatck.refimpl.layers.SizeCheck;
import dev.lambdatck.refimpl.layers.Trees;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process launcher, plus the layer faults (the {@link Fault}s whose rules are {@code LY-*}): each one makes the
 * platform deviate the way a real emulator has, by changing the function's configuration before the launcher
 * prepares it, or its trees after. With no layer fault on, it only delegates. Kept outside the environment code so
 * the conforming path has no fault branches.
 */
public final class LayerFaultLauncher implements EnvironmentLauncher, AutoCloseable {

    /** The layer faults, in the order they are applied. */
    static final Set<Fault> LAYER_FAULTS = EnumSet.of(
            Fault.LAYERS_REVERSE_ORDER, Fault.LAYERS_REPLACE_DIRECTORIES, Fault.LAYERS_STRIP_TOP_DIRECTORY,
            Fault.PACKAGE_MERGED_INTO_OPT, Fault.LAYERS_COPIED_INTO_TASK, Fault.CACHE_LAYERS_BY_PATH,
            Fault.CACHE_MERGE_IGNORING_ORDER, Fault.LAYERS_OPT_WRITABLE, Fault.TASK_WRITABLE, Fault.NO_OPT_BIN_IN_PATH,
            Fault.OPT_BIN_FIRST_IN_PATH, Fault.NO_OPT_LIB_IN_LIBRARY_PATH, Fault.IGNORE_PATH_OVERRIDE,
            Fault.OPT_BOOTSTRAP_FIRST, Fault.NO_OPT_BOOTSTRAP_FALLBACK, Fault.BOOTSTRAP_DIRECTORY_NOT_SKIPPED,
            Fault.CHMOD_BOOTSTRAP, Fault.MISSING_BOOTSTRAP_AS_EXIT_ERROR, Fault.NO_LAYER_COUNT_LIMIT,
            Fault.FOUR_LAYER_LIMIT, Fault.SIZE_LIMIT_EXCLUSIVE, Fault.TRUST_DECLARED_SIZES, Fault.FLATTEN_RELATIVE_SYMLINKS,
            Fault.DROP_ABSOLUTE_SYMLINKS, Fault.LAYERS_CHMOD_755, Fault.ALLOW_ZIP_SLIP, Fault.FOLLOW_ARCHIVE_SYMLINKS,
            Fault.ACCEPT_NON_ZIP_LAYERS, Fault.ACCEPT_EMPTY_ZIP_LAYERS, Fault.ACCEPT_UNREADABLE_FILES);

    private final FaultSet faults;
    private final ProcessEnvironmentLauncher inner;
    private final Path scratch;
    private final Path ownedWorkRoot;
    private final MergeCache cache = new MergeCache();
    private int prepared;

    private LayerFaultLauncher(FaultSet faults, ProcessEnvironmentLauncher inner, Path ownedWorkRoot) {
        this.faults = faults;
        this.inner = inner;
        this.ownedWorkRoot = ownedWorkRoot;
        this.scratch = inner.workRoot().resolve(".layer-faults");
    }

    /** The launcher a platform with these faults uses: the plain one unless a layer fault changes its limits. */
    public static LayerFaultLauncher create(FaultSet faults) {
        ExtractionLimits aws = ExtractionLimits.AWS;
        int maxLayers = faults.has(Fault.NO_LAYER_COUNT_LIMIT) ? 1000 : faults.has(Fault.FOUR_LAYER_LIMIT) ? 4 : aws.maxLayers();
        long maxBytes = faults.has(Fault.TRUST_DECLARED_SIZES) ? Long.MAX_VALUE
                : faults.has(Fault.SIZE_LIMIT_EXCLUSIVE) ? aws.maxUnzippedBytes() - 1 : aws.maxUnzippedBytes();
        if (maxLayers == aws.maxLayers() && maxBytes == aws.maxUnzippedBytes()) {
            return new LayerFaultLauncher(faults, new ProcessEnvironmentLauncher(faults), null);
        }
        Path root;
        try {
            root = Files.createTempDirectory("lambda-tck-refimpl-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary work root", e);
        }
        ExtractionLimits limits = new ExtractionLimits(maxLayers, maxBytes, aws.maxEntries(), aws.maxSymlinkTarget());
        return new LayerFaultLauncher(faults, new ProcessEnvironmentLauncher(root, limits, true, faults), root);
    }

    @Override
    public IsolationMode isolationMode() {
        return inner.isolationMode();
    }

    @Override
    public PreparedFunction prepare(FunctionConfig function) {
        if (faults.asSet().stream().noneMatch(LAYER_FAULTS::contains)) return inner.prepare(function);
        List<LayerFaultZips.NaiveWrite> naive = new ArrayList<>();
        FunctionConfig cfg = configure(function, naive);
        if (faults.has(Fault.TRUST_DECLARED_SIZES)) checkDeclaredSizes(cfg);
        PreparedFunction p = inner.prepare(cfg);
        try {
            alterTrees(cfg, p, naive);
        } catch (IOException | RuntimeException e) {
            p.close();
            throw new EnvironmentException("Runtime.Unknown", "layer fault: " + e.getMessage(), e);
        }
        return new LayerFaultPreparedFunction(p, faults);
    }

    /** Faults applied to the configuration: layer list, archives, environment. */
    private FunctionConfig configure(FunctionConfig fn, List<LayerFaultZips.NaiveWrite> naive) {
        List<Path> layers = new ArrayList<>(fn.layers());
        if (faults.has(Fault.LAYERS_REVERSE_ORDER)) Collections.reverse(layers);
        if (faults.has(Fault.ACCEPT_NON_ZIP_LAYERS)) layers.removeIf(l -> !LayerFaultZips.isZip(l));
        if (faults.has(Fault.ACCEPT_EMPTY_ZIP_LAYERS)) layers.removeIf(LayerFaultZips::isEmptyZip);
        Map<String, String> links = faults.has(Fault.FOLLOW_ARCHIVE_SYMLINKS) ? LayerFaultZips.traversedLinks(layers) : Map.of();
        boolean slip = faults.has(Fault.ALLOW_ZIP_SLIP);
        boolean readable = faults.has(Fault.ACCEPT_UNREADABLE_FILES);
        if (slip || readable || !links.isEmpty()) {
            for (int i = 0; i < layers.size(); i++) {
                Path zip = layers.get(i);
                if (!Files.isRegularFile(zip) || !LayerFaultZips.isZip(zip)) continue;
                Path out = scratchFile("layer-" + i + ".zip");
                Map<String, byte[]> leftOut = new LinkedHashMap<>();
                List<ZipArchiveEntry> dropped = LayerFaultZips.rewrite(zip, out,
                        e -> !(slip && LayerFaultZips.hostile(e.getName())) && !under(links, e.getName()),
                        mode -> readable ? mode | 0004 : mode, leftOut);
                for (ZipArchiveEntry e : dropped) {
                    if (e.isDirectory() || links.containsKey(LayerFaultZips.trim(e.getName()))) continue;
                    String link = linkOf(links, e.getName());
                    naive.add(new LayerFaultZips.NaiveWrite(e.getName(), leftOut.get(e.getName()), link,
                            link == null ? null : links.get(link)));
                }
                layers.set(i, out);
            }
        }
        Map<String, String> env = new LinkedHashMap<>(fn.environment());
        if (faults.has(Fault.IGNORE_PATH_OVERRIDE)) {
            env.remove("PATH");
            env.remove("LD_LIBRARY_PATH");
        }
        if (faults.has(Fault.NO_OPT_BIN_IN_PATH)) env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin/:/bin");
        if (faults.has(Fault.OPT_BIN_FIRST_IN_PATH)) env.putIfAbsent("PATH", "/opt/bin:/usr/local/bin:/usr/bin/:/bin");
        if (faults.has(Fault.NO_OPT_LIB_IN_LIBRARY_PATH)) {
            env.putIfAbsent("LD_LIBRARY_PATH", "/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib");
        }
        return new FunctionConfig(fn.name(), fn.version(), fn.code(), fn.handler(), env, fn.timeout(), fn.memoryMb(), layers,
                fn.concurrency(), fn.region(), fn.accountId());
    }

    /** Faults applied to the prepared trees. */
    private void alterTrees(FunctionConfig cfg, PreparedFunction p, List<LayerFaultZips.NaiveWrite> naive) throws IOException {
        Path opt = p.optDir();
        Path task = p.codeDir();
        if (faults.has(Fault.LAYERS_REPLACE_DIRECTORIES)) {
            LayerFaultTrees.rebuild(opt, cfg.layers(), LayerFaultTrees.Placement.REPLACE_TOP_LEVEL);
        }
        if (faults.has(Fault.LAYERS_STRIP_TOP_DIRECTORY)) {
            LayerFaultTrees.rebuild(opt, cfg.layers(), LayerFaultTrees.Placement.STRIP_SINGLE_TOP_DIRECTORY);
        }
        for (LayerFaultZips.NaiveWrite w : naive) writeNaively(opt, w);
        if (faults.has(Fault.CACHE_LAYERS_BY_PATH)) cache.apply(MergeCache.byPaths(cfg), opt);
        if (faults.has(Fault.CACHE_MERGE_IGNORING_ORDER)) cache.apply(MergeCache.byLayerSet(cfg), opt);
        if (faults.has(Fault.LAYERS_COPIED_INTO_TASK)) LayerFaultTrees.copyMissing(opt, task);
        if (faults.has(Fault.PACKAGE_MERGED_INTO_OPT)) LayerFaultTrees.copyMissing(task, opt);
        if (faults.has(Fault.LAYERS_CHMOD_755)) LayerFaultTrees.chmodFiles(opt, 0755);
        if (faults.has(Fault.FLATTEN_RELATIVE_SYMLINKS) || faults.has(Fault.DROP_ABSOLUTE_SYMLINKS)) {
            LayerFaultTrees.mangleLinks(opt, faults.has(Fault.FLATTEN_RELATIVE_SYMLINKS), faults.has(Fault.DROP_ABSOLUTE_SYMLINKS));
        }
        if (faults.has(Fault.OPT_BOOTSTRAP_FIRST) && Files.isRegularFile(opt.resolve("bootstrap"))
                && Files.exists(task.resolve("bootstrap"))) {
            Files.move(task.resolve("bootstrap"), task.resolve(".bootstrap-shadowed-by-opt"));
        }
        if (faults.has(Fault.LAYERS_OPT_WRITABLE)) MountPlanFaults.dropReadOnlyRemount(task, "opt");
        if (faults.has(Fault.TASK_WRITABLE)) MountPlanFaults.dropReadOnlyRemount(task, "var/task");
    }

    /** Writes an entry the way a platform that trusts entry names would: resolved against /opt's host directory. */
    private static void writeNaively(Path opt, LayerFaultZips.NaiveWrite w) throws IOException {
        Path target;
        if (w.viaLink() != null) {
            String rest = LayerFaultZips.trim(w.name()).substring(w.viaLink().length() + 1);
            Path base = w.linkTarget().startsWith("/") ? Path.of(w.linkTarget()) : opt.resolve(w.viaLink()).getParent().resolve(w.linkTarget());
            target = base.resolve(rest).normalize();
        } else {
            String n = w.name().replace('\\', '/');
            target = n.startsWith("/") ? Path.of(n) : opt.resolve(n).normalize();
        }
        Files.createDirectories(target.getParent());
        Files.write(target, w.content());
    }

    private void checkDeclaredSizes(FunctionConfig cfg) {
        try {
            List<Long> sizes = new ArrayList<>();
            for (int i = 0; i < cfg.layers().size(); i++) sizes.add(ContentSource.of(cfg.layers().get(i), "layer " + (i + 1)).declaredSize());
            SizeCheck.check(ContentSource.of(cfg.code(), "function code").declaredSize(), sizes, ExtractionLimits.AWS.maxUnzippedBytes());
        } catch (InvalidArchiveException e) {
            throw new EnvironmentException(e.errorType(), e.getMessage(), e);
        }
    }

    private static boolean under(Map<String, String> links, String name) {
        String n = LayerFaultZips.trim(name);
        return links.containsKey(n) || linkOf(links, name) != null;
    }

    private static String linkOf(Map<String, String> links, String name) {
        String n = LayerFaultZips.trim(name);
        for (String l : links.keySet()) if (n.startsWith(l + "/")) return l;
        return null;
    }

    private synchronized Path scratchFile(String name) {
        try {
            Path dir = Files.createDirectories(scratch.resolve(Integer.toString(++prepared)));
            return dir.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            cache.close();
            Trees.deleteRecursively(scratch);
        } catch (IOException e) {
            // scratch space under the work root; the work root goes below
        }
        inner.close();
        if (ownedWorkRoot != null) {
            try {
                Trees.deleteRecursively(ownedWorkRoot);
            } catch (IOException e) {
                System.getLogger(LayerFaultLauncher.class.getName()).log(System.Logger.Level.WARNING,
                        "could not delete " + ownedWorkRoot + ": " + e.getMessage());
            }
        }
    }
}

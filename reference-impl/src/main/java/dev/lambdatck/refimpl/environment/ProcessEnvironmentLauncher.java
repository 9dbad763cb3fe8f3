package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.layers.ExtractionLimits;
import dev.lambdatck.refimpl.layers.Trees;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Runs bootstraps as local processes. At construction it decides, once, how isolated they can be (see
 * {@link IsolationProbe}) and logs one line saying which mode and why. See reference-impl/docs/environments.md.
 */
public final class ProcessEnvironmentLauncher implements EnvironmentLauncher, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProcessEnvironmentLauncher.class.getName());

    private final Path workRoot;
    private final boolean ownsWorkRoot;
    private final Sandbox sandbox;
    private final FunctionUnpacker unpacker;
    private final Clock clock;
    private final FaultSet faults;

    /** Uses a fresh temporary work root, deleted by {@link #close()}. */
    public ProcessEnvironmentLauncher() {
        this(FaultSet.none());
    }

    /** The same, for a platform built with {@code faults} (only the environment faults act here). */
    public ProcessEnvironmentLauncher(FaultSet faults) {
        this(createTempRoot(), true, ExtractionLimits.AWS, true, faults);
    }

    public ProcessEnvironmentLauncher(Path workRoot) {
        this(workRoot, false, ExtractionLimits.AWS, true, FaultSet.none());
    }

    /**
     * @param allowNamespaces false forces HOST mode (debugging, or hosts where the probe itself is unwelcome)
     */
    public ProcessEnvironmentLauncher(Path workRoot, ExtractionLimits limits, boolean allowNamespaces) {
        this(workRoot, false, limits, allowNamespaces, FaultSet.none());
    }

    public ProcessEnvironmentLauncher(Path workRoot, ExtractionLimits limits, boolean allowNamespaces, FaultSet faults) {
        this(workRoot, false, limits, allowNamespaces, faults);
    }

    private ProcessEnvironmentLauncher(Path workRoot, boolean ownsWorkRoot, ExtractionLimits limits,
                                       boolean allowNamespaces, FaultSet faults) {
        this.faults = faults == null ? FaultSet.none() : faults;
        try {
            this.workRoot = Files.createDirectories(workRoot).toAbsolutePath().normalize();
            if (this.workRoot.toString().contains("\n") || this.workRoot.toString().contains("\t")) {
                throw new IllegalArgumentException("work root must not contain tabs or newlines: " + workRoot);
            }
            this.ownsWorkRoot = ownsWorkRoot;
            this.unpacker = new FunctionUnpacker(limits);
            this.clock = Clock.systemUTC();
            Path supervisor = installSupervisor(this.workRoot);
            this.sandbox = IsolationProbe.detect(HostTools.locate(), supervisor, this.workRoot, allowNamespaces);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use work root " + workRoot, e);
        }
        LOG.log(System.Logger.Level.INFO, "lambda-tck reference platform: isolation mode " + sandbox.mode() + ": "
                + sandbox.reason() + (sandbox.mode() == IsolationMode.HOST
                ? "; bootstraps see host paths (LAMBDA_TASK_ROOT etc. point at host directories), so rules that"
                + " depend on /var/task, /opt or a private /tmp are not applicable" : ""));
    }

    @Override
    public IsolationMode isolationMode() {
        return sandbox.mode();
    }

    /** One sentence on why {@link #isolationMode()} was chosen, for reports. */
    public String isolationReason() {
        return sandbox.reason();
    }

    public Path workRoot() {
        return workRoot;
    }

    @Override
    public PreparedFunction prepare(FunctionConfig function) {
        if (function == null || function.name() == null || function.name().isBlank()) {
            throw new EnvironmentException("InvalidParameterValueException", "function name is required");
        }
        Path dir = newFunctionDir(function.name());
        LocalPreparedFunction prepared = new LocalPreparedFunction(function, dir, sandbox, clock, faults);
        try {
            unpacker.unpack(function, prepared.codeDir(), prepared.optDir());
            Files.createDirectories(prepared.runtimeDir());
            if (sandbox.mode() == IsolationMode.NAMESPACES) {
                Files.createDirectories(prepared.rootDir());
                Files.writeString(prepared.planFile(), MountPlan.build(sandbox.tools().mount(), prepared.rootDir(),
                        prepared.codeDir(), prepared.optDir(), faults.has(Fault.READ_ONLY_TMP)));
            }
            return prepared;
        } catch (IOException e) {
            prepared.close();
            throw new EnvironmentException("Runtime.Unknown", "cannot prepare " + function.name() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    /** Deletes the work root if this launcher created it. Prepared functions should be closed first. */
    @Override
    public void close() {
        if (!ownsWorkRoot) return;
        try {
            Trees.deleteRecursively(workRoot);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete " + workRoot + ": " + e.getMessage());
        }
    }

    private Path newFunctionDir(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.startsWith(".")) safe = "_" + safe;
        for (int i = 1; ; i++) {
            Path dir = workRoot.resolve(i == 1 ? safe : safe + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // prepared before (another version or a concurrent prepare): take the next name
            } catch (IOException e) {
                throw new EnvironmentException("Runtime.Unknown", "cannot create " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static Path installSupervisor(Path workRoot) throws IOException {
        Path target = workRoot.resolve(".supervisor.pl");
        try (InputStream in = ProcessEnvironmentLauncher.class.getResourceAsStream("supervisor.pl")) {
            if (in == null) throw new IOException("supervisor.pl missing from the class path");
            Path tmp = Files.createTempFile(workRoot, ".supervisor", ".tmp");
            Files.write(tmp, in.readAllBytes());
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    private static Path createTempRoot() {
        try {
            return Files.createTempDirectory("lambda-tck-refimpl-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary work root", e);
        }
    }
}

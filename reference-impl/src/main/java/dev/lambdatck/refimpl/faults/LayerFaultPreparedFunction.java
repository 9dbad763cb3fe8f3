package dev.lambdatck.refimpl.faults;

import dev.lambdatck.refimpl.environment.EnvironmentException;
import dev.lambdatck.refimpl.environment.LogSink;
import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.environment.RuntimeProcess;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.layers.Trees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The bootstrap-discovery faults, applied around {@link PreparedFunction#start}. */
final class LayerFaultPreparedFunction implements PreparedFunction {

    private static final String INVALID_ENTRYPOINT = "Runtime.InvalidEntrypoint";
    private static final String NOT_FOUND = "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]";

    private final PreparedFunction inner;
    private final FaultSet faults;

    LayerFaultPreparedFunction(PreparedFunction inner, FaultSet faults) {
        this.inner = inner;
        this.faults = faults;
    }

    @Override
    public FunctionConfig function() {
        return inner.function();
    }

    @Override
    public Path codeDir() {
        return inner.codeDir();
    }

    @Override
    public Path optDir() {
        return inner.optDir();
    }

    @Override
    public RuntimeProcess start(String runtimeApiAddress, LogSink logs) {
        Path task = codeDir().resolve("bootstrap");
        if (faults.has(Fault.BOOTSTRAP_DIRECTORY_NOT_SKIPPED) && Files.isDirectory(task, LinkOption.NOFOLLOW_LINKS)) {
            throw new EnvironmentException(INVALID_ENTRYPOINT, "fork/exec /var/task/bootstrap: is a directory");
        }
        if (faults.has(Fault.NO_OPT_BOOTSTRAP_FALLBACK) && !Files.isRegularFile(task)) {
            throw new EnvironmentException(INVALID_ENTRYPOINT, NOT_FOUND);
        }
        if (faults.has(Fault.CHMOD_BOOTSTRAP)) {
            for (Path b : new Path[]{task, optDir().resolve("bootstrap")}) {
                try {
                    if (Files.isRegularFile(b, LinkOption.NOFOLLOW_LINKS)) Files.setPosixFilePermissions(b, Trees.permissions(0755));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        try {
            return inner.start(runtimeApiAddress, logs);
        } catch (EnvironmentException e) {
            if (faults.has(Fault.MISSING_BOOTSTRAP_AS_EXIT_ERROR) && INVALID_ENTRYPOINT.equals(e.errorType())
                    && e.getMessage().startsWith("Couldn't find")) {
                throw new EnvironmentException("Runtime.ExitError", e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public RuntimeProcess startExtension(String name, String extensionsApiAddress, LogSink logs) {
        return inner.startExtension(name, extensionsApiAddress, logs);
    }

    @Override
    public void close() {
        inner.close();
    }
}

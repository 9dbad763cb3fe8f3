package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.function.FunctionConfig;

import java.nio.file.Path;

/** A function whose file system is ready. Closing it deletes the unpacked trees. */
public interface PreparedFunction extends AutoCloseable {

    FunctionConfig function();

    /** Host directory holding the unpacked function code (seen as /var/task in NAMESPACES mode). */
    Path codeDir();

    /** Host directory holding the merged layers (seen as /opt in NAMESPACES mode). */
    Path optDir();

    /**
     * Starts one runtime process: resolves the bootstrap (/var/task/bootstrap, then /opt/bootstrap;
     * directories skipped), builds the documented environment with AWS_LAMBDA_RUNTIME_API set to
     * {@code runtimeApiAddress} ("127.0.0.1:PORT"), working directory /var/task, stdin closed.
     *
     * @throws EnvironmentException with {@code errorType() == "Runtime.InvalidEntrypoint"} when no
     *                              executable bootstrap exists
     */
    RuntimeProcess start(String runtimeApiAddress, LogSink logs) throws EnvironmentException;

    /**
     * Starts the external extension {@code /opt/extensions/<name>} the way the bootstrap is started (same launcher,
     * user, working directory, stdin and log handling), with the extension environment
     * ({@link LambdaEnvironment#forExtension}) and AWS_LAMBDA_RUNTIME_API set to {@code extensionsApiAddress}.
     * Launchers that cannot start extensions refuse; the caller reports that as Extension.LaunchError.
     *
     * @throws EnvironmentException when the file cannot be executed (no execute bit, exec format error)
     */
    default RuntimeProcess startExtension(String name, String extensionsApiAddress, LogSink logs) throws EnvironmentException {
        throw new EnvironmentException("Extension.LaunchError", "this environment launcher cannot start extensions");
    }

    @Override
    void close();
}

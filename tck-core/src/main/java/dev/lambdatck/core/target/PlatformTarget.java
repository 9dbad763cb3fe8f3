package dev.lambdatck.core.target;

import org.apiguardian.api.API;

/**
 * A platform under test: something that runs custom runtimes behind the Runtime API and exposes the
 * Invoke API. Adapters implement it; the suites use only this interface, HTTP and processes.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface PlatformTarget extends AutoCloseable {

    TargetDescriptor descriptor();

    /** Brings the platform up. Throws {@link TargetException} with a clear message when it cannot. */
    void start() throws TargetException;

    /** Deploys a function; the returned handle is ready to be invoked. */
    DeployedFunction deploy(FunctionSpec spec) throws TargetException;

    /** Stops the platform and every process it started. Must not throw. */
    @Override
    void close();
}

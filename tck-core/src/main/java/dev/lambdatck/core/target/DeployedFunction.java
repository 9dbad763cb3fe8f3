package dev.lambdatck.core.target;

import org.apiguardian.api.API;

import java.net.URI;
import java.util.Optional;

/** A function deployed on a platform target. Closing it undeploys it and ends its processes. */
@API(status = API.Status.STABLE, since = "0.1")
public interface DeployedFunction extends AutoCloseable {

    String name();

    /** Full URL of the synchronous Invoke API for this function ({@code POST .../functions/NAME/invocations}). */
    URI invokeUrl();

    /** URL of an InvokeWithResponseStream-style endpoint, when the target has one. */
    default Optional<URI> streamingInvokeUrl() {
        return Optional.empty();
    }

    /** Everything the function's processes wrote to stdout and stderr so far (may be empty, never null). */
    String logs();

    @Override
    void close();
}

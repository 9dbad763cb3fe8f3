package dev.lambdatck.refimpl.platform;

import dev.lambdatck.refimpl.function.FunctionConfig;

import java.net.URI;

/** A function running on a {@link ReferencePlatform}. Closing it undeploys it and kills its processes. */
public interface DeployedFunctionHandle extends AutoCloseable {

    FunctionConfig config();

    /** {@code http://HOST:PORT/2015-03-31/functions/NAME/invocations} */
    URI invokeUrl();

    /** {@code http://HOST:PORT/2021-11-15/functions/NAME/response-streaming-invocations} */
    URI streamingInvokeUrl();

    /** What the function's processes wrote, plus the platform's START/END/REPORT lines. */
    String logs();

    @Override
    void close();
}

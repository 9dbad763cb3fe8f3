package dev.lambdatck.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A handler whose constructor fails: the Java runtime interface client treats that as a fatal user fault
 * and reports it through /init/error (a missing handler class, by contrast, is deferred to every invoke).
 * Use it as the _HANDLER when a test needs this client to fail its init the way it reports:
 * {@code dev.lambdatck.handler.FailingInitHandler::handleRequest}.
 */
public final class FailingInitHandler implements RequestStreamHandler {

    public FailingInitHandler() {
        throw new IllegalStateException("lambda-tck: this handler fails its initialisation on purpose");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        throw new IllegalStateException("unreachable: the constructor always fails");
    }
}

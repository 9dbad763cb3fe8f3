package dev.lambdatck.refimpl.runtimeapi;

import io.netty.handler.codec.http.HttpRequest;

/**
 * What the listener serves under {@code /2020-01-01/extension/} (the external Extensions API), next to the Runtime
 * API of the same incarnation. Every answer that needs headers of its own goes through the {@link NextWaiter} the
 * listener hands in; everything else is an {@link Admission} like the Runtime API's.
 */
public interface ExtensionsBackend {

    String PREFIX = "/2020-01-01/extension/";

    /** {@code POST register}: the body (the events list) is consumed; the 200 answer is sent through {@code answer}. */
    Admission register(HttpRequest request, NextWaiter answer);

    /** {@code GET event/next}: answered now (an event is pending, or an error) or later. */
    void next(HttpRequest request, NextWaiter waiter);

    /** {@code POST init/error}. */
    Admission initError(HttpRequest request);

    /** {@code POST exit/error}. */
    Admission exitError(HttpRequest request);

    /** The connection of a parked event/next closed before it was answered. */
    void waiterGone(NextWaiter waiter);
}

package dev.lambdatck.refimpl.runtimeapi;

import dev.lambdatck.refimpl.faults.FaultSet;
import io.netty.handler.codec.http.HttpRequest;

/** What one Runtime API listener serves: the execution environment it belongs to. */
public interface RuntimeApiBackend {

    /** {@code GET /runtime/invocation/next}; the backend answers the waiter now or later. */
    void next(NextWaiter waiter);

    /** The connection of a parked /next closed before it was answered. */
    void waiterGone(NextWaiter waiter);

    /** {@code POST /runtime/invocation/{id}/response}. */
    Admission response(String requestId, HttpRequest request, io.netty.channel.Channel channel);

    /** {@code POST /runtime/invocation/{id}/error}. */
    Admission error(String requestId, HttpRequest request, io.netty.channel.Channel channel);

    /** {@code POST /runtime/init/error}. */
    Admission initError(HttpRequest request);

    /** Answer for a path the API does not know (normally 404). */
    Reply unknownPath(HttpRequest request);

    /** Whether request ids in /response and /error paths are percent-decoded (RT-RESP-016); a fault turns it off. */
    default boolean decodesRequestIds() {
        return true;
    }

    /** The faults the platform was built with (the listener's own HTTP faults are read from here). */
    default FaultSet faults() {
        return FaultSet.none();
    }

    /** Whether a GET /next is parked on a live connection other than {@code channel} (serial-runtime-api fault). */
    default boolean nextWaitingElsewhere(io.netty.channel.Channel channel) {
        return false;
    }

    /** The Extensions API of the same incarnation, or null when the listener serves none (its paths are then 404). */
    default ExtensionsBackend extensions() {
        return null;
    }

    /** Something unreadable reached the listener; logged where the function's operator can see it. */
    void log(String line);
}

package dev.lambdatck.refimpl.extensions;

import dev.lambdatck.refimpl.runtimeapi.NextWaiter;

import java.util.ArrayDeque;

/** One accepted registration; guarded by its {@link ExtensionsApi}. */
final class Registration {

    final String id;
    final String name;
    final boolean invoke;
    final boolean shutdown;
    /** Events not yet handed out (one at a time in conforming operation). */
    final ArrayDeque<byte[]> events = new ArrayDeque<>();
    NextWaiter waiter;
    /** Called event/next with nothing pending: done with the current phase (Init, or the last INVOKE). */
    boolean ready;
    /** The type it reported through init/error or exit/error. */
    String errorType;
    boolean initError;
    /** After an error report it takes no further part: no events, every call refused (EXT-ERR-002). */
    boolean left;

    Registration(String id, String name, boolean invoke, boolean shutdown) {
        this.id = id;
        this.name = name;
        this.invoke = invoke;
        this.shutdown = shutdown;
    }

    boolean active() {
        return !left;
    }
}

package dev.lambdatck.refimpl.invoke;

import java.util.Optional;

/** Finds deployed functions by name. */
public interface FunctionDirectory {

    Optional<InvocationTarget> find(String name);

    /** The function the emulator-style path {@code /functions/function/invocations} reaches: the first deployed. */
    Optional<InvocationTarget> first();
}

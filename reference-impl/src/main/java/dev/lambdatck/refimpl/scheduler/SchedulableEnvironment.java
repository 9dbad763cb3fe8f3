package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.environment.EnvironmentException;
import dev.lambdatck.refimpl.environment.LogSink;
import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.environment.RuntimeProcess;
import dev.lambdatck.refimpl.extensions.Extensions;
import dev.lambdatck.refimpl.invoke.Invocation;

import java.util.function.Consumer;

/**
 * What the {@link FunctionScheduler} needs from an execution environment: single-concurrency
 * ({@link ExecutionEnvironment}) or managed-instances ({@link ConcurrentExecutionEnvironment}, maxConcurrency &gt; 1).
 * An abstract class rather than an interface so the implementations keep their methods package-private.
 */
abstract class SchedulableEnvironment {

    /** Delivers {@code inv} when the environment can take it now (a /next is parked and a slot is free). */
    abstract boolean offerWarm(Invocation inv);

    /** Starts a fresh runtime for {@code inv} when the environment has none. */
    abstract boolean offerCold(Invocation inv);

    /** Whether the environment is running as many invocations as it can take. */
    abstract boolean isRunningInvocation();

    /** Kills everything and waits (bounded) for the runtime to be gone. */
    abstract void close();

    /**
     * Starts the processes of a new incarnation whose Runtime API listens at {@code address}: its extensions, then the
     * bootstrap (EXT-DISC-001).
     *
     * @throws EnvironmentException naming the error type the waiting invocation ends with (Extension.LaunchError,
     *                              Runtime.InvalidEntrypoint, ..., Sandbox.Failure for anything unexpected)
     */
    static RuntimeProcess startProcesses(PreparedFunction prepared, Extensions extensions, String address, LogSink log,
                                         Consumer<String> platformLog) {
        extensions.launch(prepared, address, log);
        try {
            return prepared.start(address, log);
        } catch (EnvironmentException e) {
            throw e;
        } catch (RuntimeException e) {
            platformLog.accept("cannot start the bootstrap: " + e);
            throw new EnvironmentException("Sandbox.Failure", "cannot start the bootstrap: " + e.getMessage(), e);
        }
    }
}

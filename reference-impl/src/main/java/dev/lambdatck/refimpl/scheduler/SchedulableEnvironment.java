package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.invoke.Invocation;

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
}

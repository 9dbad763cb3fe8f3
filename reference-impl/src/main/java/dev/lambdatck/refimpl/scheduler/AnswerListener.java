package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.invoke.FunctionError;
import dev.lambdatck.refimpl.invoke.Invocation;

/**
 * Where the body consumers ({@link ResponseBody}, {@link ErrorBody}, {@link InitErrorBody}) report how a posted
 * answer ended: the Runtime API of one incarnation of an environment, single-concurrency
 * ({@link ExecutionEnvironment}) or managed-instances ({@link ConcurrentExecutionEnvironment}).
 * An abstract class rather than an interface so the implementations keep their methods package-private.
 */
abstract class AnswerListener {

    abstract FaultSet faults();

    abstract void log(String line);

    /** {@code target}: whose invoker gets the result; {@code inv} itself except under result-to-oldest-invoker. */
    abstract void responseEnded(Invocation inv, Invocation target, FunctionError error);

    abstract void errorEnded(Invocation inv, FunctionError error);

    abstract void bodyAborted(Invocation inv, String why);

    /** {@code streamed}: the body was a streamed /response. */
    abstract void bodyAborted(Invocation inv, String why, boolean streamed);

    abstract void initErrorPosted(FunctionError error);
}

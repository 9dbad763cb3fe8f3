package dev.lambdatck.refimpl.invoke;

/** A deployed function as the Invoke API sees it. */
public interface InvocationTarget {

    String name();

    String version();

    String arn();

    /** Queues the invocation; false when the function cannot take more (answered 429). */
    boolean submit(Invocation invocation);
}

package dev.lambdatck.refimpl.extensions;

/**
 * What the Extensions API of one incarnation tells its execution environment. Called without any lock of the
 * Extensions API held; the environment re-checks its own state (the incarnation may already be gone).
 */
public interface ExtensionHooks {

    /** An extension called event/next, left the lifecycle or was refused: Init may be complete, or the next invocation may go. */
    void readinessChanged();

    /** The environment must reset; {@code errorType} is what the pending or running invocation ends with. */
    void failed(String errorType, String message);

    /** An invocation's deadline passed before every INVOKE extension called event/next again. */
    void overran();
}

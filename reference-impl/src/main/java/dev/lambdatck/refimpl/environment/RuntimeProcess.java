package dev.lambdatck.refimpl.environment;

import java.util.concurrent.CompletableFuture;

/** A running bootstrap and everything it started. */
public interface RuntimeProcess {

    long pid();

    boolean isAlive();

    /** Completes when the bootstrap process exits. */
    CompletableFuture<ExitStatus> onExit();

    /** Kills the whole process tree (SIGKILL), including grandchildren that left the process group. */
    void killTree();

    /** Sends SIGTERM to the bootstrap, waits up to {@code graceMillis}, then kills the tree. */
    void shutdown(long graceMillis);
}

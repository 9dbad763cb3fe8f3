package dev.lambdatck.refimpl.scheduler;

/** The states of one execution environment; {@link #rapidName()} is the name RAPID puts in 403 messages. */
enum EnvState {
    /** No process: never started, or reset after a crash, timeout or init failure. */
    COLD("Started"),
    /** Bootstrap running, first /next not yet called (the Init phase). */
    STARTING("Started"),
    /** A /next is parked; the environment can take an invocation. */
    IDLE("Ready"),
    /** An invocation was delivered; neither /response nor /error has started. */
    BUSY("Running"),
    /** A /response or /error body is being received. */
    RESPONDING("InvocationResponse"),
    /** The result was posted; the invocation completes at the runtime's next /next. */
    RESPONDED("RuntimeResponseSentState"),
    /** /init/error was accepted; the process is expected to exit. */
    INIT_ERROR("InitError");

    private final String rapidName;

    EnvState(String rapidName) {
        this.rapidName = rapidName;
    }

    String rapidName() {
        return rapidName;
    }
}

package dev.lambdatck.refimpl.environment;

/** Receives the runtime process's output, line by line, as it is written. Must not block. */
public interface LogSink {

    /** @param stderr true when the line came from standard error */
    void line(String line, boolean stderr);
}

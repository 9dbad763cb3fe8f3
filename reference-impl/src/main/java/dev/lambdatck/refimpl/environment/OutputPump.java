package dev.lambdatck.refimpl.environment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one output stream of a runtime process on its own thread, for the life of the process, and hands it to
 * the {@link LogSink} line by line. A line longer than {@link #MAX_LINE_BYTES} is delivered in pieces, so a
 * runtime that never writes a newline cannot exhaust memory.
 */
final class OutputPump implements Runnable {

    static final int MAX_LINE_BYTES = 256 * 1024;

    private final InputStream in;
    private final LogSink sink;
    private final boolean stderr;
    private final Thread thread;

    private OutputPump(InputStream in, LogSink sink, boolean stderr, String name) {
        this.in = in;
        this.sink = sink;
        this.stderr = stderr;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    static OutputPump start(InputStream in, LogSink sink, boolean stderr, String name) {
        OutputPump pump = new OutputPump(in, sink, stderr, name);
        pump.thread.start();
        return pump;
    }

    /** Waits until the stream hit end-of-file (all writers gone) or the deadline passed. */
    boolean awaitEnd(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, start, i - start);
                        emit(line);
                        start = i + 1;
                    } else if (line.size() + (i - start) + 1 >= MAX_LINE_BYTES) {
                        line.write(buf, start, i - start + 1);
                        emit(line);
                        start = i + 1;
                    }
                }
                line.write(buf, start, n - start);
            }
        } catch (IOException e) {
            // the process is gone or the stream was closed on shutdown: deliver what we have
        }
        if (line.size() > 0) emit(line);
    }

    private void emit(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        try {
            sink.line(text, stderr);
        } catch (RuntimeException e) {
            // a faulty sink must not stop the pump: the runtime would block on a full pipe
        }
    }
}

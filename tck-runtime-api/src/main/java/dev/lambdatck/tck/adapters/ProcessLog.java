package dev.lambdatck.tck.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The combined output of a child process, read on a daemon thread into a bounded buffer: a process that
 * floods its output keeps only the newest {@link #MAX_CHARS} characters, so it cannot exhaust memory.
 */
final class ProcessLog {

    static final int MAX_CHARS = 1 << 20;

    private final StringBuilder text = new StringBuilder();

    ProcessLog(InputStream in, String threadName) {
        Thread t = new Thread(() -> pump(in), threadName);
        t.setDaemon(true);
        t.start();
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) append(new String(buf, 0, n, StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the process ended or was killed: the log simply ends
        }
    }

    private synchronized void append(String s) {
        text.append(s);
        if (text.length() > MAX_CHARS) text.delete(0, text.length() - MAX_CHARS);
    }

    synchronized String text() {
        return text.toString();
    }
}

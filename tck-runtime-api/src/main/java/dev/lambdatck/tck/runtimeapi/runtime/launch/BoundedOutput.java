package dev.lambdatck.tck.runtimeapi.runtime.launch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a runtime wrote to stdout and stderr, bounded: the first {@code headBytes} and the last
 * {@code tailBytes} are kept and the rest is only counted, so a runtime that floods its output cannot
 * exhaust the TCK's memory (and is still drained, so it never blocks on a full pipe).
 */
public final class BoundedOutput {

    private final int headBytes;
    private final byte[] tail;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private int tailStart;
    private int tailLength;
    private long total;

    public BoundedOutput(int headBytes, int tailBytes) {
        this.headBytes = headBytes;
        this.tail = new byte[tailBytes];
    }

    public synchronized void write(byte[] b, int off, int len) {
        total += len;
        int toHead = Math.min(len, headBytes - head.size());
        if (toHead > 0) {
            head.write(b, off, toHead);
            off += toHead;
            len -= toHead;
        }
        for (int i = 0; i < len; i++) {
            int pos = (tailStart + tailLength) % tail.length;
            tail[pos] = b[off + i];
            if (tailLength < tail.length) tailLength++;
            else tailStart = (tailStart + 1) % tail.length;
        }
    }

    /** Bytes written in total, kept or not. */
    public synchronized long total() {
        return total;
    }

    /** The kept text; a marker says how many bytes were dropped between head and tail. */
    public synchronized String text() {
        byte[] t = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) t[i] = tail[(tailStart + i) % tail.length];
        long dropped = total - head.size() - tailLength;
        String h = head.toString(StandardCharsets.UTF_8);
        String rest = new String(t, StandardCharsets.UTF_8);
        return dropped > 0 ? h + "\n… [" + dropped + " bytes of output not kept] …\n" + rest : h + rest;
    }
}

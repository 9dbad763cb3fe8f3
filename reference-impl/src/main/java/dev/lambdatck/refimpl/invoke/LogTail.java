package dev.lambdatck.refimpl.invoke;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The last 4 KB of one invocation's log, for X-Amz-Log-Result. */
public final class LogTail {

    public static final int LIMIT = 4096;

    private final byte[] ring = new byte[LIMIT];
    private long written;

    public synchronized void append(String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        int from = Math.max(0, b.length - LIMIT);
        for (int i = from; i < b.length; i++) {
            ring[(int) (written % LIMIT)] = b[i];
            written++;
        }
    }

    public synchronized byte[] bytes() {
        int n = (int) Math.min(written, LIMIT);
        byte[] out = new byte[n];
        long start = written - n;
        for (int i = 0; i < n; i++) out[i] = ring[(int) ((start + i) % LIMIT)];
        return out;
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes());
    }
}

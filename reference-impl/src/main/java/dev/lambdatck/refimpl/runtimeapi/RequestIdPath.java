package dev.lambdatck.refimpl.runtimeapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The request id segment of {@code /runtime/invocation/{id}/...}, percent-decoded once (RT-RESP-016: clients
 * such as the Node.js one encode the id). A '%' not followed by two hex digits stays as it is; '+' is not a space
 * in a path.
 */
final class RequestIdPath {

    private RequestIdPath() {
    }

    static String decode(String raw) {
        if (raw.indexOf('%') < 0) return raw;
        byte[] in = raw.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int hi = i + 2 < in.length && in[i] == '%' ? Character.digit(in[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

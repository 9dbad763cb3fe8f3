package dev.lambdatck.refimpl.invoke;

import java.util.concurrent.ThreadLocalRandom;

/**
 * X-Ray trace headers. Production Lambda always has a trace context (it creates one when the caller sent
 * none), so the reference platform does the same: {@code Root=1-<8 hex epoch s>-<24 hex>;Parent=<16 hex>;Sampled=0}.
 */
public final class TraceIds {

    private TraceIds() {
    }

    /** Only the trace id, {@code 1-<8 hex>-<24 hex>}, as the bare-generated-trace-id fault sends it. */
    public static String generateBare() {
        String full = generate();
        return full.substring("Root=".length(), full.indexOf(';'));
    }

    public static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long epoch = System.currentTimeMillis() / 1000;
        return String.format("Root=1-%08x-%012x%012x;Parent=%016x;Sampled=0", epoch,
                r.nextLong(1L << 48), r.nextLong(1L << 48), r.nextLong() & Long.MAX_VALUE);
    }
}

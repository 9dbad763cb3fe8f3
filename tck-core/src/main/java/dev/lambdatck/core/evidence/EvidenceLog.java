package dev.lambdatck.core.evidence;

import dev.lambdatck.core.results.Exchange;
import dev.lambdatck.core.results.TestEvidence;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The evidence of the running test. {@link dev.lambdatck.core.junit.TckExtension} opens one per test,
 * makes it {@link #current()} for the test thread and any thread it starts, and publishes it when the
 * test ends. HTTP clients of the TCK record every exchange here, so each verdict explains itself.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class EvidenceLog {

    /** Exchanges kept per test; later ones are counted, not kept, so a flood cannot exhaust memory. */
    public static final int MAX_EXCHANGES = 64;

    private static final InheritableThreadLocal<EvidenceLog> CURRENT = new InheritableThreadLocal<>();
    private static final EvidenceLog DETACHED = new EvidenceLog();

    private final List<Exchange> exchanges = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int dropped;
    private Supplier<String> logSource = () -> null;

    /** The log of the test running on this thread; a detached log (never published) outside tests. */
    public static EvidenceLog current() {
        EvidenceLog log = CURRENT.get();
        return log != null ? log : DETACHED;
    }

    public static EvidenceLog open() {
        EvidenceLog log = new EvidenceLog();
        CURRENT.set(log);
        return log;
    }

    public static void close() {
        CURRENT.remove();
    }

    public synchronized void record(Exchange exchange) {
        if (exchanges.size() < MAX_EXCHANGES) exchanges.add(exchange);
        else dropped++;
    }

    public synchronized void note(String note) {
        if (notes.size() < MAX_EXCHANGES) notes.add(note);
    }

    /** Where to read the target's log from when the test ends (e.g. the function's stdout and stderr). */
    public synchronized void logSource(Supplier<String> source) {
        this.logSource = source;
    }

    public synchronized TestEvidence snapshot() {
        List<String> n = new ArrayList<>(notes);
        if (dropped > 0) n.add(dropped + " further exchanges were not kept (limit " + MAX_EXCHANGES + ")");
        String log;
        try {
            log = logSource.get();
        } catch (RuntimeException e) {
            log = "(log unavailable: " + e.getMessage() + ")";
        }
        if (log != null && log.length() > TestEvidence.MAX_LOG_CHARS) {
            log = "…" + log.substring(log.length() - TestEvidence.MAX_LOG_CHARS);
        }
        return new TestEvidence(List.copyOf(exchanges), log, n);
    }
}

package dev.lambdatck.refimpl.extensions;

import dev.lambdatck.refimpl.environment.EnvironmentException;
import dev.lambdatck.refimpl.environment.ExitStatus;
import dev.lambdatck.refimpl.environment.LogSink;
import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.environment.RuntimeProcess;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The external extension processes of one incarnation: started before the bootstrap, watched, ended with it. */
final class ExtensionProcesses {

    private record Launched(String name, RuntimeProcess process) {
    }

    private final List<Launched> launched = new CopyOnWriteArrayList<>();
    private volatile boolean ending;

    /**
     * Starts each of {@code names} from /opt/extensions. When one cannot be started, those already started are
     * killed and the failure is thrown (Extension.LaunchError, EXT-DISC-002).
     *
     * @param exited told (name, how) when a process ends before {@link #end} began
     */
    void start(PreparedFunction fn, List<String> names, String address, LogSink logs, ExtensionExit exited) {
        for (String name : names) {
            RuntimeProcess p;
            try {
                p = fn.startExtension(name, address, logs);
            } catch (EnvironmentException | IllegalArgumentException e) {
                killAll();
                throw new EnvironmentException("Extension.LaunchError", e.getMessage(), e);
            }
            launched.add(new Launched(name, p));
            if (ending) p.killTree(); // the environment was reset while extensions were still being started
            p.onExit().whenComplete((status, t) -> {
                if (!ending) exited.exited(name, describe(status));
            });
        }
    }

    private static String describe(ExitStatus status) {
        return status == null ? "ended" : status.describe();
    }

    boolean isEmpty() {
        return launched.isEmpty();
    }

    /** From now on exits are expected. */
    void ending() {
        ending = true;
    }

    /** Waits until every process ended or {@code deadlineNanos} (System.nanoTime) passed, then kills what is left. */
    void awaitThenKill(long deadlineNanos, Consumer<String> log) {
        ending = true;
        for (Launched l : launched) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) break;
            try {
                l.process().onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // still running (or its status is unknown): killed below
            }
        }
        for (Launched l : launched) {
            if (l.process().isAlive()) log.accept("extension " + l.name() + " still running at the end of the shutdown budget: killed");
        }
        killAll();
    }

    void killAll() {
        ending = true;
        CompletableFuture<?>[] kills = launched.stream()
                .map(l -> CompletableFuture.runAsync(() -> l.process().killTree()))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(kills).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // each killTree is bounded itself; a failure leaves the process to the function's close()
        }
    }

    /** Told when a launched extension process ends by itself. */
    interface ExtensionExit {
        void exited(String name, String how);
    }
}

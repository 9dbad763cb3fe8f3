package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.environment.RuntimeProcess;
import dev.lambdatck.refimpl.extensions.Extensions;
import dev.lambdatck.refimpl.extensions.ShutdownReason;
import io.netty.channel.Channel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Ends the incarnations of one execution environment: SHUTDOWN to its extensions, the runtime's process tree killed,
 * extensions ended, the listener closed. A new incarnation starts only once the previous teardown is done, so a
 * timed-out or crashed runtime and everything it started are gone before the environment serves another invocation
 * (RT-LIFE-006), however busy the machine is.
 */
final class Teardowns {

    private final PlatformServices services;
    /** The last teardown handed to the lifecycle threads. */
    private volatile CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    Teardowns(PlatformServices services) {
        this.services = services;
    }

    /** Waits for the previous teardown; bounded, since killTree itself waits at most a few seconds. */
    void awaitPrevious() {
        try {
            last.get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            services.platformLog().accept("the previous runtime's teardown did not finish: " + e);
        }
    }

    /**
     * Ends an incarnation off the I/O threads. {@code process} is read on the lifecycle thread (the caller's lock
     * guards it); {@code kill} false only closes the listener (nothing was started).
     */
    void endAsync(Supplier<RuntimeProcess> process, Channel listener, Extensions extensions, boolean kill, ShutdownReason reason) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        last = CompletableFuture.allOf(last, done); // a later close must not hide an earlier kill
        if (services.lifecycle().isShutdown()) {
            done.complete(null); // the platform is closing: endNow kills every runtime itself
            return;
        }
        services.lifecycle().execute(() -> {
            try {
                extensions.beginShutdown(reason);
                RuntimeProcess p = process.get();
                if (kill && p != null) {
                    try {
                        p.killTree();
                    } catch (RuntimeException e) {
                        services.platformLog().accept("killing the runtime failed: " + e);
                    }
                }
                extensions.finishShutdown();
                if (listener != null) listener.close();
            } finally {
                done.complete(null);
            }
        });
    }

    /** Ends an incarnation now, waiting (bounded) for the bootstrap to be gone: the platform or the function is closing. */
    void endNow(RuntimeProcess p, Channel listener, Extensions extensions) {
        extensions.beginShutdown(ShutdownReason.SPINDOWN);
        if (p != null) {
            try {
                p.killTree();
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                services.platformLog().accept("runtime process " + p.pid() + " did not exit after SIGKILL: " + e);
            }
        }
        extensions.finishShutdown();
        if (listener != null) listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}

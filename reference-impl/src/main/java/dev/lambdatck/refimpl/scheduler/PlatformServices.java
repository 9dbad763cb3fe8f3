package dev.lambdatck.refimpl.scheduler;

import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.http.EventLoops;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * What every environment of a platform shares.
 *
 * @param loops       I/O threads and timers
 * @param lifecycle   where blocking lifecycle work runs (spawning, killing): never on an I/O thread, never per warm invoke
 * @param bindHost    address of every Runtime API listener
 * @param initTimeout the Init phase limit (10 s on-demand)
 * @param platformLog the platform's own diagnostics (bad input, resets)
 */
public record PlatformServices(EventLoops loops, ExecutorService lifecycle, FaultSet faults, String bindHost,
                               Duration initTimeout, Consumer<String> platformLog) {
}

package dev.lambdatck.refimpl.platform;

import dev.lambdatck.refimpl.environment.EnvironmentLauncher;
import dev.lambdatck.refimpl.environment.IsolationMode;
import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.faults.LayerFaultLauncher;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.http.EventLoops;
import dev.lambdatck.refimpl.invoke.FunctionDirectory;
import dev.lambdatck.refimpl.invoke.Invocation;
import dev.lambdatck.refimpl.invoke.InvocationTarget;
import dev.lambdatck.refimpl.invoke.InvokeApiServer;
import dev.lambdatck.refimpl.scheduler.FunctionScheduler;
import dev.lambdatck.refimpl.scheduler.PlatformServices;
import io.netty.channel.Channel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The reference platform: an Invoke API listener, and per deployed function a scheduler with its execution
 * environments, each with its own Runtime API listener. {@link #close()} kills every child process.
 */
public final class ReferencePlatform implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReferencePlatform.class.getName());

    private final PlatformConfig config;
    private final EnvironmentLauncher launcher;
    private final AutoCloseable ownedLauncher;
    private final FaultSet faults;
    private final EventLoops loops;
    private final ExecutorService lifecycle;
    private final PlatformServices services;
    private final Channel invokeChannel;
    private final Map<String, Deployed> functions = new LinkedHashMap<>();
    private boolean closed;

    private ReferencePlatform(PlatformConfig config, EnvironmentLauncher launcher, AutoCloseable ownedLauncher) {
        this.config = config;
        this.launcher = launcher;
        this.ownedLauncher = ownedLauncher;
        this.faults = FaultSet.of(config.faults());
        this.loops = new EventLoops(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
        AtomicInteger n = new AtomicInteger();
        // Work handed over while the platform closes (a failed spawn's clean-up) is dropped: close() itself
        // kills every runtime and deletes every tree, and a stack trace per dropped task would only be noise.
        this.lifecycle = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "refimpl-lifecycle-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (task, pool) -> LOG.log(System.Logger.Level.DEBUG, "platform closing: lifecycle task dropped"));
        Consumer<String> log = line -> LOG.log(System.Logger.Level.INFO, line);
        this.services = new PlatformServices(loops, lifecycle, faults, config.bindHost(), config.initTimeout(), log);
        try {
            this.invokeChannel = InvokeApiServer.bind(loops, config.bindHost(), config.invokePort(), new Directory(), faults, log);
        } catch (RuntimeException e) {
            shutdownThreads();
            throw e;
        }
        if (!faults.isEmpty()) LOG.log(System.Logger.Level.WARNING, "reference platform running WITH FAULTS: " + faults);
    }

    /** Starts with the process launcher (namespaces when available, else host mode) and deploys the config's functions. */
    public static ReferencePlatform start(PlatformConfig config) {
        LayerFaultLauncher l = LayerFaultLauncher.create(FaultSet.of(config.faults()));
        try {
            return start(config, l, l);
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /** Starts with the given launcher (not closed by the platform). */
    public static ReferencePlatform start(PlatformConfig config, EnvironmentLauncher launcher) {
        return start(config, launcher, null);
    }

    private static ReferencePlatform start(PlatformConfig config, EnvironmentLauncher launcher, AutoCloseable owned) {
        ReferencePlatform p = new ReferencePlatform(config, launcher, owned);
        try {
            for (FunctionConfig f : config.functions()) p.deploy(f);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** The faults this build of the platform can switch on, with the rules each breaks. */
    public static List<FaultInfo> listFaults() {
        return Arrays.stream(Fault.values()).map(f -> new FaultInfo(f.id(), f.description(), f.ruleIds())).toList();
    }

    public FaultSet faults() {
        return faults;
    }

    public IsolationMode isolationMode() {
        return launcher.isolationMode();
    }

    public int invokePort() {
        return EventLoops.port(invokeChannel);
    }

    /** {@code http://HOST:PORT} of the Invoke API. */
    public URI invokeBase() {
        return URI.create("http://" + config.bindHost() + ":" + invokePort());
    }

    /**
     * Prepares the function's files and makes it invokable; processes start on the first invocation.
     *
     * @throws dev.lambdatck.refimpl.environment.EnvironmentException for bad code or layers
     * @throws IllegalStateException when a function of that name is deployed already
     */
    public DeployedFunctionHandle deploy(FunctionConfig function) {
        synchronized (functions) {
            if (closed) throw new IllegalStateException("platform is closed");
            if (functions.containsKey(function.name())) {
                throw new IllegalStateException("a function named '" + function.name() + "' is deployed already");
            }
        }
        PreparedFunction prepared = launcher.prepare(function);
        Deployed d = new Deployed(new FunctionScheduler(prepared, services));
        synchronized (functions) {
            if (closed || functions.putIfAbsent(function.name(), d) != null) {
                d.scheduler.close();
                throw new IllegalStateException("cannot deploy '" + function.name() + "': platform closed or name taken");
            }
        }
        return d;
    }

    public List<DeployedFunctionHandle> deployed() {
        synchronized (functions) {
            return new ArrayList<>(functions.values());
        }
    }

    @Override
    public void close() {
        List<Deployed> all;
        synchronized (functions) {
            if (closed) return;
            closed = true;
            all = new ArrayList<>(functions.values());
            functions.clear();
        }
        invokeChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        for (Deployed d : all) d.scheduler.close();
        shutdownThreads();
        if (ownedLauncher != null) {
            try {
                ownedLauncher.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing the environment launcher failed: " + e);
            }
        }
    }

    private void shutdownThreads() {
        lifecycle.shutdown();
        try {
            if (!lifecycle.awaitTermination(5, TimeUnit.SECONDS)) lifecycle.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.close();
    }

    private final class Directory implements FunctionDirectory {
        @Override
        public Optional<InvocationTarget> find(String name) {
            synchronized (functions) {
                return Optional.ofNullable(functions.get(name));
            }
        }

        @Override
        public Optional<InvocationTarget> first() {
            synchronized (functions) {
                return functions.values().stream().findFirst().map(d -> d);
            }
        }
    }

    private final class Deployed implements DeployedFunctionHandle, InvocationTarget {
        final FunctionScheduler scheduler;

        Deployed(FunctionScheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public FunctionConfig config() {
            return scheduler.config();
        }

        @Override
        public String name() {
            return scheduler.config().name();
        }

        @Override
        public String version() {
            return scheduler.config().version();
        }

        @Override
        public String arn() {
            return scheduler.config().arn();
        }

        @Override
        public boolean submit(Invocation invocation) {
            return scheduler.submit(invocation);
        }

        private String encodedName() {
            return URLEncoder.encode(name(), StandardCharsets.UTF_8).replace("+", "%20");
        }

        @Override
        public URI invokeUrl() {
            return URI.create(invokeBase() + "/2015-03-31/functions/" + encodedName() + "/invocations");
        }

        @Override
        public URI streamingInvokeUrl() {
            return URI.create(invokeBase() + "/2021-11-15/functions/" + encodedName() + "/response-streaming-invocations");
        }

        @Override
        public String logs() {
            return scheduler.log().text();
        }

        @Override
        public void close() {
            synchronized (functions) {
                functions.remove(name(), this);
            }
            scheduler.close();
        }
    }
}

package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.layers.Trees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A function unpacked under the launcher's work root:
 * {@code <fn>/task} (/var/task), {@code <fn>/opt} (/opt), {@code <fn>/runtime} (/var/runtime, empty),
 * {@code <fn>/root} (mount point of the private root, NAMESPACES), {@code <fn>/mount-plan}, {@code <fn>/run/*}
 * (one directory per process: supervisor handshake and status).
 */
final class LocalPreparedFunction implements PreparedFunction {

    private final FunctionConfig function;
    private final Path dir;
    private final Sandbox sandbox;
    private final Clock clock;
    private final FaultSet faults;
    private final Set<ProcessRuntime> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LocalPreparedFunction(FunctionConfig function, Path dir, Sandbox sandbox, Clock clock, FaultSet faults) {
        this.faults = faults;
        this.function = function;
        this.dir = dir;
        this.sandbox = sandbox;
        this.clock = clock;
    }

    @Override
    public FunctionConfig function() {
        return function;
    }

    @Override
    public Path codeDir() {
        return dir.resolve("task");
    }

    @Override
    public Path optDir() {
        return dir.resolve("opt");
    }

    Path runtimeDir() {
        return dir.resolve("runtime");
    }

    Path rootDir() {
        return dir.resolve("root");
    }

    Path planFile() {
        return dir.resolve("mount-plan");
    }

    @Override
    public RuntimeProcess start(String runtimeApiAddress, LogSink logs) {
        if (closed) throw new EnvironmentException("Runtime.Unknown", "function " + function.name() + " was closed");
        if (runtimeApiAddress == null || runtimeApiAddress.isBlank() || logs == null) {
            throw new IllegalArgumentException("runtimeApiAddress and logs are required");
        }
        BootstrapLocator.Located bootstrap = BootstrapLocator.locate(codeDir(), optDir(), faults.has(Fault.LAYER_BOOTSTRAP_FIRST));
        String logStream = LogStreamName.next(function.version(), clock);
        boolean rootWorkdir = faults.has(Fault.WORKDIR_IS_ROOT);
        RuntimeStarter.Launch launch;
        if (sandbox.mode() == IsolationMode.NAMESPACES) {
            Map<String, String> env = LambdaEnvironment.build(function, runtimeApiAddress,
                    LambdaEnvironment.PathView.LAMBDA, logStream, faults);
            launch = new RuntimeStarter.Launch(bootstrap.viewPath(), bootstrap.viewPath(), rootWorkdir ? "/" : "/var/task",
                    codeDir(), planFile(), rootDir(), env);
        } else {
            LambdaEnvironment.PathView view = new LambdaEnvironment.PathView(codeDir().toString(),
                    runtimeDir().toString(), optDir().toString());
            Map<String, String> env = LambdaEnvironment.build(function, runtimeApiAddress, view, logStream, faults);
            launch = new RuntimeStarter.Launch(bootstrap.hostPath().toString(), bootstrap.viewPath(),
                    rootWorkdir ? "/" : codeDir().toString(), rootWorkdir ? Path.of("/") : codeDir(), null, null, env);
        }
        ProcessRuntime process = new RuntimeStarter(sandbox, faults.has(Fault.STDIN_OPEN_PIPE)).start(launch, dir.resolve("run"), logs, live::remove);
        live.add(process);
        if (process.onExit().isDone()) live.remove(process); // it may have exited before it was added
        return process;
    }

    @Override
    public RuntimeProcess startExtension(String name, String extensionsApiAddress, LogSink logs) {
        if (closed) throw new EnvironmentException("Extension.LaunchError", "function " + function.name() + " was closed");
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not an extension file name: " + name);
        }
        String view = "/opt/extensions/" + name;
        Path host = optDir().resolve("extensions").resolve(name);
        if (!Files.isExecutable(host)) {
            throw new EnvironmentException("Extension.LaunchError", "fork/exec " + view + ": permission denied");
        }
        String logStream = LogStreamName.next(function.version(), clock);
        boolean rootWorkdir = faults.has(Fault.WORKDIR_IS_ROOT);
        RuntimeStarter.Launch launch;
        if (sandbox.mode() == IsolationMode.NAMESPACES) {
            Map<String, String> env = LambdaEnvironment.forExtension(LambdaEnvironment.build(function, extensionsApiAddress,
                    LambdaEnvironment.PathView.LAMBDA, logStream, faults), extensionsApiAddress, faults);
            launch = new RuntimeStarter.Launch(view, view, rootWorkdir ? "/" : "/var/task", codeDir(), planFile(), rootDir(), env);
        } else {
            LambdaEnvironment.PathView paths = new LambdaEnvironment.PathView(codeDir().toString(),
                    runtimeDir().toString(), optDir().toString());
            Map<String, String> env = LambdaEnvironment.forExtension(LambdaEnvironment.build(function, extensionsApiAddress,
                    paths, logStream, faults), extensionsApiAddress, faults);
            launch = new RuntimeStarter.Launch(host.toString(), view, rootWorkdir ? "/" : codeDir().toString(),
                    rootWorkdir ? Path.of("/") : codeDir(), null, null, env);
        }
        ProcessRuntime process;
        try {
            process = new RuntimeStarter(sandbox, faults.has(Fault.STDIN_OPEN_PIPE)).start(launch, dir.resolve("run"), logs, live::remove);
        } catch (EnvironmentException e) {
            // RuntimeStarter words exec failures for a bootstrap; for an extension they are launch errors
            throw new EnvironmentException("Extension.LaunchError", e.getMessage(), e);
        }
        live.add(process);
        if (process.onExit().isDone()) live.remove(process);
        return process;
    }

    /** Kills every process still running from this function, then deletes its trees. */
    @Override
    public void close() {
        closed = true;
        for (ProcessRuntime p : List.copyOf(live)) {
            p.killTree();
        }
        try {
            Trees.deleteRecursively(dir);
        } catch (IOException e) {
            System.getLogger(LocalPreparedFunction.class.getName()).log(System.Logger.Level.WARNING,
                    "could not delete " + dir + ": " + e.getMessage());
        }
    }
}

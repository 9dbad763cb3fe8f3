package dev.lambdatck.tck.adapters;

import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs {@code <command...> --runtime-interface-emulator-address 127.0.0.1:P --runtime-api-address 127.0.0.1:Q
 * <codeDir>/bootstrap} per function, in the code directory, with a clean environment: PATH, the function's
 * variables and the emulator's own configuration variables (function name, timeout, memory, handler).
 * Layers cannot be attached (the emulator has no such notion); concurrency is one environment.
 */
final class RieTarget implements PlatformTarget {

    static final String INVOKE_PATH = "/2015-03-31/functions/function/invocations";

    private final TargetDescriptor descriptor;
    private final Duration startTimeout;
    private final List<RieFunction> functions = new CopyOnWriteArrayList<>();

    RieTarget(TargetDescriptor descriptor) {
        this.descriptor = descriptor;
        this.startTimeout = descriptor.timeouts().containsKey("start")
                ? dev.lambdatck.core.TckTimeouts.parse("start", descriptor.timeouts().get("start"))
                : dev.lambdatck.core.TckTimeouts.DEFAULTS.start();
    }

    @Override
    public TargetDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void start() {
        if (descriptor.command().isEmpty()) {
            throw new TargetException("target '" + descriptor.name() + "' (adapter rie) needs 'command: [path/to/aws-lambda-rie]'");
        }
        Path exe = Path.of(descriptor.command().get(0));
        if (exe.isAbsolute() || exe.getNameCount() > 1) {
            if (!Files.isExecutable(exe)) throw new TargetException("emulator command " + exe + " does not exist or is not executable");
        }
    }

    @Override
    public DeployedFunction deploy(FunctionSpec spec) {
        if (!spec.layers().isEmpty()) {
            throw new TargetException("adapter rie cannot attach layers (the emulator has none); function " + spec.name());
        }
        Path bootstrap = spec.codeDir().resolve("bootstrap").toAbsolutePath();
        int invokePort = freePort();
        int apiPort = freePort();
        List<String> cmd = new ArrayList<>();
        // its own session, so that undeploying can end every process of the function, orphans included
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.add("/usr/bin/setsid");
        cmd.addAll(descriptor.command());
        cmd.addAll(List.of("--runtime-interface-emulator-address", "127.0.0.1:" + invokePort,
                "--runtime-api-address", "127.0.0.1:" + apiPort, bootstrap.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(spec.codeDir().toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.putAll(spec.environment());
        // the emulator's configuration, read from its own environment
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", String.valueOf(Math.max(1, (spec.timeout().toMillis() + 999) / 1000)));
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(spec.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_HANDLER", spec.handler());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new TargetException("cannot start the emulator " + descriptor.command().get(0) + ": " + e.getMessage(), e);
        }
        RieFunction fn = new RieFunction(spec.name(), p, new ProcessLog(p.getInputStream(), "rie-log-" + spec.name()),
                URI.create("http://127.0.0.1:" + invokePort + INVOKE_PATH));
        functions.add(fn);
        awaitPort(fn, invokePort);
        return fn;
    }

    private void awaitPort(RieFunction fn, int port) {
        long end = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < end) {
            if (!fn.process.isAlive()) {
                fn.close();
                throw new TargetException("the emulator exited with status " + fn.process.exitValue() + " before listening: " + fn.logs());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        fn.close();
        throw new TargetException("the emulator did not listen on 127.0.0.1:" + port + " within " + startTimeout.toMillis() + " ms: " + fn.logs());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new TargetException("no free loopback port: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (RieFunction f : functions) f.close();
        functions.clear();
    }

    private final class RieFunction implements DeployedFunction {
        private final String name;
        private final Process process;
        private final ProcessLog log;
        private final URI invokeUrl;

        RieFunction(String name, Process process, ProcessLog log, URI invokeUrl) {
            this.name = name;
            this.process = process;
            this.log = log;
            this.invokeUrl = invokeUrl;
        }

        @Override public String name() { return name; }

        @Override public URI invokeUrl() { return invokeUrl; }

        @Override public String logs() { return log.text(); }

        @Override
        public void close() {
            ProcessTrees.kill(process, Duration.ofSeconds(5));
            functions.remove(this);
        }
    }
}

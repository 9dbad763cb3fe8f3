package dev.lambdatck.refimpl.support;

import dev.lambdatck.refimpl.environment.EnvironmentException;
import dev.lambdatck.refimpl.environment.EnvironmentLauncher;
import dev.lambdatck.refimpl.environment.ExitStatus;
import dev.lambdatck.refimpl.environment.IsolationMode;
import dev.lambdatck.refimpl.environment.LogSink;
import dev.lambdatck.refimpl.environment.PreparedFunction;
import dev.lambdatck.refimpl.environment.RuntimeProcess;
import dev.lambdatck.refimpl.function.FunctionConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Test-only launcher: runs {@code code/bootstrap} directly in host mode, no unpacking, no namespaces. */
public final class ScriptLauncher implements EnvironmentLauncher {

    @Override
    public IsolationMode isolationMode() {
        return IsolationMode.HOST;
    }

    @Override
    public PreparedFunction prepare(FunctionConfig function) {
        return new PreparedFunction() {
            @Override
            public FunctionConfig function() {
                return function;
            }

            @Override
            public Path codeDir() {
                return function.code();
            }

            @Override
            public Path optDir() {
                return function.code();
            }

            @Override
            public RuntimeProcess start(String runtimeApiAddress, LogSink logs) {
                Path bootstrap = function.code().resolve("bootstrap");
                if (!Files.isExecutable(bootstrap) || Files.isDirectory(bootstrap)) {
                    throw new EnvironmentException("Runtime.InvalidEntrypoint",
                            "Couldn't find valid bootstrap(s): [" + bootstrap + "]");
                }
                ProcessBuilder pb = new ProcessBuilder(bootstrap.toString()).directory(function.code().toFile());
                Map<String, String> env = pb.environment();
                env.putAll(function.environment());
                env.put("AWS_LAMBDA_RUNTIME_API", runtimeApiAddress);
                env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
                env.put("AWS_LAMBDA_FUNCTION_VERSION", function.version());
                env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
                env.put("_HANDLER", function.handler());
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                try {
                    Process p = pb.start();
                    pump(p.getInputStream(), logs, false);
                    pump(p.getErrorStream(), logs, true);
                    return new ScriptProcess(p);
                } catch (IOException e) {
                    throw new EnvironmentException("Runtime.InvalidEntrypoint", e.getMessage(), e);
                }
            }

            /** Extension processes started from {@code code/extensions} (the test launcher's /opt is the code directory). */
            private final java.util.List<Process> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();

            @Override
            public RuntimeProcess startExtension(String name, String address, LogSink logs) {
                Path file = function.code().resolve("extensions").resolve(name);
                if (!Files.isExecutable(file)) {
                    throw new EnvironmentException("Extension.LaunchError", "fork/exec /opt/extensions/" + name + ": permission denied");
                }
                ProcessBuilder pb = new ProcessBuilder(file.toString()).directory(function.code().toFile());
                Map<String, String> env = pb.environment();
                env.putAll(function.environment());
                env.put("AWS_LAMBDA_RUNTIME_API", address);
                env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
                env.put("AWS_LAMBDA_FUNCTION_VERSION", function.version());
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                try {
                    Process p = pb.start();
                    extensions.add(p);
                    pump(p.getInputStream(), logs, false);
                    pump(p.getErrorStream(), logs, true);
                    return new ScriptProcess(p);
                } catch (IOException e) {
                    throw new EnvironmentException("Extension.LaunchError", e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                for (Process p : extensions) new ScriptProcess(p).killTree();
            }
        };
    }

    private static void pump(InputStream in, LogSink logs, boolean stderr) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) logs.line(line, stderr);
            } catch (IOException ignored) {
                // process gone
            }
        }, "test-log-pump");
        t.setDaemon(true);
        t.start();
    }

    private record ScriptProcess(Process process) implements RuntimeProcess {
        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public CompletableFuture<ExitStatus> onExit() {
            return process.onExit().thenApply(p -> {
                int v = p.exitValue();
                return v > 128 ? ExitStatus.ofSignal(v - 128) : ExitStatus.ofCode(v);
            });
        }

        @Override
        public void killTree() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        @Override
        public void shutdown(long graceMillis) {
            killTree();
        }
    }
}

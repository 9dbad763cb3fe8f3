package dev.lambdatck.tck.runtimeapi.runtime.launch;

import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime under test, read from a target descriptor with adapter {@value #ADAPTER}:
 * <pre>
 * adapter: runtime-binary
 * command: [/path/to/bootstrap]          # the bootstrap, then any arguments
 * capabilities: [core, streaming, lifecycle, invocation-id, fixture-protocol]
 * options:
 *   task-root: /path/to/code             # LAMBDA_TASK_ROOT and working directory (default: the bootstrap's directory)
 *   handler: app.handler                 # _HANDLER (default: handler)
 *   env: "K1=V1\nK2=V2"                  # extra variables, one K=V per line
 *   env.K3: V3                           # or one option per variable
 *   init-error-handler: missing.handler  # a _HANDLER that makes a non-fixture runtime fail its init (RTC-INIT-*)
 * </pre>
 */
public record RuntimeTarget(Path bootstrap, List<String> arguments, Path taskRoot, String handler,
                            Map<String, String> environment, String initErrorHandler) {

    public static final String ADAPTER = "runtime-binary";
    public static final String TASK_ROOT = "task-root";
    public static final String HANDLER = "handler";
    public static final String ENV = "env";
    public static final String ENV_PREFIX = "env.";
    public static final String INIT_ERROR_HANDLER = "init-error-handler";

    public RuntimeTarget {
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
    }

    /**
     * @throws TargetException when the descriptor names no bootstrap, or it is missing or not executable
     */
    public static RuntimeTarget from(TargetDescriptor d) {
        if (d.command().isEmpty()) {
            throw new TargetException("target '" + d.name() + "': a runtime-binary target needs command: [path of the bootstrap]");
        }
        Path bootstrap = Path.of(d.command().get(0)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(bootstrap)) throw new TargetException("the runtime's bootstrap " + bootstrap + " does not exist");
        if (!Files.isExecutable(bootstrap)) throw new TargetException("the runtime's bootstrap " + bootstrap + " is not executable (chmod +x it)");
        String root = d.option(TASK_ROOT, null);
        Path taskRoot = root == null ? bootstrap.getParent() : Path.of(root).toAbsolutePath().normalize();
        if (!Files.isDirectory(taskRoot)) throw new TargetException("the task root " + taskRoot + " is not a directory");
        Map<String, String> env = new LinkedHashMap<>();
        String lines = d.option(ENV, "");
        for (String line : lines.split("[\\r\\n]+")) {
            if (line.isBlank()) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) throw new TargetException("target '" + d.name() + "': option env: '" + line + "' is not K=V");
            env.put(line.substring(0, eq).strip(), line.substring(eq + 1));
        }
        d.options().forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length()) env.put(k.substring(ENV_PREFIX.length()), v);
        });
        return new RuntimeTarget(bootstrap, d.command().subList(1, d.command().size()), taskRoot,
                d.option(HANDLER, "handler"), env, d.option(INIT_ERROR_HANDLER, null));
    }
}

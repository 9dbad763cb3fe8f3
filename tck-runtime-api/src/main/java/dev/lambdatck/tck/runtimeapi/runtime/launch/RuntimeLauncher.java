package dev.lambdatck.tck.runtimeapi.runtime.launch;

import dev.lambdatck.core.target.TargetException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the runtime under test as Lambda starts a custom runtime's {@code bootstrap}: in the task root,
 * with a clean environment holding the documented variables (and never {@code _X_AMZN_TRACE_ID}, which the
 * runtime sets itself), then the target's own variables, then the test's changes.
 */
public final class RuntimeLauncher {

    public static final String FUNCTION_NAME = "lambda-tck-runtime";

    private final RuntimeTarget target;

    public RuntimeLauncher(RuntimeTarget target) {
        this.target = target;
    }

    public RuntimeTarget target() {
        return target;
    }

    /** The environment the bootstrap gets, before the test's changes. */
    public Map<String, String> environment(String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path == null || path.isBlank() ? "/usr/local/bin:/usr/bin:/bin" : path);
        env.put("LANG", "C.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", target.handler());
        env.put("LAMBDA_TASK_ROOT", target.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", target.bootstrap().getParent().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + FUNCTION_NAME);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        // placeholders: a runtime may read them at start; they grant nothing
        env.put("AWS_ACCESS_KEY_ID", "AKIALAMBDATCKEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "lambda-tck-placeholder-secret-key");
        env.put("AWS_SESSION_TOKEN", "lambda-tck-placeholder-session-token");
        env.putAll(target.environment());
        return env;
    }

    /**
     * Starts the bootstrap.
     *
     * @param changes variables to set, or to remove when the value is null
     * @throws TargetException when the process cannot be started
     */
    public RuntimeProcess launch(String runtimeApi, Map<String, String> changes) {
        Map<String, String> env = environment(runtimeApi);
        changes.forEach((k, v) -> {
            if (v == null) env.remove(k);
            else env.put(k, v);
        });
        env.remove("_X_AMZN_TRACE_ID");
        if (changes.get("_X_AMZN_TRACE_ID") != null) env.put("_X_AMZN_TRACE_ID", changes.get("_X_AMZN_TRACE_ID"));
        // every process of the runtime inherits the marker, so the ones that escape the tree are found at the end
        ProcessMarker marker = new ProcessMarker();
        env.put(marker.variable(), marker.value());
        List<String> command = new ArrayList<>();
        command.add(target.bootstrap().toString());
        command.addAll(target.arguments());
        ProcessBuilder pb = new ProcessBuilder(command).directory(target.taskRoot().toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return RuntimeProcess.started(pb.start(), env, marker);
        } catch (IOException e) {
            throw new TargetException("the runtime's bootstrap " + target.bootstrap() + " could not be started: " + e.getMessage(), e);
        }
    }
}

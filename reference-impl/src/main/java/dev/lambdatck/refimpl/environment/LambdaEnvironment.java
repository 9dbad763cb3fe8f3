package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.function.FunctionConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment a provided-runtime bootstrap starts with (runtime-api.md §2.4, layers.md §2.2). Nothing is
 * inherited from the host. Customer variables are added unless reserved; reserved names are dropped silently
 * here (a control plane may refuse them earlier, as AWS's CreateFunction does).
 */
public final class LambdaEnvironment {

    /**
     * Names customers cannot set (AWS "Defined runtime environment variables", reserved keys; plus
     * AWS_LAMBDA_MAX_CONCURRENCY from Managed Instances). Names starting with '_' are reserved too
     * (RAPID drops them: runtime-api.md §2.4).
     */
    public static final Set<String> RESERVED_NAMES = Set.of(
            "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_MAX_CONCURRENCY");

    /** Placeholder credentials: well-formed (ASIA… key id, 40-character secret) and obviously not real. */
    public static final String ACCESS_KEY_ID = "ASIALAMBDATCKREFIMPL";
    public static final String SECRET_ACCESS_KEY = "lambdaTckReferencePlatformNotARealSecret0";
    public static final String SESSION_TOKEN = "lambda-tck-reference-platform-placeholder-session-token";

    private LambdaEnvironment() {
    }

    public static boolean isReserved(String name) {
        return name.startsWith("_") || RESERVED_NAMES.contains(name);
    }

    /**
     * @param paths         where /var/task, /var/runtime and /opt are for this process (the real paths in
     *                      NAMESPACES mode, host directories in HOST mode)
     * @param logStreamName e.g. "2026/11/29/[$LATEST]0123…"
     */
    public static Map<String, String> build(FunctionConfig fn, String runtimeApiAddress, PathView paths,
                                            String logStreamName) {
        return build(fn, runtimeApiAddress, paths, logStreamName, FaultSet.none());
    }

    /** The same, as a platform built with {@code faults} gets it wrong (environment faults only; none by default). */
    public static Map<String, String> build(FunctionConfig fn, String runtimeApiAddress, PathView paths,
                                            String logStreamName, FaultSet faults) {
        Map<String, String> env = new LinkedHashMap<>();
        // unreserved defaults first, so customer values can replace them
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:" + paths.opt() + "/bin");
        env.put("LD_LIBRARY_PATH", "/lib64:/usr/lib64:" + paths.runtime() + ":" + paths.runtime() + "/lib:"
                + paths.task() + ":" + paths.task() + "/lib:" + paths.opt() + "/lib");
        boolean cutAtEquals = faults.has(Fault.CUSTOMER_VALUES_CUT_AT_EQUALS);
        fn.environment().forEach((k, v) -> {
            if (k != null && v != null && !k.isEmpty() && k.indexOf('=') < 0 && !isReserved(k)) {
                env.put(k, cutAtEquals && v.indexOf('=') >= 0 ? v.substring(0, v.indexOf('=')) : v);
            }
        });
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApiAddress);
        env.put("_HANDLER", fn.handler());
        env.put("LAMBDA_TASK_ROOT", paths.task());
        env.put("LAMBDA_RUNTIME_DIR", paths.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", fn.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", fn.version());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(fn.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + fn.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName);
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", fn.managedInstances() ? "lambda-managed-instances" : "on-demand");
        // Lambda Managed Instances (LMI-CONC-001); absent means 1 to a runtime, so ordinary functions do not get it
        if (fn.managedInstances()) env.put("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(fn.maxConcurrency()));
        env.put("AWS_REGION", fn.region());
        env.put("AWS_DEFAULT_REGION", fn.region());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        env.put("AWS_SESSION_TOKEN", SESSION_TOKEN);
        if (!faults.isEmpty()) applyFaults(env, fn, faults);
        return env;
    }

    private static void applyFaults(Map<String, String> env, FunctionConfig fn, FaultSet faults) {
        if (faults.has(Fault.NO_HANDLER_VARIABLE)) env.remove("_HANDLER");
        if (faults.has(Fault.LMI_MAX_CONCURRENCY_OFF_BY_ONE) && fn.managedInstances()) {
            env.put("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(fn.maxConcurrency() - 1));
        }
        if (faults.has(Fault.VERSION_WITHOUT_DOLLAR)) env.put("AWS_LAMBDA_FUNCTION_VERSION", fn.version().replace("$", ""));
        if (faults.has(Fault.MEMORY_SIZE_IN_BYTES)) {
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Long.toString(fn.memoryMb() * 1024L * 1024L));
        }
        if (faults.has(Fault.NO_DEFAULT_REGION)) env.remove("AWS_DEFAULT_REGION");
        if (faults.has(Fault.NO_RUNTIME_DIR_VARIABLE)) env.remove("LAMBDA_RUNTIME_DIR");
        if (faults.has(Fault.RUNTIME_API_WITH_SCHEME)) env.put("AWS_LAMBDA_RUNTIME_API", "http://" + env.get("AWS_LAMBDA_RUNTIME_API"));
        if (faults.has(Fault.EMPTY_LOG_STREAM_NAME)) env.put("AWS_LAMBDA_LOG_STREAM_NAME", "");
        if (faults.has(Fault.NO_SESSION_TOKEN)) env.remove("AWS_SESSION_TOKEN");
        if (faults.has(Fault.TRACE_ID_AT_STARTUP)) {
            env.put("_X_AMZN_TRACE_ID", "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        }
        if (faults.has(Fault.CUSTOMER_OVERRIDES_RESERVED)) {
            fn.environment().forEach((k, v) -> {
                if (k != null && v != null && !k.isEmpty() && k.indexOf('=') < 0 && !k.equals("AWS_LAMBDA_RUNTIME_API")) {
                    env.put(k, v);
                }
            });
        }
    }

    /** Variables of the function environment that extension processes do not get (EXT-ENV-002). */
    public static final Set<String> HIDDEN_FROM_EXTENSIONS = Set.of("_HANDLER", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
            "AWS_EXECUTION_ENV");

    /**
     * The environment of an external extension: the function's ({@code functionEnv}, as {@link #build} made it) minus
     * {@link #HIDDEN_FROM_EXTENSIONS}, with AWS_LAMBDA_RUNTIME_API pointing at the Extensions API (the same listener).
     */
    public static Map<String, String> forExtension(Map<String, String> functionEnv, String extensionsApiAddress, FaultSet faults) {
        Map<String, String> env = new LinkedHashMap<>(functionEnv);
        if (!faults.has(Fault.HANDLER_LEAKED_TO_EXTENSIONS)) HIDDEN_FROM_EXTENSIONS.forEach(env::remove);
        env.put("AWS_LAMBDA_RUNTIME_API", faults.has(Fault.EXTENSION_API_ADDRESS_WITH_SCHEME)
                ? "http://" + extensionsApiAddress : extensionsApiAddress);
        return env;
    }

    /** Paths as the bootstrap sees them. */
    public record PathView(String task, String runtime, String opt) {
        public static final PathView LAMBDA = new PathView("/var/task", "/var/runtime", "/opt");
    }
}

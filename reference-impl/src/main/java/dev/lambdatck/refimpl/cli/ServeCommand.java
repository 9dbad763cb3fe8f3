package dev.lambdatck.refimpl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.lambdatck.refimpl.environment.EnvironmentException;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.http.Json;
import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.platform.FaultInfo;
import dev.lambdatck.refimpl.platform.PlatformConfig;
import dev.lambdatck.refimpl.platform.ReferencePlatform;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve}: runs the reference platform in the foreground until SIGINT/SIGTERM, then kills every child.
 * Usable as a subcommand of {@code lambda-tck} and standalone ({@link #main}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the lambda-tck reference platform (Invoke API + Runtime API) until interrupted.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Platform YAML (invokePort, faults, functions).")
    Path config;

    @Option(names = "--function", paramLabel = "NAME=DIR", description = "Deploy a function from a directory or zip (repeatable).")
    List<String> functions = new ArrayList<>();

    @Option(names = "--invoke-port", paramLabel = "N", description = "Invoke API port; 0 picks a free one (default: config, else 9000).")
    Integer invokePort;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address of every listener (default: 127.0.0.1).")
    String bind;

    @Option(names = "--fault", paramLabel = "NAME", description = "Switch a fault on (repeatable); see --list-faults.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Function timeout for --function (default 3s).")
    String timeout;

    @Option(names = "--list-faults", description = "List the fault switches and the rules each breaks, then exit.")
    boolean listFaults;

    @Option(names = "--json", description = "With --list-faults: print JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CountDownLatch stop = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (listFaults) {
            printFaults(out);
            return 0;
        }
        ReferencePlatform platform;
        try {
            platform = startPlatform();
        } catch (IllegalArgumentException | IllegalStateException | EnvironmentException e) {
            spec.commandLine().getErr().println("serve: " + e.getMessage());
            return 2;
        }
        Thread hook = new Thread(() -> {
            platform.close();
            stop.countDown();
        }, "refimpl-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printEndpoints(platform, out);
        out.flush();
        stop.await();
        return 0;
    }

    /** Builds the configuration from the file and flags and starts the platform. */
    ReferencePlatform startPlatform() {
        PlatformConfig cfg = config == null ? PlatformConfig.defaults().withInvokePort(9000) : PlatformConfig.read(config);
        if (invokePort != null) cfg = cfg.withInvokePort(invokePort);
        if (bind != null) cfg = cfg.withBindHost(bind);
        if (!faults.isEmpty()) {
            List<String> all = new ArrayList<>(cfg.faults());
            all.addAll(faults);
            cfg = cfg.withFaults(all);
        }
        List<FunctionConfig> fs = new ArrayList<>(cfg.functions());
        Duration t = timeout == null ? null : dev.lambdatck.core.TckTimeouts.parse("--timeout", timeout);
        for (String f : functions) {
            int eq = f.indexOf('=');
            if (eq <= 0 || eq == f.length() - 1) throw new IllegalArgumentException("--function expects NAME=DIR, got '" + f + "'");
            fs.add(new FunctionConfig(f.substring(0, eq), null, Path.of(f.substring(eq + 1)).toAbsolutePath().normalize(),
                    null, Map.of(), t, 0, List.of(), 0, null, null));
        }
        cfg = cfg.withFunctions(fs);
        dev.lambdatck.refimpl.faults.FaultSet.of(cfg.faults()); // unknown fault names: a clear error before binding
        return ReferencePlatform.start(cfg);
    }

    static void printEndpoints(ReferencePlatform platform, PrintWriter out) {
        out.println("lambda-tck reference platform: Invoke API at " + platform.invokeBase()
                + " (isolation " + platform.isolationMode() + ")");
        if (!platform.faults().isEmpty()) out.println("FAULTS ON: " + platform.faults());
        for (DeployedFunctionHandle f : platform.deployed()) {
            out.println("  " + f.config().name() + "  " + f.invokeUrl());
            out.println("      curl -sS -X POST '" + f.invokeUrl() + "' -d '{}'");
            out.println("      streaming: " + f.streamingInvokeUrl());
        }
        if (platform.deployed().isEmpty()) out.println("  (no functions deployed: use --function NAME=DIR or --config FILE)");
        out.println("Stop with Ctrl-C (SIGINT) or SIGTERM; every runtime process is killed on exit.");
    }

    void printFaults(PrintWriter out) {
        List<FaultInfo> all = ReferencePlatform.listFaults();
        if (json) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (FaultInfo f : all) {
                var n = arr.addObject();
                n.put("name", f.name());
                n.put("description", f.description());
                f.ruleIds().forEach(n.putArray("rules")::add);
            }
            out.println(new String(Json.bytes(arr), StandardCharsets.UTF_8));
            return;
        }
        for (FaultInfo f : all) {
            out.printf("%-36s %s%n%-36s breaks: %s%n", f.name(), f.description(), "", String.join(", ", f.ruleIds()));
        }
    }
}

package dev.lambdatck.cli.certify;

import dev.lambdatck.cli.ExitCodes;
import dev.lambdatck.cli.VersionProvider;
import dev.lambdatck.cli.console.ConsoleProgress;
import dev.lambdatck.cli.options.ResultOptions;
import dev.lambdatck.cli.options.RuleSelectionOptions;
import dev.lambdatck.cli.run.RunPipeline;
import dev.lambdatck.core.run.RuleFilter;
import dev.lambdatck.core.run.RunRequest;
import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.core.run.TckSuites;
import dev.lambdatck.core.target.Capabilities;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import dev.lambdatck.tck.runtimeapi.runtime.RuntimeCapabilities;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code lambda-tck certify-runtime}: runs the runtime suite against a custom runtime's bootstrap, which
 * the suite starts against its own strict fake Runtime API, one fresh process per test.
 */
@Command(name = "certify-runtime",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Certify a custom runtime: run the runtime suite (the runtime-bound rules) against its bootstrap and write",
                "results.json, junit.xml, summary.md, badge.svg and report.html into the output directory.",
                "The bootstrap is started once per test with the documented Lambda environment, pointed at the TCK's",
                "fake Runtime API on 127.0.0.1. A language client is certified through a conformance handler that runs",
                "the handler-level steps of the fixture protocol (spec/fixture-protocol.md)."},
        footer = {"%nCapabilities (--capability): core (default), streaming, lifecycle (SIGTERM), invocation-id,",
                "managed-instances, and " + RuntimeCapabilities.FIXTURE_PROTOCOL + " for a fixture runtime that runs every script step",
                "(stream, http, exec, ...) and the TCK_FIXTURE_INIT start-up modes.",
                "%nExamples:",
                "  # a fixture runtime of this kit, with everything it supports",
                "  lambda-tck certify-runtime --bootstrap fixtures-runtimes/rust/target/bootstrap \\",
                "      --capability core,streaming,lifecycle,invocation-id,managed-instances," + RuntimeCapabilities.FIXTURE_PROTOCOL,
                "  # a Python runtime client with the conformance handler, with its known deviations",
                "  lambda-tck certify-runtime --bootstrap fixtures-runtimes/handlers/python/bootstrap \\",
                "      --task-root fixtures-runtimes/handlers/python --handler handler.handle \\",
                "      --capability core,lifecycle --expectations my-expectations.yaml --strict",
                ExitCodes.HELP})
public final class CertifyRuntimeCommand implements Callable<Integer> {

    public static final String SUITE = "runtime";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "PATH", description = "The runtime's executable bootstrap.")
    Path bootstrap;

    @Option(names = "--task-root", paramLabel = "DIR", description = "LAMBDA_TASK_ROOT and working directory (default: the bootstrap's directory).")
    Path taskRoot;

    @Option(names = "--handler", paramLabel = "H", description = "_HANDLER (default: handler).")
    String handler;

    @Option(names = "--env", paramLabel = "K=V", description = "An environment variable for the runtime (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = "--capability", paramLabel = "C", split = ",", description = "A capability the runtime has (repeatable; default: core).")
    List<String> capabilities = new ArrayList<>();

    @Option(names = "--init-error-handler", paramLabel = "H",
            description = "A _HANDLER that makes the runtime fail its init (checks the init-error rules of a non-fixture runtime).")
    String initErrorHandler;

    @Option(names = "--name", paramLabel = "NAME", description = "Name of the runtime in the results (default: the bootstrap's directory name).")
    String name;

    @Mixin
    ResultOptions results = new ResultOptions();

    @Mixin
    RuleSelectionOptions selection = new RuleSelectionOptions();

    private final Supplier<List<TckSuite>> suiteSource;

    public CertifyRuntimeCommand() {
        this(TckSuites::available);
    }

    CertifyRuntimeCommand(Supplier<List<TckSuite>> suiteSource) {
        this.suiteSource = suiteSource;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        results.check(spec.commandLine());
        TckSuite suite = suiteSource.get().stream().filter(s -> s.name().equals(SUITE)).findFirst().orElse(null);
        if (suite == null) {
            stderr.println("lambda-tck: the runtime suite is not on the class path: nothing can be checked (VOID)."
                    + " It comes from the tck-runtime-api jar; rebuild the kit (LAMBDA_TCK_REBUILD=1 ./lambda-tck).");
            stderr.flush();
            return ExitCodes.VOID_OR_HARNESS_ERROR;
        }
        RuntimeDescriptor runtime = runtime();
        Path target = runtime.write(results.out().resolve("runtime-target.yaml"));
        RuleFilter filter = usage(() -> selection.filter(Set.of(), Set.of()));
        RunRequest.Builder request = results.applyTo(RunRequest.builder().suite(suite).target(target.toString())
                .timeouts(selection.timeouts()).filter(filter));

        stderr.println("lambda-tck " + VersionProvider.version() + " · spec " + RuleCatalogue.bundled().specVersion()
                + " · certify-runtime " + runtime.bootstrap() + " · capabilities " + String.join(", ", runtime.capabilities())
                + (filter.isEmpty() ? "" : " · " + filter.describe()));
        stderr.flush();
        RunPipeline pipeline = new RunPipeline(stdout, stderr, ConsoleProgress.isTerminal());
        return usage(() -> pipeline.execute(request, results.out(), results.allureResults(), results.allureReport()));
    }

    /** The runtime under test from the options; bad values are usage errors. */
    RuntimeDescriptor runtime() {
        Path b = bootstrap.toAbsolutePath().normalize();
        if (!Files.isRegularFile(b)) throw usageError("--bootstrap: " + b + " does not exist");
        if (!Files.isExecutable(b)) throw usageError("--bootstrap: " + b + " is not executable (chmod +x it)");
        Path root = taskRoot == null ? null : taskRoot.toAbsolutePath().normalize();
        if (root != null && !Files.isDirectory(root)) throw usageError("--task-root: " + root + " is not a directory");
        Map<String, String> variables = new LinkedHashMap<>();
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw usageError("--env: '" + kv + "' is not K=V");
            variables.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Set<String> caps = new LinkedHashSet<>();
        for (String c : capabilities) if (!c.isBlank()) caps.add(c.strip());
        if (caps.isEmpty()) caps.add(Capabilities.CORE);
        Set<String> known = knownCapabilities();
        for (String c : caps) {
            if (!known.contains(c)) throw usageError("--capability: unknown capability '" + c + "' (known: " + String.join(", ", known) + ")");
        }
        String n = name != null && !name.isBlank() ? name : b.getParent() == null ? b.getFileName().toString() : runtimeName(b);
        return new RuntimeDescriptor(n, b, root, handler, variables, caps, initErrorHandler);
    }

    /** {@code rust} for {@code fixtures-runtimes/rust/target/bootstrap}, else the bootstrap's directory name. */
    private static String runtimeName(Path b) {
        Path dir = b.getParent();
        if (dir.getFileName() != null && dir.getFileName().toString().equals("target") && dir.getParent() != null) dir = dir.getParent();
        return dir.getFileName() == null ? "runtime" : dir.getFileName().toString();
    }

    /** Capabilities of the runtime-bound rules, plus the fixture protocol. */
    static Set<String> knownCapabilities() {
        Set<String> out = new TreeSet<>();
        for (Rule r : RuleCatalogue.bundled().rules()) {
            if (r.binds() == dev.lambdatck.spec.Binds.RUNTIME && r.capability() != null) out.add(r.capability());
        }
        out.add(Capabilities.CORE);
        out.add(RuntimeCapabilities.FIXTURE_PROTOCOL);
        return out;
    }

    private CommandLine.ParameterException usageError(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private <T> T usage(dev.lambdatck.cli.UsageErrors.Action<T> action) throws Exception {
        return dev.lambdatck.cli.UsageErrors.check(spec.commandLine(), action);
    }
}

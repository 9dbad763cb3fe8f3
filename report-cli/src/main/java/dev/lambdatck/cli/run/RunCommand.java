package dev.lambdatck.cli.run;

import dev.lambdatck.cli.ExitCodes;
import dev.lambdatck.cli.VersionProvider;
import dev.lambdatck.cli.console.ConsoleProgress;
import dev.lambdatck.cli.options.ResultOptions;
import dev.lambdatck.cli.options.RuleSelectionOptions;
import dev.lambdatck.core.run.RuleFilter;
import dev.lambdatck.core.run.RunRequest;
import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.core.run.TckSuites;
import dev.lambdatck.spec.RuleCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code lambda-tck run}: runs suites against a target and writes the results. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Run TCK suites against a target and write results.json, junit.xml, summary.md, badge.svg"
                + " and report.html into the output directory."},
        footer = {"%nExamples:",
                "  # every suite, embedded reference platform, Rust fixture runtime",
                "  lambda-tck run",
                "  # your platform, with its known failures",
                "  lambda-tck run --suite platform --target my-platform.yaml \\",
                "      --expectations my-expectations.yaml",
                "  # one rule, with the shell fixture runtime",
                "  lambda-tck run --rule RT-NEXT-001 --fixture shell",
                "  # MUST rules only, longer per-test timeout, results elsewhere",
                "  lambda-tck run --level MUST --timeout test=30s --out /tmp/results",
                "  # the embedded platform with a fault injected (the run must fail)",
                "  lambda-tck run --fault omit-deadline-header",
                ExitCodes.HELP})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--suite", paramLabel = "NAME", split = ",",
            description = "Suite to run (repeatable); default: every suite found (platform, runtime, layers).")
    List<String> suites = new ArrayList<>();

    @Option(names = "--target", paramLabel = "ADAPTER|DESCRIPTOR.yaml", defaultValue = "embedded",
            description = "Target adapter name or target descriptor file (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--fixture", paramLabel = "rust|cpp|shell|PATH", defaultValue = "rust",
            description = "Fixture runtime the suites deploy: a language (built under $LAMBDA_TCK_HOME/fixtures-runtimes)"
                    + " or the path of a bootstrap (default: ${DEFAULT-VALUE}).")
    String fixture;

    @Mixin
    RuleSelectionOptions selection = new RuleSelectionOptions();

    @Option(names = "--capability", paramLabel = "CAP", split = ",", description = "Only rules of this capability (repeatable).")
    List<String> capabilities = new ArrayList<>();

    @Option(names = "--chapter", paramLabel = "CHAPTER", split = ",", description = "Only rules of this chapter (repeatable).")
    List<String> chapters = new ArrayList<>();

    @Option(names = "--declare", paramLabel = "CAP", split = ",",
            description = "Capabilities the target declares, replacing its descriptor's (repeatable).")
    List<String> declared;

    @Mixin
    ResultOptions results = new ResultOptions();

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A target option (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--fault", paramLabel = "NAME", split = ",",
            description = "Shorthand for --option faults=NAME: run the embedded platform with a fault (repeatable).")
    List<String> faults = new ArrayList<>();

    @Option(names = {"-P", "--param"}, paramLabel = "KEY=VALUE", description = "A JUnit configuration parameter passed as is (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    private final Supplier<List<TckSuite>> suiteSource;
    private final FixtureResolver fixtures;

    public RunCommand() {
        this(TckSuites::available, FixtureResolver.system());
    }

    RunCommand(Supplier<List<TckSuite>> suiteSource, FixtureResolver fixtures) {
        this.suiteSource = suiteSource;
        this.fixtures = fixtures;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        results.check(spec.commandLine());
        List<TckSuite> available = suiteSource.get();
        if (available.isEmpty()) {
            stderr.println("lambda-tck: no TCK suite is on the class path: nothing can be checked (VOID)."
                    + " The suites come from the tck-runtime-api and tck-layers jars; rebuild the kit (LAMBDA_TCK_REBUILD=1 ./lambda-tck).");
            stderr.flush();
            return ExitCodes.VOID_OR_HARNESS_ERROR;
        }
        List<TckSuite> selected = usage(() -> TckSuites.select(available, suites));
        RuleFilter filter = usage(() -> selection.filter(Set.copyOf(capabilities), Set.copyOf(chapters)));
        Path bootstrap;
        try {
            bootstrap = fixtures.resolve(fixture);
        } catch (IllegalStateException e) {
            stderr.println("lambda-tck: " + e.getMessage());
            stderr.flush();
            return ExitCodes.VOID_OR_HARNESS_ERROR;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }

        Map<String, String> opts = new LinkedHashMap<>(options);
        if (!faults.isEmpty()) {
            Set<String> all = new LinkedHashSet<>();
            if (opts.containsKey("faults")) all.addAll(List.of(opts.get("faults").split(",")));
            all.addAll(faults);
            opts.put("faults", String.join(",", all));
        }
        Map<String, String> parameters = new LinkedHashMap<>(params);
        parameters.putAll(usage(() -> FixtureAsRuntime.parameters(selected, target, bootstrap, results.out())));
        RunRequest.Builder request = RunRequest.builder().suites(selected).target(target).capabilities(declared)
                .options(opts).timeouts(selection.timeouts()).fixture(bootstrap).parameters(parameters).filter(filter);
        results.applyTo(request);

        stderr.println("lambda-tck " + VersionProvider.version() + " · spec " + RuleCatalogue.bundled().specVersion()
                + " · target " + target + " · suites " + String.join(", ", selected.stream().map(TckSuite::name).toList())
                + " · fixture " + bootstrap + (filter.isEmpty() ? "" : " · " + filter.describe()));
        stderr.flush();
        RunPipeline pipeline = new RunPipeline(stdout, stderr, ConsoleProgress.isTerminal());
        return usage(() -> pipeline.execute(request, results.out(), results.allureResults(), results.allureReport()));
    }

    private <T> T usage(dev.lambdatck.cli.UsageErrors.Action<T> action) throws Exception {
        return dev.lambdatck.cli.UsageErrors.check(spec.commandLine(), action);
    }
}

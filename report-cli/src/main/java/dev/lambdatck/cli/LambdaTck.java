package dev.lambdatck.cli;

import dev.lambdatck.cli.rules.RulesCommand;
import dev.lambdatck.cli.run.RunCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * The {@code lambda-tck} command. Each subcommand is one class, listed in {@code subcommands} below: add a
 * line there to add one.
 */
@Command(name = "lambda-tck",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Conformance kit for the AWS Lambda Runtime API (2018-06-01) and Lambda Layers.",
                "Checks platforms, custom runtimes and layers rule by rule against a numbered specification."},
        subcommands = {
                RunCommand.class,
                RulesCommand.class,
                dev.lambdatck.cli.report.ReportCommand.class,
                dev.lambdatck.cli.diff.DiffCommand.class,
                dev.lambdatck.cli.attest.AttestCommand.class,
                dev.lambdatck.cli.attest.VerifyCommand.class,
                dev.lambdatck.refimpl.cli.ServeCommand.class,
                dev.lambdatck.cli.selftest.SelftestCommand.class,
                dev.lambdatck.cli.certify.CertifyRuntimeCommand.class,
                AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"%nExamples:",
                "  # every suite against the embedded reference platform",
                "  lambda-tck run",
                "  # the platform suite against your platform",
                "  lambda-tck run --suite platform --target my-platform.yaml",
                "  # the MUST rules of the catalogue; one rule in full",
                "  lambda-tck rules --level MUST",
                "  lambda-tck rules RT-NEXT-001",
                "  # shell completion for bash and zsh",
                "  source <(lambda-tck generate-completion)",
                ExitCodes.HELP})
public final class LambdaTck implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of harness errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: exit codes and error handling as documented. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** As {@link #commandLine()}, with a factory (tests use it to give commands their collaborators). */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new LambdaTck(), factory);
        cl.setParameterExceptionHandler(LambdaTck::usageError);
        cl.setExecutionExceptionHandler(LambdaTck::harnessError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // hide the completion generator from the command list, as picocli recommends
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** A short message and a hint, never a stack trace: exit 2. */
    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("lambda-tck: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** One line, exit 3; the stack trace only with --verbose. */
    static int harnessError(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        err.println("lambda-tck: error: " + msg.lines().findFirst().orElse(msg));
        if (verbose(parseResult)) ex.printStackTrace(err);
        else err.println("(run again with --verbose for details)");
        err.flush();
        return ExitCodes.VOID_OR_HARNESS_ERROR;
    }

    private static boolean verbose(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }
}

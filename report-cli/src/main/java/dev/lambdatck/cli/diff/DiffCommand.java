package dev.lambdatck.cli.diff;

import dev.lambdatck.cli.output.ResultsJson;
import dev.lambdatck.cli.report.ResultsFiles;
import dev.lambdatck.core.results.RunResults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lambda-tck diff A B}: what changed between two runs; exits 1 when a rule got worse. */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Compare two runs: newly failing and newly passing rules, added and removed rules and tests,"
                + " changed outcomes (rule and test level) and the verdict change.",
                "A rule got worse when its outcome dropped in the order PASS > NOT_APPLICABLE = WAIVED > NOT_VERIFIED"
                        + " > EXPECTED_FAIL > UNEXPECTED_PASS = FLAKY > FAIL = ERROR, or when it is new and failing."},
        footer = {"%nExamples:",
                "  # yesterday's run against today's",
                "  lambda-tck diff baseline/results.json lambda-tck-results/",
                "  # for scripts and CI",
                "  lambda-tck diff --json baseline/ lambda-tck-results/ > diff.json",
                "%nExit codes: 0 no rule (and not the verdict) got worse, 1 something got worse, 2 bad input."})
public final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The earlier results: a results.json or its directory.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The later results: a results.json or its directory.")
    Path b;

    @Option(names = "--json", description = "Print the difference as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RunResults ra = read(a);
        RunResults rb = read(b);
        ResultsDiff d = ResultsDiff.of(ra, a.toString(), rb, b.toString());
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(ResultsJson.mapper().writeValueAsString(d));
        else out.print(DiffText.render(d));
        out.flush();
        return d.regressed() ? 1 : 0;
    }

    private RunResults read(Path p) {
        try {
            return ResultsFiles.read(p);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}

package dev.lambdatck.cli.report;

import dev.lambdatck.cli.output.AllureOutput;
import dev.lambdatck.cli.output.AllureReport;
import dev.lambdatck.cli.output.BadgeWriter;
import dev.lambdatck.cli.output.MarkdownSummaryWriter;
import dev.lambdatck.core.results.RunResults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lambda-tck report}: renders report.html (and summary.md, badge.svg) again from a results.json. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Render report.html, summary.md and badge.svg from a results.json, e.g. one from another machine or an older run."},
        footer = {"%nExamples:",
                "  # re-render the report next to the results",
                "  lambda-tck report lambda-tck-results/results.json",
                "  # a results directory works too; write the pages elsewhere",
                "  lambda-tck report ci-artifacts/ --out /tmp/report",
                "  # also the Allure HTML report, from the allure-results next to results.json",
                "  lambda-tck report lambda-tck-results --allure-report",
                "%nExit codes: 0 written, 2 bad input (missing or invalid results file), 3 the files (or the Allure report) could not be written."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS_JSON", description = "A results.json, or the directory holding it.")
    Path results;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the pages (default: the directory of RESULTS_JSON).")
    Path out;

    @Option(names = "--allure-report", description = "Also generate the Allure HTML report into <out>/allure-report from the"
            + " allure-results directory next to RESULTS_JSON.")
    boolean allureReport;

    @Override
    public Integer call() throws Exception {
        RunResults r;
        try {
            r = ResultsFiles.read(results);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path file = ResultsFiles.resolve(results).toAbsolutePath().normalize();
        Path dir = out != null ? out : file.getParent();
        Files.createDirectories(dir);
        new HtmlReportWriter().write(r, dir);
        MarkdownSummaryWriter.write(r, dir);
        BadgeWriter.write(r, dir);
        PrintWriter pw = spec.commandLine().getOut();
        Path abs = dir.toAbsolutePath().normalize();
        pw.println("verdict: " + r.verdict().name().replace('_', ' ') + (r.verdictReason() == null ? "" : " (" + r.verdictReason() + ")"));
        pw.println("report:  " + abs.resolve(HtmlReportWriter.FILE));
        pw.println("written: " + HtmlReportWriter.FILE + ", " + MarkdownSummaryWriter.FILE + ", " + BadgeWriter.FILE + " in " + abs);
        pw.flush();
        if (allureReport) {
            try {
                Path index = AllureReport.generate(file.getParent().resolve(AllureOutput.DIR), dir.resolve(AllureReport.DIR),
                        AllureReport.DEFAULT_DEADLINE);
                pw.println("allure:  " + index.toAbsolutePath().normalize());
                pw.flush();
            } catch (AllureReport.Failure e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("lambda-tck: allure-report was not written: " + e.getMessage());
                err.flush();
                return 3;
            }
        }
        return 0;
    }
}

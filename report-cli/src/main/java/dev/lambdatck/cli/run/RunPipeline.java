package dev.lambdatck.cli.run;

import dev.lambdatck.cli.ExitCodes;
import dev.lambdatck.cli.console.ConsoleProgress;
import dev.lambdatck.cli.console.SummaryTable;
import dev.lambdatck.cli.output.AllureOutput;
import dev.lambdatck.cli.output.AllureReport;
import dev.lambdatck.cli.output.OutputWriters;
import dev.lambdatck.cli.report.ReportWriter;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.run.RunRequest;
import dev.lambdatck.core.run.TckRunner;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Runs a request and does everything after: writes the outputs, the HTML report (when a
 * {@link ReportWriter} is on the class path), prints the summary and returns the exit code. Shared by
 * {@code run} and the other commands that run suites (e.g. {@code certify-runtime}).
 */
public final class RunPipeline {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;

    /**
     * @param out      summary and file paths
     * @param err      progress
     * @param terminal progress as one line rewritten in place
     */
    public RunPipeline(PrintWriter out, PrintWriter err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * @param allure also write Allure results to {@code <outDir>/allure-results}
     * @throws IllegalArgumentException for a bad request (nothing ran)
     * @throws IOException              when an output cannot be written
     */
    public int execute(RunRequest.Builder request, Path outDir, boolean allure) throws IOException {
        return execute(request, outDir, allure, false);
    }

    /**
     * @param allure       also write Allure results to {@code <outDir>/allure-results}
     * @param allureReport then generate the Allure HTML report into {@code <outDir>/allure-report} (needs {@code allure});
     *                     a failure to generate it is printed and leaves the verdict's exit code as it is
     * @throws IllegalArgumentException for a bad request (nothing ran)
     * @throws IOException              when an output cannot be written
     */
    public int execute(RunRequest.Builder request, Path outDir, boolean allure, boolean allureReport) throws IOException {
        Files.createDirectories(outDir);
        ConsoleProgress progress = new ConsoleProgress(err, terminal);
        request.listener(progress);
        if (allure) request.junitListener(AllureOutput.listener(outDir));
        RunResults results;
        try {
            results = TckRunner.run(request.build());
        } finally {
            progress.finish();
        }
        int exit = report(results, outDir);
        if (allure && allureReport) allureReport(outDir);
        return exit;
    }

    /** The Allure report is a developer view: its problems are printed, the verdict stands. */
    private void allureReport(Path outDir) {
        try {
            Path index = AllureReport.generate(outDir);
            out.println("allure:  " + index.toAbsolutePath().normalize());
        } catch (AllureReport.Failure e) {
            out.println("allure-report was not written: " + e.getMessage());
        }
        out.flush();
    }

    /** Writes every output of finished results and prints the summary; returns the exit code of the verdict. */
    public int report(RunResults results, Path outDir) throws IOException {
        List<Path> written = new ArrayList<>(OutputWriters.writeAll(results, outDir));
        List<ReportWriter> writers = ServiceLoader.load(ReportWriter.class).stream().map(ServiceLoader.Provider::get).toList();
        Path html = outDir.resolve("report.html");
        List<String> reportProblems = new ArrayList<>();
        for (ReportWriter w : writers) {
            try {
                w.write(results, outDir);
            } catch (IOException | RuntimeException e) {
                // the results are already on disk: report the problem, keep the verdict
                reportProblems.add(w.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        SummaryTable.print(out, results);
        out.println();
        for (String p : reportProblems) out.println("report.html could not be written (" + p + ")");
        if (writers.isEmpty()) {
            out.println("no HTML report writer is on the class path: report.html was not written");
        } else if (Files.isRegularFile(html)) {
            out.println("report:  " + html.toAbsolutePath().normalize());
        }
        out.println("results: " + String.join(", ", written.stream().map(p -> p.getFileName().toString()).toList())
                + " in " + outDir.toAbsolutePath().normalize());
        out.flush();
        return ExitCodes.of(results.verdict());
    }
}

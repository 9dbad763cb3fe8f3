package dev.lambdatck.cli.report;

import dev.lambdatck.core.results.RunResults;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the human report of a run (report.html) into the output directory. Implementations register in
 * {@code META-INF/services/dev.lambdatck.cli.report.ReportWriter}; the run command uses every one found,
 * and says so when there is none.
 */
public interface ReportWriter {

    void write(RunResults results, Path outDir) throws IOException;
}

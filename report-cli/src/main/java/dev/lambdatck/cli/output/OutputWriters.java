package dev.lambdatck.cli.output;

import dev.lambdatck.core.results.RunResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes every machine and CI output of a run into the output directory. */
public final class OutputWriters {

    private OutputWriters() {
    }

    /** results.json, junit.xml, summary.md, badge.svg; returns the files written, in that order. */
    public static List<Path> writeAll(RunResults results, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        return List.of(ResultsJson.write(results, outDir), JUnitXmlWriter.write(results, outDir),
                MarkdownSummaryWriter.write(results, outDir), BadgeWriter.write(results, outDir));
    }
}

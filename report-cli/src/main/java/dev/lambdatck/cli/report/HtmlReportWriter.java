package dev.lambdatck.cli.report;

import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.spec.RuleCatalogue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code report.html}, the self-contained human report of a run. Registered for
 * {@link ReportWriter} in {@code META-INF/services}; rule statements come from the bundled catalogue.
 */
public final class HtmlReportWriter implements ReportWriter {

    public static final String FILE = "report.html";

    public HtmlReportWriter() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public void write(RunResults results, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path target = outDir.resolve(FILE);
        // written next to the target and moved into place: a reader never sees half a report
        Path tmp = outDir.resolve("." + FILE + ".tmp"); // not createTempFile: that would make the report owner-only (0600)
        try {
            Files.writeString(tmp, render(results), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The page as a string; the same results always give the same string. */
    public static String render(RunResults results) {
        RuleCatalogue catalogue = null;
        String problem = null;
        try {
            catalogue = RuleCatalogue.bundled();
        } catch (RuntimeException e) {
            // the report must still show the results; it says why the rule texts are missing
            problem = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
        }
        return render(results, catalogue, problem);
    }

    static String render(RunResults results, RuleCatalogue catalogue, String catalogueProblem) {
        return new HtmlReport(results, catalogue, catalogueProblem).render();
    }
}

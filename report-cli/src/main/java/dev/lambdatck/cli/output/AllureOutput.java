package dev.lambdatck.cli.output;

import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import org.junit.platform.launcher.TestExecutionListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Allure results ({@code <out>/allure-results}) for a rich developer view. The listener gets its own
 * lifecycle writing to this run's directory, so nothing depends on the global {@code allure.results.directory}.
 * The conformance verdict never depends on Allure.
 */
public final class AllureOutput {

    public static final String DIR = "allure-results";

    private AllureOutput() {
    }

    /** Empties {@code <out>/allure-results} (results of an earlier run would mix in) and returns a listener writing there. */
    public static TestExecutionListener listener(Path outDir) throws IOException {
        Path dir = outDir.resolve(DIR);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        return new AllureJunitPlatform(new AllureLifecycle(new FileSystemResultsWriter(dir)));
    }
}

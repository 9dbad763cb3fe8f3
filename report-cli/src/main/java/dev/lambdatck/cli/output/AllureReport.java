package dev.lambdatck.cli.output;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Allure 2 HTML report ({@code <out>/allure-report}) made by Allure's own generator from
 * {@code <out>/allure-results}. The generator is the {@code io.qameta.allure:allure-commandline} zip from Maven
 * Central, unpacked by the build into {@code report-cli/target/allure-commandline}; nothing is downloaded at run
 * time. It runs as a child process with a deadline, on the Java running the CLI.
 */
public final class AllureReport {

    public static final String DIR = "allure-report";
    /** Where the build unpacks the generator, next to the jar (and to target/classes). */
    static final String UNPACKED = "allure-commandline";
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);

    private AllureReport() {
    }

    /** Why generating failed; the message is one line meant for the user. */
    public static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    /** Generates {@code <outDir>/allure-report} from {@code <outDir>/allure-results}; returns the report's index.html. */
    public static Path generate(Path outDir) throws Failure {
        return generate(outDir.resolve(AllureOutput.DIR), outDir.resolve(DIR), DEFAULT_DEADLINE);
    }

    /** Generates {@code report} (replacing it) from {@code results} within {@code deadline}; returns its index.html. */
    public static Path generate(Path results, Path report, Duration deadline) throws Failure {
        if (!Files.isDirectory(results)) {
            throw new Failure("no Allure results in " + results.toAbsolutePath().normalize() + " (was the run made with --no-allure?)");
        }
        Path allure = locate().orElseThrow(() -> new Failure("Allure's report generator was not found (looked in "
                + String.join(", ", candidates().stream().map(Path::toString).toList())
                + "); rebuild the kit (LAMBDA_TCK_REBUILD=1 ./lambda-tck) to unpack io.qameta.allure:allure-commandline"));
        Path log = null;
        Process p = null;
        try {
            log = Files.createTempFile("lambda-tck-allure", ".log");
            List<String> command = new ArrayList<>();
            if (!Files.isExecutable(allure)) command.add("sh");
            command.addAll(List.of(allure.toString(), "generate", "--clean", "-o",
                    report.toAbsolutePath().toString(), results.toAbsolutePath().toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // the generator runs on the Java running the CLI, whatever JAVA_HOME says
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Failure("Allure's report generator did not finish within " + deadline.toSeconds() + " s (stopped)");
            }
            Path index = report.resolve("index.html");
            if (p.exitValue() != 0 || !Files.isRegularFile(index)) {
                throw new Failure("Allure's report generator failed (exit " + p.exitValue() + ")" + lastLine(log));
            }
            return index;
        } catch (IOException e) {
            throw new Failure("Allure's report generator could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while generating the Allure report");
        } finally {
            if (p != null && p.isAlive()) stop(p);
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file: nothing to lose
                }
            }
        }
    }

    /** The generator's launcher script, if unpacked where the kit looks for it. */
    static Optional<Path> locate() {
        for (Path dir : candidates()) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> children = Files.list(dir)) {
                Optional<Path> script = children.sorted().map(c -> c.resolve("bin").resolve("allure"))
                        .filter(Files::isRegularFile).reduce((a, b) -> b); // the newest if several versions
                if (script.isPresent()) return script;
            } catch (IOException ignored) {
                // unreadable: try the next place
            }
        }
        return Optional.empty();
    }

    /** Next to the running jar (or target/classes), then under $LAMBDA_TCK_HOME. */
    static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        try {
            Path code = Path.of(AllureReport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (code.getParent() != null) out.add(code.getParent().resolve(UNPACKED));
        } catch (URISyntaxException | RuntimeException ignored) {
            // no usable code source (unusual class loader): fall back to LAMBDA_TCK_HOME
        }
        String home = System.getenv("LAMBDA_TCK_HOME");
        if (home != null && !home.isBlank()) {
            Path p = Path.of(home).resolve("report-cli").resolve("target").resolve(UNPACKED);
            if (!out.contains(p)) out.add(p);
        }
        return out;
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "";
        }
    }
}

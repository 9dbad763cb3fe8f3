package dev.lambdatck.cli.options;

import dev.lambdatck.core.run.RunRequest;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where results go and how a run is judged: the options {@code run} and {@code certify-runtime} share. */
public final class ResultOptions {

    @Option(names = "--expectations", paramLabel = "FILE", description = "The target's expectations file (known failures).")
    Path expectations;

    @Option(names = "--strict", description = "An expected failure that passes makes the run not conformant.")
    boolean strict;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "lambda-tck-results", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--no-retry", description = "Do not run failed tests a second time (no FLAKY detection).")
    boolean noRetry;

    @Option(names = "--no-allure", description = "Do not write Allure results (<out>/allure-results).")
    boolean noAllure;

    @Option(names = "--allure-report",
            description = "Also generate the Allure HTML report into <out>/allure-report (Allure's own generator, bundled with the kit).")
    boolean allureReport;

    /** Rejects contradictory options before anything runs. */
    public void check(CommandLine commandLine) {
        if (allureReport && noAllure) {
            throw new CommandLine.ParameterException(commandLine, "--allure-report needs the Allure results: drop --no-allure");
        }
    }

    /** Applies expectations, strictness and retries to a request. */
    public RunRequest.Builder applyTo(RunRequest.Builder request) {
        request.expectations(expectations).strict(strict);
        if (noRetry) request.retryLimit(0);
        return request;
    }

    public Path out() {
        return out;
    }

    public boolean allureResults() {
        return !noAllure;
    }

    public boolean allureReport() {
        return allureReport;
    }
}

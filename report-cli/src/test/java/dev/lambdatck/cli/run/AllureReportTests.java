package dev.lambdatck.cli.run;

import dev.lambdatck.cli.Cli;
import dev.lambdatck.cli.ExitCodes;
import dev.lambdatck.cli.run.sample.OptionSuite;
import dev.lambdatck.core.run.TckSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --allure-report}: Allure's own generator (unpacked by the build into target/allure-commandline) renders the run. */
class AllureReportTests {

    @TempDir
    Path dir;

    private CommandLine.IFactory factory() {
        FixtureResolver fixtures = new FixtureResolver(Map.of("LAMBDA_TCK_HOME", dir.toString()), dir);
        return new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == RunCommand.class) return (K) new RunCommand(() -> List.<TckSuite>of(new OptionSuite()), fixtures);
                return CommandLine.defaultFactory().create(cls);
            }
        };
    }

    private void bootstrap() throws Exception {
        Path p = dir.resolve("fixtures-runtimes/rust/target/bootstrap");
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void run_and_report_generate_the_allure_html_report() throws Exception {
        bootstrap();
        Path out = dir.resolve("results");
        Cli.Result r = Cli.run(factory(), "run", "--target", "cli-test", "--declare", "core", "--option", "expect=ok",
                "--allure-report", "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.CONFORMANT);
        Path index = out.resolve("allure-report/index.html");
        assertThat(index).isRegularFile();
        assertThat(out.resolve("allure-report/data/test-cases")).isDirectory();
        assertThat(r.out()).contains("allure:  " + index.toAbsolutePath().normalize());

        // report re-renders it elsewhere from the allure-results next to results.json
        Path again = dir.resolve("again");
        Cli.Result rep = Cli.run("report", out.toString(), "--out", again.toString(), "--allure-report");
        assertThat(rep.exit()).as(rep.out() + rep.err()).isZero();
        assertThat(again.resolve("allure-report/index.html")).isRegularFile();
    }

    @Test
    void without_allure_results_the_problem_is_one_line() throws Exception {
        bootstrap();
        Cli.Result both = Cli.run(factory(), "run", "--no-allure", "--allure-report", "--out", dir.resolve("o").toString());
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("--allure-report needs the Allure results");

        Path out = dir.resolve("plain");
        Cli.Result run = Cli.run(factory(), "run", "--target", "cli-test", "--declare", "core", "--option", "expect=ok",
                "--no-allure", "--out", out.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.CONFORMANT);
        Cli.Result rep = Cli.run("report", out.toString(), "--allure-report");
        assertThat(rep.exit()).isEqualTo(ExitCodes.VOID_OR_HARNESS_ERROR);
        assertThat(rep.err()).contains("allure-report was not written: no Allure results in").doesNotContain("Exception");
        assertThat(out.resolve("allure-report")).doesNotExist();
    }
}

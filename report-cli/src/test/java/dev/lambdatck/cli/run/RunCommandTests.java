package dev.lambdatck.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTests {

    @TempDir
    Path dir;

    private CommandLine.IFactory factory(Supplier<List<TckSuite>> suites) {
        FixtureResolver fixtures = new FixtureResolver(Map.of("LAMBDA_TCK_HOME", dir.toString()), dir);
        return new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == RunCommand.class) return (K) new RunCommand(suites, fixtures);
                return CommandLine.defaultFactory().create(cls);
            }
        };
    }

    private Path bootstrap() throws Exception {
        Path p = dir.resolve("fixtures-runtimes/rust/target/bootstrap");
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void no_suite_on_the_class_path_is_a_void_run() {
        Cli.Result r = Cli.run(factory(List::of), "run", "--out", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.VOID_OR_HARNESS_ERROR);
        assertThat(r.err()).contains("no TCK suite is on the class path").contains("VOID");
    }

    @Test
    void an_unknown_suite_is_a_usage_error() {
        Cli.Result r = Cli.run(factory(() -> List.of(new OptionSuite())), "run", "--suite", "nope");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown suite 'nope' (available: option)");
    }

    @Test
    void an_unbuilt_fixture_is_a_clear_harness_error() {
        Cli.Result r = Cli.run(factory(() -> List.of(new OptionSuite())), "run", "--fixture", "cpp");
        assertThat(r.exit()).isEqualTo(ExitCodes.VOID_OR_HARNESS_ERROR);
        assertThat(r.err()).contains("the cpp fixture runtime is not built").contains("fixtures-runtimes/cpp/target/bootstrap");
        Cli.Result path = Cli.run(factory(() -> List.of(new OptionSuite())), "run", "--fixture", "no/such/bootstrap");
        assertThat(path.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(path.err()).contains("--fixture:").contains("does not exist");
    }

    @Test
    void bad_inputs_are_usage_errors_before_anything_runs() throws Exception {
        bootstrap();
        var suites = (Supplier<List<TckSuite>>) () -> List.of(new OptionSuite());
        Cli.Result rule = Cli.run(factory(suites), "run", "--rule", "RT-NOPE-001",
                "--out", dir.resolve("o").toString());
        assertThat(rule.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(rule.err()).contains("no rule RT-NOPE-001");
        Cli.Result level = Cli.run(factory(suites), "run", "--level", "MUSTT", "--out", dir.resolve("o").toString());
        assertThat(level.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(level.err()).contains("unknown level 'MUSTT'");
        Cli.Result chapter = Cli.run(factory(suites), "run", "--chapter", "nope", "--out", dir.resolve("o").toString());
        assertThat(chapter.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(chapter.err()).contains("no chapter 'nope'");
        Cli.Result timeout = Cli.run(factory(suites), "run", "--timeout", "test=soon", "--out", dir.resolve("o").toString());
        assertThat(timeout.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(timeout.err()).contains("cannot read 'soon'");
        Cli.Result expectations = Cli.run(factory(suites), "run", "--expectations", dir.resolve("none.yaml").toString(),
                "--out", dir.resolve("o").toString());
        assertThat(expectations.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(expectations.err()).contains("none.yaml does not exist");
    }

    @Test
    void a_harness_error_is_one_line_and_exit_3_unless_verbose() {
        Supplier<List<TckSuite>> broken = () -> {
            throw new IllegalStateException("suite registry exploded\nsecond line");
        };
        Cli.Result r = Cli.run(factory(broken), "run");
        assertThat(r.exit()).isEqualTo(ExitCodes.VOID_OR_HARNESS_ERROR);
        assertThat(r.err()).contains("lambda-tck: error: suite registry exploded").doesNotContain("second line").doesNotContain("\tat ");
        Cli.Result verbose = Cli.run(factory(broken), "run", "--verbose");
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void a_run_writes_every_output_and_exits_with_the_verdict() throws Exception {
        bootstrap();
        Path out = dir.resolve("results");
        Cli.Result ok = Cli.run(factory(() -> List.of(new OptionSuite())), "run", "--target", "cli-test", "--declare", "core",
                "--option", "expect=ok", "--out", out.toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.CONFORMANT);
        assertThat(ok.err()).contains("discovered 1 test: option 1");
        assertThat(ok.out()).contains("rules by level").contains("tests by suite").contains("verdict: CONFORMANT")
                .contains("results: results.json, junit.xml, summary.md, badge.svg");
        for (String f : List.of("results.json", "junit.xml", "summary.md", "badge.svg")) assertThat(out.resolve(f)).isRegularFile();
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.get("verdict").asText()).isEqualTo("CONFORMANT");
        assertThat(results.get("target").get("options").get("expect").asText()).isEqualTo("ok");
        assertThat(results.get("target").get("fixture").asText()).endsWith("fixtures-runtimes/rust/target/bootstrap");
        try (Stream<Path> allure = Files.list(out.resolve("allure-results"))) {
            assertThat(allure.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("-result.json"));
        }

        Cli.Result bad = Cli.run(factory(() -> List.of(new OptionSuite())), "run", "--target", "cli-test", "--declare", "core",
                "--option", "expect=bad", "--no-retry", "--no-allure", "--out", out.toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.NOT_CONFORMANT);
        assertThat(bad.out()).contains("MUST rules that did not pass:").contains("RT-NEXT-001").contains("verdict: NOT_CONFORMANT");
        assertThat(out.resolve("allure-results")).as("--no-allure leaves earlier results alone").exists();
    }
}

package dev.lambdatck.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaTckTests {

    @Test
    void version_names_the_kit_and_the_spec() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("lambda-tck ").contains("specification ");
    }

    @Test
    void no_subcommand_is_a_usage_error() {
        Cli.Result r = Cli.run();
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("a subcommand is required").contains("Try 'lambda-tck --help'");
    }

    @Test
    void unknown_options_get_a_short_message_and_a_hint() {
        Cli.Result r = Cli.run("rules", "--levle", "MUST");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unknown option: '--levle'").contains("Try 'lambda-tck rules --help'")
                .doesNotContain("\tat ");
    }

    @Test
    void every_subcommand_has_examples_in_its_help() {
        for (String cmd : new String[] {"run", "rules"}) {
            Cli.Result r = Cli.run(cmd, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).as(cmd).contains("Examples:").contains("Exit codes:");
        }
        assertThat(Cli.run("--help").out()).contains("Examples:").contains("run").contains("rules");
    }

    @Test
    void completion_script_is_generated() {
        Cli.Result r = Cli.run("generate-completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete").contains("lambda-tck");
    }
}

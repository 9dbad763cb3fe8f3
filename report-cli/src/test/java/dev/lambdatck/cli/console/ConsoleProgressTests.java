package dev.lambdatck.cli.console;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.TestResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTests {

    private static TestResult t(Outcome o) {
        return new TestResult("a.B#c", "platform", "c()", List.of("RT-NEXT-001"), o, 1, null, null);
    }

    @Test
    void terminal_progress_is_one_updating_line() {
        StringWriter s = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(s), true);
        p.discovered(Map.of("platform", 4));
        p.testFinished(t(Outcome.PASS));
        p.testFinished(t(Outcome.FAIL));
        p.testFinished(t(Outcome.NOT_APPLICABLE));
        assertThat(p.line()).isEqualTo("[###############-----] 3/4 passed 1 failed 1 n/a 1");
        p.finish();
        assertThat(s.toString()).contains("\r[#####---------------] 1/4 passed 1 failed 0 n/a 0").endsWith(System.lineSeparator());
    }

    @Test
    void plain_progress_is_one_line_per_test_class() {
        StringWriter s = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(s), false);
        p.discovered(Map.of("platform", 3));
        p.suiteStarted("platform");
        p.testFinished(t(Outcome.PASS));
        p.testFinished(t(Outcome.ERROR));
        p.containerFinished("platform", "NextRules");
        p.testFinished(t(Outcome.PASS));
        p.containerFinished("platform", "EnvRules");
        String[] lines = s.toString().split("\\R");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo("discovered 3 tests: platform 3");
        assertThat(lines[2]).contains("NextRules").contains("2 tests, 1 failed").contains("[2/3]");
        assertThat(lines[3]).contains("EnvRules").contains("1 test ").contains("[3/3]");
        assertThat(s.toString()).doesNotContain("\r");
    }
}

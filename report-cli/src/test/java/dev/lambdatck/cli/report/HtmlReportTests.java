package dev.lambdatck.cli.report;

import dev.lambdatck.cli.Cli;
import dev.lambdatck.cli.output.ResultsJson;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTests {

    @TempDir
    Path dir;

    @Test
    void registered_for_the_run_command_through_service_loader() {
        assertThat(ServiceLoader.load(ReportWriter.class).stream().map(p -> p.type().getName()))
                .contains(HtmlReportWriter.class.getName());
    }

    @Test
    void same_results_give_the_same_bytes_live_or_from_results_json() throws Exception {
        RunResults live = SampleRuns.mixed();
        String first = HtmlReportWriter.render(live);
        assertThat(HtmlReportWriter.render(live)).isEqualTo(first);
        ResultsJson.write(live, dir);
        // results.json sorts map keys: the page must not depend on the order a map happens to have
        assertThat(HtmlReportWriter.render(ResultsFiles.read(dir))).isEqualTo(first);
    }

    @Test
    void shows_verdict_counts_target_rules_with_statements_and_the_lists() {
        String html = HtmlReportWriter.render(SampleRuns.mixed());
        assertThat(html).contains("data-verdict=\"NOT_CONFORMANT\"", ">NOT CONFORMANT<", "1 MUST rule failed: RT-NEXT-002",
                "Rules by level", "Tests by suite", "embedded &lt;reference&gt;", "faults=none", "17.0.12 (Debian)");
        // statement and source of RT-NEXT-001 come from the catalogue, not from the results
        assertThat(html).contains("answer 200 with the invocation&#39;s payload as the body, byte for byte",
                "<a href=\"https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html\"");
        assertThat(html).contains("id=\"list-not-verified\"", "id=\"list-not-applicable\"", "id=\"list-waived\"", "id=\"list-expected-fail\"");
        assertThat(html).contains("Lambda-Runtime-Deadline-Ms: 1769860803000", "-- trailers --", "Lambda-Runtime-Function-Error-Type: Runtime.Unknown",
                "Target log (excerpt)", "payload compared byte for byte", "2.0 s");
        for (String id : List.of("RT-NEXT-001", "RT-NEXT-002", "RT-NEXT-003", "RT-NEXT-007", "RT-NEXT-009", "RT-NEXT-010", "RT-STREAM-001", "LY-ZIP-001")) {
            assertThat(html).contains("<details class=\"rule\" id=\"rule-" + id + "\"");
        }
    }

    @Test
    void escapes_everything_from_the_run() {
        String html = HtmlReportWriter.render(SampleRuns.mixed());
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; \u2401 &quot;quoted&quot;");
        assertThat(html).doesNotContain("\u0001");
        // exactly one script element: the inlined filter code
        assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(1);
    }

    @Test
    void is_self_contained() {
        String html = HtmlReportWriter.render(SampleRuns.mixed());
        assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none'");
        assertThat(html).doesNotContainPattern("(?i)<script[^>]*\\bsrc=").doesNotContainPattern("(?i)@import")
                .doesNotContainPattern("(?i)@font-face").doesNotContainPattern("(?i)url\\(").doesNotContainPattern("(?i)<(img|iframe|object|embed)\\b");
        Matcher m = Pattern.compile("<(\\w+)\\b[^>]*\\b(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            if (!m.group(1).equals("a")) assertThat(m.group(2)).as("<%s> may only reference data: URLs", m.group(1)).startsWith("data:");
            else assertThat(m.group(2)).matches("#.*|https?://.*");
        }
    }

    @Test
    void void_and_conformant_runs_render_with_their_colour() {
        RunResults mixed = SampleRuns.mixed();
        RunResults empty = SampleRuns.results(Verdict.VOID, "no test executed", List.of(), List.of(), List.of("platform"));
        assertThat(HtmlReportWriter.render(empty)).contains("verdict-void", ">VOID<", "No rule is in the scope of this run.");
        RunResults ok = SampleRuns.results(Verdict.CONFORMANT, null,
                List.of(SampleRuns.rule("RT-NEXT-001", Outcome.PASS, null, SampleRuns.NEXT + "payload")),
                List.of(mixed.tests().get(0)), List.of("platform"));
        assertThat(HtmlReportWriter.render(ok)).contains("verdict-conformant", ">CONFORMANT<", "1 of 1 rules passed");
    }

    @Test
    void report_command_rerenders_from_results_json() throws Exception {
        RunResults r = SampleRuns.mixed();
        ResultsJson.write(r, dir);
        Path out = dir.resolve("pages");
        Cli.Result res = Cli.run("report", dir.resolve("results.json").toString(), "--out", out.toString());
        assertThat(res.exit()).as(res.err()).isZero();
        assertThat(res.out()).contains("report:", "report.html");
        assertThat(Files.readString(out.resolve("report.html"))).isEqualTo(HtmlReportWriter.render(r));
        assertThat(out.resolve("summary.md")).exists();
        assertThat(out.resolve("badge.svg")).exists();

        Cli.Result again = Cli.run("report", dir.toString());
        assertThat(again.exit()).isZero();
        assertThat(dir.resolve("report.html")).exists();
    }

    @Test
    void report_command_rejects_bad_input_with_a_clear_message() throws Exception {
        Cli.Result missing = Cli.run("report", dir.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.json does not exist").doesNotContain("Exception");
        Files.writeString(dir.resolve("bad.json"), "{ not json");
        Cli.Result bad = Cli.run("report", dir.resolve("bad.json").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("bad.json is not a valid results file");
        Files.writeString(dir.resolve("other.json"), "{\"hello\": 1}");
        assertThat(Cli.run("report", dir.resolve("other.json").toString()).err()).contains("is not a lambda-tck results file");
    }
}

package dev.lambdatck.cli.output;

import dev.lambdatck.core.results.Exchange;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestEvidence;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.results.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutputWritersTests {

    @TempDir
    Path dir;

    static RunResults sample(Verdict verdict) {
        TestEvidence evidence = new TestEvidence(List.of(new Exchange("tck->target", "GET",
                "http://127.0.0.1:1234/2018-06-01/runtime/invocation/next", Map.of("Accept", List.of("*/*")), null, null, 200,
                Map.of("Lambda-Runtime-Aws-Request-Id", List.of("abc")), "{\"a\":1}\u0001<&>", 10L, null, 1L, 3L, null)),
                "bootstrap: started\n", List.of("a note"));
        List<TestResult> tests = List.of(
                new TestResult("dev.x.NextRules#payload", "platform", "payload()", List.of("RT-NEXT-001"), Outcome.PASS, 12, null, evidence),
                new TestResult("dev.x.NextRules#requestId", "platform", "requestId()", List.of("RT-NEXT-002"), Outcome.FAIL, 30,
                        "RT-NEXT-002: request id\nexpected: \"abc\"\n but was: \"\"", evidence),
                new TestResult("dev.x.NextRules#deadline", "platform", "deadline()", List.of("RT-NEXT-004"), Outcome.ERROR, 5,
                        "TargetException: connection refused", null),
                new TestResult("dev.x.NextRules#known", "platform", "known()", List.of("RT-NEXT-005"), Outcome.FAIL, 5, "known bug", null),
                new TestResult("dev.x.StreamRules#stream", "platform", "stream()", List.of("RT-STREAM-001"), Outcome.NOT_APPLICABLE, 0,
                        "target does not declare capability streaming", null),
                new TestResult("dev.y.LayerRules#zip", "layers", "zip()", List.of("LY-ZIP-001"), Outcome.PASS, 7, null, null));
        List<RuleResult> rules = List.of(
                new RuleResult("RT-NEXT-001", "MUST", "platform", "core", "rt-next", "payload", Outcome.PASS, List.of("dev.x.NextRules#payload"), null),
                new RuleResult("RT-NEXT-002", "MUST", "platform", "core", "rt-next", "request | id", Outcome.FAIL, List.of("dev.x.NextRules#requestId"),
                        "NextRules#requestId: RT-NEXT-002: request id"),
                new RuleResult("RT-NEXT-004", "SHOULD", "platform", "core", "rt-next", "deadline", Outcome.ERROR, List.of("dev.x.NextRules#deadline"), "refused"),
                new RuleResult("RT-NEXT-005", "MUST", "platform", "core", "rt-next", "known", Outcome.EXPECTED_FAIL, List.of("dev.x.NextRules#known"),
                        "expected to fail: known bug"),
                new RuleResult("RT-STREAM-001", "MUST", "platform", "streaming", "rt-stream", "stream", Outcome.NOT_APPLICABLE, List.of(), "no streaming"),
                new RuleResult("LY-ZIP-001", "MUST", "layers", "layers", "ly-zip", "zip", Outcome.PASS, List.of("dev.y.LayerRules#zip"), null),
                new RuleResult("RT-NEXT-009", "MAY", "platform", "core", "rt-next", "untested", Outcome.NOT_VERIFIED, List.of(), "no test"));
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", "embedded");
        target.put("adapter", "embedded");
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) summary.put(o.name(), (int) rules.stream().filter(r -> r.outcome() == o).count());
        return new RunResults(RunResults.SCHEMA_VERSION, "0.1.0", "0.1.0", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z",
                target, Map.of("os", "Linux", "arch", "amd64"), List.of("platform", "layers"), verdict,
                "1 MUST/MUST NOT rule did not pass: RT-NEXT-002", summary, rules, tests);
    }

    @Test
    void results_json_round_trips_and_is_deterministic() throws Exception {
        RunResults r = sample(Verdict.NOT_CONFORMANT);
        Path f = ResultsJson.write(r, dir);
        byte[] first = Files.readAllBytes(f);
        assertThat(ResultsJson.read(dir)).isEqualTo(r);
        ResultsJson.write(r, dir);
        assertThat(Files.readAllBytes(f)).isEqualTo(first);
        assertThat(Files.readString(f)).contains("\n  \"schemaVersion\" : \"1.0\"");
    }

    @Test
    void junit_xml_is_valid_with_one_testsuite_per_suite() throws Exception {
        JUnitXmlWriter.write(sample(Verdict.NOT_CONFORMANT), dir);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("6");
        NodeList suites = root.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element platform = (Element) suites.item(0);
        assertThat(platform.getAttribute("name")).isEqualTo("lambda-tck.platform");
        assertThat(platform.getAttribute("tests")).isEqualTo("5");
        assertThat(platform.getAttribute("failures")).isEqualTo("1");
        assertThat(platform.getAttribute("errors")).isEqualTo("1");
        assertThat(platform.getAttribute("skipped")).as("N/A and the expected failure").isEqualTo("2");
        Element failure = (Element) platform.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("RT-NEXT-002: request id");
        assertThat(failure.getTextContent()).contains("but was");
        Element failed = (Element) failure.getParentNode();
        assertThat(failed.getAttribute("classname")).isEqualTo("dev.x.NextRules");
        assertThat(failed.getAttribute("name")).isEqualTo("requestId [RT-NEXT-002]");
        String out = failed.getElementsByTagName("system-out").item(0).getTextContent();
        assertThat(out).contains("> GET http://127.0.0.1:1234/2018-06-01/runtime/invocation/next")
                .contains("< Lambda-Runtime-Aws-Request-Id: abc").contains("<&>").contains("bootstrap: started");
        NodeList skipped = platform.getElementsByTagName("skipped");
        assertThat(((Element) skipped.item(0)).getAttribute("message")).startsWith("RT-NEXT-005 EXPECTED_FAIL");
    }

    @Test
    void summary_markdown_has_the_verdict_counts_and_failing_must_rules() throws Exception {
        MarkdownSummaryWriter.write(sample(Verdict.NOT_CONFORMANT), dir);
        String md = Files.readString(dir.resolve("summary.md"));
        assertThat(md).startsWith("## lambda-tck: ❌ NOT CONFORMANT");
        assertThat(md).contains("| MUST | 5 |").contains("| SHOULD | 1 |").contains("| platform | 5 |");
        assertThat(md).contains("### Failing MUST rules (1)").contains("| `RT-NEXT-002` | MUST | FAIL | request \\| id |");
        assertThat(md).doesNotContain("`RT-NEXT-004`"); // a SHOULD rule never blocks
    }

    @Test
    void badge_is_svg_with_the_verdict_and_colour() throws Exception {
        BadgeWriter.write(sample(Verdict.NOT_CONFORMANT), dir);
        Path f = dir.resolve("badge.svg");
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        // counted: all but N/A and WAIVED = 6; passed: 2
        assertThat(Files.readString(f)).contains("not conformant 2/6").contains(BadgeWriter.RED).doesNotContain("http://fonts");
        assertThat(BadgeWriter.render(sample(Verdict.CONFORMANT))).contains("conformant 2/6").contains(BadgeWriter.GREEN);
        assertThat(BadgeWriter.render(sample(Verdict.VOID))).contains(">void<").contains(BadgeWriter.GREY);
    }

    @Test
    void write_all_creates_the_directory_and_every_file() throws Exception {
        Path out = dir.resolve("a/b");
        assertThat(OutputWriters.writeAll(sample(Verdict.CONFORMANT), out)).extracting(p -> p.getFileName().toString())
                .containsExactly("results.json", "junit.xml", "summary.md", "badge.svg");
    }
}

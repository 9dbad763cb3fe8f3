package dev.lambdatck.cli.report;

import dev.lambdatck.core.results.Exchange;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestEvidence;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.results.Verdict;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synthetic runs for the report, diff and attest tests; rule data comes from the bundled catalogue. */
public final class SampleRuns {

    public static final String NEXT = "dev.lambdatck.tck.runtimeapi.NextRules#";
    /** A body that would run script if it were not escaped. */
    public static final String HOSTILE = "<script>alert('x')</script> & \u0001 \"quoted\"";

    private SampleRuns() {
    }

    /** PASS, FAIL, EXPECTED_FAIL, NOT_APPLICABLE, NOT_VERIFIED and WAIVED rules, with evidence. */
    public static RunResults mixed() {
        Exchange next = new Exchange("runtime->target", "GET", "/2018-06-01/runtime/invocation/next",
                Map.of("User-Agent", List.of("lambda-tck-fixture/1")), null, null, 200,
                Map.of("Lambda-Runtime-Aws-Request-Id", List.of("8476a536-e9f4-11e8-9739-2dfe598c3fcd"),
                        "Lambda-Runtime-Deadline-Ms", List.of("1769860803000")),
                "{\"hello\":\"world\"}", 17L, null, 1769860800000L, 3L, null);
        Exchange hostile = new Exchange("tck->target", "POST", "/2018-06-01/runtime/invocation/abc/response",
                Map.of("Content-Type", List.of("text/html")), HOSTILE, 40L, 202,
                Map.of("Content-Type", List.of("application/json")), "{\"status\":\"OK\"}", 15L,
                Map.of("Lambda-Runtime-Function-Error-Type", List.of("Runtime.Unknown")), 1769860800100L, 4L, "trailer sent");
        TestEvidence good = new TestEvidence(List.of(next), null, List.of("payload compared byte for byte"));
        TestEvidence bad = new TestEvidence(List.of(next, hostile), "bootstrap: started\nbootstrap: " + HOSTILE + "\n", List.of());
        List<TestResult> tests = List.of(
                test("payload", "RT-NEXT-001", Outcome.PASS, 412, null, good),
                test("requestId", "RT-NEXT-002", Outcome.FAIL, 120,
                        "RT-NEXT-002: expected a non-empty Lambda-Runtime-Aws-Request-Id\nexpected: not empty\n but was: \"\"", bad),
                test("distinctIds", "RT-NEXT-003", Outcome.FAIL, 95, "RT-NEXT-003: ids repeated", bad),
                test("blocks", "RT-NEXT-007", Outcome.PASS, 2030, null, good),
                new TestResult("dev.lambdatck.tck.runtimeapi.StreamRules#streams", "platform", "streams()", List.of("RT-STREAM-001"),
                        Outcome.NOT_APPLICABLE, 0, "target does not declare capability streaming", null),
                new TestResult("dev.lambdatck.tck.layers.ZipRules#extracts", "layers", "extracts()", List.of("LY-ZIP-001"),
                        Outcome.PASS, 77, null, good));
        List<RuleResult> rules = List.of(
                rule("RT-NEXT-001", Outcome.PASS, null, NEXT + "payload"),
                rule("RT-NEXT-002", Outcome.FAIL, "NextRules#requestId: RT-NEXT-002: expected a non-empty Lambda-Runtime-Aws-Request-Id",
                        NEXT + "requestId"),
                rule("RT-NEXT-003", Outcome.EXPECTED_FAIL, "expected to fail: known bug " + HOSTILE + "; observed FAIL", NEXT + "distinctIds"),
                rule("RT-NEXT-007", Outcome.PASS, null, NEXT + "blocks"),
                rule("RT-NEXT-009", Outcome.NOT_VERIFIED, "no test in the selected suites cites this rule"),
                rule("RT-NEXT-010", Outcome.WAIVED, "waived: ambiguous (https://example.invalid/issues/1)"),
                rule("RT-STREAM-001", Outcome.NOT_APPLICABLE, "target does not declare capability streaming",
                        "dev.lambdatck.tck.runtimeapi.StreamRules#streams"),
                rule("LY-ZIP-001", Outcome.PASS, null, "dev.lambdatck.tck.layers.ZipRules#extracts"));
        return results(Verdict.NOT_CONFORMANT, "1 MUST rule failed: RT-NEXT-002", rules, tests, List.of("platform", "layers"));
    }

    public static TestResult test(String method, String rule, Outcome o, long ms, String message, TestEvidence evidence) {
        return new TestResult(NEXT + method, "platform", method + "()", List.of(rule), o, ms, message, evidence);
    }

    /** A rule result with the catalogue's level, binds, capability, chapter and title. */
    public static RuleResult rule(String id, Outcome o, String reason, String... tests) {
        Rule r = RuleCatalogue.bundled().find(id).orElseThrow(() -> new IllegalArgumentException("no rule " + id));
        return new RuleResult(id, r.level().text(), r.binds().text(), r.capability(), r.chapter(), r.title(), o, List.of(tests), reason);
    }

    public static RunResults results(Verdict verdict, String reason, List<RuleResult> rules, List<TestResult> tests, List<String> suites) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", "embedded <reference>");
        target.put("adapter", "embedded");
        target.put("capabilities", List.of("core", "layers"));
        target.put("options", Map.of("faults", "none"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("os", "Linux 6.1");
        env.put("arch", "amd64");
        env.put("java", "17.0.12 (Debian)");
        env.put("cores", "2");
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            int n = (int) rules.stream().filter(x -> x.outcome() == o).count();
            if (n > 0) summary.put(o.name(), n);
        }
        return new RunResults(RunResults.SCHEMA_VERSION, "0.1.0-SNAPSHOT", RuleCatalogue.bundled().specVersion(),
                "2026-01-31T12:00:00Z", "2026-01-31T12:01:30Z", target, env, suites, verdict, reason, summary,
                new ArrayList<>(rules), new ArrayList<>(tests));
    }
}

package dev.lambdatck.cli.attest;

import dev.lambdatck.cli.Cli;
import dev.lambdatck.cli.output.ResultsJson;
import dev.lambdatck.cli.report.SampleRuns;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.results.Verdict;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AttestVerifyTests {

    private static final String EXPECTED = "RT-NEXT-003";

    @TempDir
    Path dir;

    /** A conformant run over the whole catalogue; {@code EXPECTED} is an expected failure, and any override applies. */
    private Path run(String name, Map<String, Outcome> overrides, boolean withExpectationsFile) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        List<RuleResult> rules = new ArrayList<>();
        List<TestResult> tests = new ArrayList<>();
        for (Rule r : RuleCatalogue.bundled().rules()) {
            Outcome o = r.isAutomated() ? Outcome.PASS : Outcome.NOT_VERIFIED;
            if (r.id().equals(EXPECTED)) o = Outcome.EXPECTED_FAIL;
            o = overrides.getOrDefault(r.id(), o);
            if (o == Outcome.NOT_VERIFIED && r.isAutomated()) {
                rules.add(SampleRuns.rule(r.id(), o, "no test"));
                continue;
            }
            String test = "dev.lambdatck.tck.Sample#" + r.id().replace('-', '_');
            Outcome testOutcome = o == Outcome.EXPECTED_FAIL ? Outcome.FAIL : o;
            tests.add(new TestResult(test, r.binds().text(), r.id(), List.of(r.id()), testOutcome, 5, null, null));
            rules.add(SampleRuns.rule(r.id(), o, o == Outcome.PASS ? null : "observed " + testOutcome, test));
        }
        boolean failing = rules.stream().anyMatch(x -> x.outcome().isFailure());
        RunResults base = SampleRuns.results(failing ? Verdict.NOT_CONFORMANT : Verdict.CONFORMANT, null, rules, tests,
                List.of("platform", "runtime", "layers"));
        Map<String, Object> target = new LinkedHashMap<>(base.target());
        if (withExpectationsFile) {
            Path ex = Files.writeString(dir.resolve(name + "-expectations.yaml"), "expectations:\n  - rule: " + EXPECTED
                    + "\n    outcome: FAIL\n    reason: \"known bug\"\n");
            target.put("expectationsFile", ex.toAbsolutePath().toString());
        }
        RunResults r = new RunResults(base.schemaVersion(), base.tckVersion(), base.specVersion(), base.startedAt(), base.finishedAt(),
                target, base.environment(), base.suites(), base.verdict(), base.verdictReason(), base.summary(), base.rules(), base.tests());
        ResultsJson.write(r, out);
        return out;
    }

    private Path attest(Path results, String bundle) {
        Path b = dir.resolve(bundle);
        Cli.Result r = Cli.run("attest", results.toString(), "--out", b.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        return b;
    }

    @Test
    void untouched_bundle_verifies() throws Exception {
        Path bundle = attest(run("ok", Map.of(), true), "bundle");
        assertThat(list(bundle)).containsExactly("MANIFEST.json", "MANIFEST.json.sha256", "environment.json", "expectations.yaml",
                "results.json", "target.json", "target.yaml", "tck.json");
        assertThat(Files.readString(bundle.resolve("MANIFEST.json"))).contains("\"lambda-tck/spec/catalogue.yaml\"",
                "\"lambda-tck/spec/rules/rt-next.yaml\"", "\"lambda-tck/waivers.yaml\"", "\"results.json\"");
        assertThat(Files.readString(bundle.resolve("target.yaml"))).contains("adapter: \"embedded\"", "expectationsFile:");
        Cli.Result v = Cli.run("verify", bundle.toString());
        assertThat(v.exit()).as(v.out()).isZero();
        assertThat(v.out()).contains("bundle verified");
    }

    @Test
    void changing_one_byte_of_any_file_fails_naming_that_file() throws Exception {
        Path bundle = attest(run("ok", Map.of(), true), "bundle");
        for (String name : list(bundle)) {
            Path copy = copy(bundle, dir.resolve("tampered-" + name));
            Path f = copy.resolve(name);
            byte[] bytes = Files.readAllBytes(f);
            int i = bytes.length / 2;
            bytes[i] = (byte) (bytes[i] == 'a' ? 'b' : 'a');
            Files.write(f, bytes);
            Cli.Result v = Cli.run("verify", copy.toString());
            assertThat(v.exit()).as(name + ":\n" + v.out()).isEqualTo(1);
            assertThat(v.out()).as(name).contains("bundle NOT verified")
                    .contains(name.startsWith("MANIFEST") ? "MANIFEST.json or MANIFEST.json.sha256 was changed" : name + " was changed");
        }
    }

    @Test
    void added_and_removed_files_are_named() throws Exception {
        Path bundle = attest(run("ok", Map.of(), true), "bundle");
        Path added = copy(bundle, dir.resolve("added"));
        Files.writeString(added.resolve("notes.txt"), "hello");
        assertThat(Cli.run("verify", added.toString()).out()).contains("notes.txt is in the bundle but not in MANIFEST.json");
        Path removed = copy(bundle, dir.resolve("removed"));
        Files.delete(removed.resolve("environment.json"));
        Cli.Result v = Cli.run("verify", removed.toString());
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).contains("environment.json is missing from the bundle");
    }

    @Test
    void a_failing_must_rule_and_a_filtered_run_do_not_verify() throws Exception {
        Cli.Result failing = Cli.run("verify", attest(run("fail", Map.of("RT-NEXT-001", Outcome.FAIL), true), "b1").toString());
        assertThat(failing.exit()).isEqualTo(1);
        assertThat(failing.out()).contains("MUST rule(s) did not pass: RT-NEXT-001 FAIL", "the verdict is NOT_CONFORMANT");

        Cli.Result missing = Cli.run("verify", attest(run("filtered", Map.of("RT-NEXT-002", Outcome.NOT_VERIFIED), true), "b2").toString());
        // NOT_VERIFIED is reported but present; a rule absent from results.json is what "missing" means
        assertThat(missing.exit()).isZero();
        Path filtered = run("filtered2", Map.of(), true);
        RunResults r = ResultsJson.read(filtered);
        List<RuleResult> fewer = r.rules().stream().filter(x -> !x.id().equals("RT-NEXT-002")).toList();
        ResultsJson.write(new RunResults(r.schemaVersion(), r.tckVersion(), r.specVersion(), r.startedAt(), r.finishedAt(), r.target(),
                r.environment(), r.suites(), r.verdict(), r.verdictReason(), r.summary(), fewer, r.tests()), filtered);
        Cli.Result absent = Cli.run("verify", attest(filtered, "b3").toString());
        assertThat(absent.exit()).isEqualTo(1);
        assertThat(absent.out()).contains("automated MUST rule(s) of the suites that ran are missing from results.json", "RT-NEXT-002");
    }

    @Test
    void expectations_must_match_the_outcomes() throws Exception {
        // the file lists RT-NEXT-003, but here it passed: the bundled file and the results disagree
        Path passed = run("passed", Map.of(EXPECTED, Outcome.PASS), true);
        Cli.Result v = Cli.run("verify", attest(passed, "b1").toString());
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).contains("expectations.yaml lists RT-NEXT-003 as an expected FAIL but results.json has PASS");

        // an EXPECTED_FAIL the file does not list
        Path other = run("other", Map.of("RT-NEXT-004", Outcome.EXPECTED_FAIL), true);
        Cli.Result w = Cli.run("verify", attest(other, "b2").toString());
        assertThat(w.exit()).isEqualTo(1);
        assertThat(w.out()).contains("RT-NEXT-004 is EXPECTED_FAIL in results.json but not listed in expectations.yaml");
    }

    @Test
    void attest_refuses_what_it_cannot_bundle() throws Exception {
        Path noFile = run("nofile", Map.of(), false);
        Cli.Result r = Cli.run("attest", noFile.toString(), "--out", dir.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no expectations file is known: pass --expectations FILE");

        Path ex = Files.writeString(dir.resolve("given.yaml"), "expectations:\n  - {rule: " + EXPECTED + ", reason: known}\n");
        Cli.Result given = Cli.run("attest", noFile.toString(), "--out", dir.resolve("x").toString(), "--expectations", ex.toString());
        assertThat(given.exit()).as(given.err()).isZero();
        assertThat(Cli.run("verify", dir.resolve("x").toString()).exit()).isZero();

        Cli.Result again = Cli.run("attest", noFile.toString(), "--out", dir.resolve("x").toString(), "--expectations", ex.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("is not empty (use --force");
        assertThat(Cli.run("attest", noFile.toString(), "--out", dir.resolve("x").toString(), "--expectations", ex.toString(), "--force")
                .exit()).isZero();

        Cli.Result notBundle = Cli.run("verify", dir.toString());
        assertThat(notBundle.exit()).isEqualTo(1);
        assertThat(notBundle.out()).contains("MANIFEST.json is missing");
    }

    private static List<String> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
        return to;
    }
}

package dev.lambdatck.cli.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.cli.output.ResultsJson;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.Verdict;
import dev.lambdatck.core.run.Expectations;
import dev.lambdatck.core.run.TckSuite;
import dev.lambdatck.core.run.TckSuites;
import dev.lambdatck.core.run.Waivers;
import dev.lambdatck.spec.Binds;
import dev.lambdatck.spec.Level;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks an attestation bundle offline: first its integrity (the manifest's own digest, every listed
 * file's digest, no file missing or added), then, only when the files are intact, what they say: no
 * MUST rule failing, every automated MUST rule of the suites that ran present, expectations consistent
 * with outcomes, waivers on this TCK's list, and the TCK that made the bundle being this one.
 */
final class BundleVerifier {

    private static final Set<Outcome> BLOCKING = EnumSet.of(Outcome.FAIL, Outcome.ERROR, Outcome.FLAKY, Outcome.UNEXPECTED_PASS);

    /** @param problems what fails verification (empty: verified); @param notes what the reader should know anyway */
    record Report(List<String> problems, List<String> notes) {
        boolean verified() {
            return problems.isEmpty();
        }
    }

    private final Path bundle;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private BundleVerifier(Path bundle) {
        this.bundle = bundle;
    }

    static Report verify(Path bundle) throws IOException {
        BundleVerifier v = new BundleVerifier(bundle);
        v.run();
        return new Report(List.copyOf(v.problems), List.copyOf(v.notes));
    }

    private void run() throws IOException {
        if (!Files.isDirectory(bundle)) {
            problems.add(bundle + " is not a directory (expected a bundle written by 'lambda-tck attest')");
            return;
        }
        Manifest m = manifest();
        if (m == null) return;
        if (!integrity(m)) {
            notes.add("the content of the bundle was not checked because its files are not the attested ones");
            return;
        }
        RunResults r;
        try {
            r = ResultsJson.read(bundle.resolve(Bundle.RESULTS));
        } catch (IOException e) {
            problems.add(Bundle.RESULTS + " cannot be read: " + e.getMessage());
            return;
        }
        versions(m, r);
        RuleCatalogue catalogue = RuleCatalogue.bundled();
        boolean sameTck = artefacts(m, catalogue);
        mustRules(r);
        copies(r);
        if (sameTck) {
            Set<Binds> scope = scope(r);
            coverage(r, catalogue, scope);
            expectations(r, catalogue, scope);
            waivers(r);
        }
    }

    // ---- integrity --------------------------------------------------------------------------------

    private Manifest manifest() throws IOException {
        Path mf = bundle.resolve(Manifest.FILE);
        Path digest = bundle.resolve(Manifest.DIGEST_FILE);
        if (!Files.isRegularFile(mf)) {
            problems.add(Manifest.FILE + " is missing: " + bundle + " is not an attestation bundle");
            return null;
        }
        if (!Files.isRegularFile(digest)) {
            problems.add(Manifest.DIGEST_FILE + " is missing");
            return null;
        }
        String line = Files.readString(digest, StandardCharsets.ISO_8859_1).strip();
        String[] parts = line.split("\\s+");
        if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}") || !parts[1].equals(Manifest.FILE)) {
            problems.add(Manifest.DIGEST_FILE + " was changed: it is not '<sha256>  " + Manifest.FILE + "'");
            return null;
        }
        String actual = Sha256.of(mf);
        if (!actual.equals(parts[0])) {
            // which of the two was edited cannot be told apart reliably: name both
            problems.add(Manifest.FILE + " or " + Manifest.DIGEST_FILE + " was changed: the SHA-256 of " + Manifest.FILE + " is " + actual
                    + " but " + Manifest.DIGEST_FILE + " records " + parts[0]);
            return null;
        }
        Manifest m;
        try {
            m = Manifest.read(mf);
        } catch (IOException e) {
            problems.add(Manifest.FILE + " cannot be read: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        if (!Manifest.FORMAT.equals(m.format()) || m.files() == null) {
            problems.add(Manifest.FILE + " has format " + m.format() + "; this kit verifies " + Manifest.FORMAT);
            return null;
        }
        return m;
    }

    /** Every listed file has its digest, the required ones are listed, and nothing else is in the bundle. */
    private boolean integrity(Manifest m) throws IOException {
        int before = problems.size();
        for (Map.Entry<String, String> e : m.files().entrySet()) {
            String name = e.getKey();
            Path f = bundle.resolve(name).normalize();
            if (!f.getParent().equals(bundle.normalize()) || !Bundle.ALL.contains(name)) {
                problems.add(Manifest.FILE + " lists " + name + ", which is not a bundle file");
                continue;
            }
            if (!Files.isRegularFile(f)) {
                problems.add(name + " is missing from the bundle");
                continue;
            }
            String actual = Sha256.of(f);
            if (!actual.equals(e.getValue())) {
                problems.add(name + " was changed: its SHA-256 is " + actual + " but " + Manifest.FILE + " records " + e.getValue());
            }
        }
        for (String name : Bundle.REQUIRED) {
            if (!m.files().containsKey(name)) problems.add(name + " is not listed in " + Manifest.FILE);
        }
        try (Stream<Path> files = Files.list(bundle)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.equals(Manifest.FILE) || name.equals(Manifest.DIGEST_FILE)) continue;
                if (!m.files().containsKey(name)) problems.add(name + " is in the bundle but not in " + Manifest.FILE + " (added after attest)");
            }
        }
        return problems.size() == before;
    }

    // ---- content ----------------------------------------------------------------------------------

    private void versions(Manifest m, RunResults r) throws IOException {
        if (!eq(m.tckVersion(), r.tckVersion()) || !eq(m.specVersion(), r.specVersion())) {
            problems.add(Manifest.FILE + " records TCK " + m.tckVersion() + " / spec " + m.specVersion() + " but " + Bundle.RESULTS
                    + " says TCK " + r.tckVersion() + " / spec " + r.specVersion());
        }
        JsonNode tck = Manifest.JSON.readTree(bundle.resolve(Bundle.TCK).toFile());
        if (!eq(tck.path("tckVersion").asText(null), r.tckVersion()) || !eq(tck.path("specVersion").asText(null), r.specVersion())) {
            problems.add(Bundle.TCK + " does not match " + Bundle.RESULTS + " (TCK or spec version differs)");
        }
    }

    /** The bundle must have been made with this TCK: same rule catalogue and waivers, and the same jar when both ran from one. */
    private boolean artefacts(Manifest m, RuleCatalogue catalogue) throws IOException {
        if (!eq(catalogue.specVersion(), m.specVersion())) {
            problems.add("the bundle was made for specification " + m.specVersion() + " but this kit has specification "
                    + catalogue.specVersion() + ": verify it with the lambda-tck version that made it");
            return false;
        }
        TckArtefacts now = TckArtefacts.current();
        TckArtefacts then = m.tck();
        if (then == null || then.resources() == null) {
            problems.add(Manifest.FILE + " records no TCK artefacts");
            return false;
        }
        boolean same = true;
        for (Map.Entry<String, String> e : now.resources().entrySet()) {
            String recorded = then.resources().get(e.getKey());
            if (!e.getValue().equals(recorded)) {
                problems.add("TCK resource " + e.getKey() + (recorded == null ? " is not recorded in " : " differs from the one recorded in ")
                        + Manifest.FILE + ": the bundle was made with another build of the TCK");
                same = false;
            }
        }
        for (String name : then.resources().keySet()) {
            if (!now.resources().containsKey(name)) {
                problems.add("TCK resource " + name + " recorded in " + Manifest.FILE + " is not in this kit");
                same = false;
            }
        }
        if (then.jarSha256() != null && now.jarSha256() != null) {
            if (!then.jarSha256().equals(now.jarSha256())) {
                problems.add("the TCK jar differs: the bundle was made with " + then.jar() + " (SHA-256 " + then.jarSha256()
                        + "), this is " + now.jar() + " (SHA-256 " + now.jarSha256() + ")");
            }
        } else if (then.jarSha256() == null) {
            notes.add("the bundle records no TCK jar digest (it was made from a build directory)");
        } else {
            notes.add("this kit runs from a build directory: the TCK jar digest " + then.jarSha256() + " was not compared");
        }
        return same;
    }

    private void mustRules(RunResults r) {
        if (r.verdict() != Verdict.CONFORMANT) {
            problems.add("the verdict is " + r.verdict() + (r.verdictReason() == null ? "" : ": " + r.verdictReason()));
        }
        List<String> failing = new ArrayList<>();
        for (RuleResult x : r.rules()) {
            if (mandatory(x.level()) && BLOCKING.contains(x.outcome())) failing.add(x.id() + " " + x.outcome());
        }
        if (!failing.isEmpty()) problems.add(failing.size() + " MUST rule(s) did not pass: " + String.join(", ", failing));
    }

    /** target.json and environment.json must say what results.json says. */
    private void copies(RunResults r) throws IOException {
        JsonNode results = Manifest.JSON.readTree(bundle.resolve(Bundle.RESULTS).toFile());
        JsonNode target = Manifest.JSON.readTree(bundle.resolve(Bundle.TARGET_JSON).toFile());
        JsonNode env = Manifest.JSON.readTree(bundle.resolve(Bundle.ENVIRONMENT).toFile());
        if (!results.path("target").equals(target)) problems.add(Bundle.TARGET_JSON + " does not match the target in " + Bundle.RESULTS);
        if (!results.path("environment").equals(env)) problems.add(Bundle.ENVIRONMENT + " does not match the environment in " + Bundle.RESULTS);
        Object ex = r.target() == null ? null : r.target().get("expectationsFile");
        if (ex != null && !Files.isRegularFile(bundle.resolve(Bundle.EXPECTATIONS))) {
            problems.add("the run used expectations file " + ex + " but the bundle has no " + Bundle.EXPECTATIONS);
        }
    }

    /** The sides of the contract the run's suites check: the rules of those sides must all be reported. */
    private Set<Binds> scope(RunResults r) {
        Map<String, TckSuite> known = new LinkedHashMap<>();
        for (TckSuite s : TckSuites.available()) known.put(s.name(), s);
        Set<Binds> binds = EnumSet.noneOf(Binds.class);
        for (String name : r.suites() == null ? List.<String>of() : r.suites()) {
            TckSuite s = known.get(name);
            if (s != null) {
                binds.addAll(s.binds());
                continue;
            }
            try {
                binds.add(Binds.parse(name)); // the standard suites are named after the side they check
            } catch (IllegalArgumentException e) {
                problems.add("suite " + name + " of the run is unknown to this kit");
            }
        }
        if (binds.isEmpty()) problems.add("the run names no suite");
        return binds;
    }

    private void coverage(RunResults r, RuleCatalogue catalogue, Set<Binds> scope) {
        Set<String> reported = new TreeSet<>();
        for (RuleResult x : r.rules()) reported.add(x.id());
        List<String> missing = new ArrayList<>();
        for (Rule rule : catalogue.rules()) {
            if (rule.isAutomated() && rule.level() != null && rule.level().isMandatory() && scope.contains(rule.binds())
                    && !reported.contains(rule.id())) missing.add(rule.id());
        }
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " automated MUST rule(s) of the suites that ran are missing from " + Bundle.RESULTS
                    + " (was the run filtered?): " + abbreviate(missing));
        }
    }

    private void expectations(RunResults r, RuleCatalogue catalogue, Set<Binds> scope) {
        Path f = bundle.resolve(Bundle.EXPECTATIONS);
        Map<String, RuleResult> byId = new LinkedHashMap<>();
        for (RuleResult x : r.rules()) byId.put(x.id(), x);
        List<String> expectedFails = r.rules().stream().filter(x -> x.outcome() == Outcome.EXPECTED_FAIL).map(RuleResult::id).toList();
        if (!Files.isRegularFile(f)) {
            List<String> needing = r.rules().stream()
                    .filter(x -> x.outcome() == Outcome.EXPECTED_FAIL || x.outcome() == Outcome.UNEXPECTED_PASS).map(RuleResult::id).toList();
            if (!needing.isEmpty()) {
                problems.add(needing.size() + " rule(s) are EXPECTED_FAIL or UNEXPECTED_PASS but the bundle has no " + Bundle.EXPECTATIONS
                        + ": " + abbreviate(needing));
            }
            return;
        }
        Expectations ex;
        try {
            ex = Expectations.read(f, catalogue);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage().replace(f.toString(), Bundle.EXPECTATIONS));
            return;
        }
        for (String id : expectedFails) {
            if (ex.find(id).isEmpty()) problems.add(id + " is EXPECTED_FAIL in " + Bundle.RESULTS + " but not listed in " + Bundle.EXPECTATIONS);
        }
        for (Rule rule : catalogue.rules()) {
            Expectations.Expectation e = ex.find(rule.id()).orElse(null);
            if (e == null) continue;
            RuleResult x = byId.get(rule.id());
            if (x == null) {
                if (scope.contains(rule.binds())) {
                    problems.add(Bundle.EXPECTATIONS + " lists " + rule.id() + " but " + Bundle.RESULTS + " does not report it");
                }
            } else if (x.outcome() != Outcome.EXPECTED_FAIL) {
                problems.add(Bundle.EXPECTATIONS + " lists " + rule.id() + " as an expected " + e.outcome() + " but " + Bundle.RESULTS
                        + " has " + x.outcome());
            }
        }
    }

    private void waivers(RunResults r) {
        Waivers w = Waivers.bundled();
        for (RuleResult x : r.rules()) {
            if (x.outcome() == Outcome.WAIVED && w.find(x.id()).isEmpty()) {
                problems.add(x.id() + " is WAIVED in " + Bundle.RESULTS + " but is not on this TCK's waiver list");
            }
        }
    }

    private static boolean mandatory(String level) {
        try {
            return level != null && Level.parse(level).isMandatory();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 12 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 12)) + " and " + (ids.size() - 12) + " more";
    }
}

package dev.lambdatck.cli.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.lambdatck.cli.VersionProvider;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.run.Expectations;
import dev.lambdatck.spec.RuleCatalogue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds an attestation bundle from a results.json: copies it byte for byte, extracts the target
 * descriptor (JSON and YAML), the environment and the TCK versions, copies the expectations file the
 * run used, and writes the manifest of digests last.
 */
final class BundleWriter {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private BundleWriter() {
    }

    /**
     * @param resultsFile  the run's results.json (already read into {@code results})
     * @param expectations the expectations file to bundle, or null when the run used none
     * @throws IllegalArgumentException when the expectations file is needed but missing or invalid
     */
    static Manifest write(Path resultsFile, RunResults results, Path expectations, Path bundle) throws IOException {
        checkExpectations(results, expectations);
        Files.createDirectories(bundle);
        Files.copy(resultsFile, bundle.resolve(Bundle.RESULTS), StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> target = results.target() == null ? Map.of() : results.target();
        json(bundle.resolve(Bundle.TARGET_JSON), target);
        Files.writeString(bundle.resolve(Bundle.TARGET_YAML), "# the target of the attested run, from results.json\n"
                + YAML.writeValueAsString(new TreeMap<>(target)), StandardCharsets.UTF_8);
        json(bundle.resolve(Bundle.ENVIRONMENT), results.environment() == null ? Map.of() : results.environment());
        Map<String, Object> tck = new LinkedHashMap<>();
        tck.put("tckVersion", results.tckVersion());
        tck.put("specVersion", results.specVersion());
        tck.put("resultsSchema", results.schemaVersion());
        tck.put("attestedWith", VersionProvider.version());
        json(bundle.resolve(Bundle.TCK), tck);
        if (expectations != null) Files.copy(expectations, bundle.resolve(Bundle.EXPECTATIONS), StandardCopyOption.REPLACE_EXISTING);

        Map<String, String> digests = new TreeMap<>();
        for (String name : Bundle.ALL) {
            Path f = bundle.resolve(name);
            if (!name.startsWith(Manifest.FILE) && Files.isRegularFile(f)) digests.put(name, Sha256.of(f));
        }
        Manifest m = new Manifest(Manifest.FORMAT, results.tckVersion(), results.specVersion(), digests, TckArtefacts.current());
        m.write(bundle);
        return m;
    }

    /** A run with expected failures cannot be attested without the file that declared them. */
    private static void checkExpectations(RunResults results, Path expectations) {
        boolean uses = results.rules().stream().anyMatch(r -> r.outcome() == Outcome.EXPECTED_FAIL || r.outcome() == Outcome.UNEXPECTED_PASS);
        if (expectations == null) {
            if (uses) throw new IllegalArgumentException("the results have EXPECTED_FAIL or UNEXPECTED_PASS rules but no expectations file"
                    + " is known: pass --expectations FILE");
            return;
        }
        if (!Files.isRegularFile(expectations)) throw new IllegalArgumentException("expectations file " + expectations + " does not exist"
                + " (pass --expectations FILE with the file the run used)");
        Expectations.read(expectations, RuleCatalogue.bundled()); // throws IllegalArgumentException naming every problem
    }

    private static void json(Path f, Object value) throws IOException {
        Files.writeString(f, Manifest.JSON.writeValueAsString(value) + "\n", StandardCharsets.UTF_8);
    }
}

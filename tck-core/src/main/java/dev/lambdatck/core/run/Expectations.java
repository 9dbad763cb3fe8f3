package dev.lambdatck.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.spec.RuleCatalogue;
import org.apiguardian.api.API;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target's known failures (WPT-style expectations), read from a YAML file:
 * <pre>
 * target: aws-lambda-rie            # optional, informative
 * expectations:
 *   - rule: RT-NEXT-004
 *     outcome: FAIL                 # FAIL (default), ERROR or FLAKY: the rule is expected not to pass
 *     reason: "RIE never sends the deadline header"
 *     observed: "no Lambda-Runtime-Deadline-Ms header"   # optional
 *     source: https://github.com/aws/aws-lambda-runtime-interface-emulator/issues/1  # optional
 * </pre>
 * A listed rule that fails is EXPECTED_FAIL; one that passes is UNEXPECTED_PASS (fatal in strict mode).
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Expectations {

    /** One known failure. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Expectation(String rule, Outcome outcome, String reason, String observed, String source) {
    }

    private record File(String target, String description, List<Expectation> expectations) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final Map<String, Expectation> byRule;

    private Expectations(Path file, Map<String, Expectation> byRule) {
        this.file = file;
        this.byRule = byRule;
    }

    public static Expectations none() {
        return new Expectations(null, Map.of());
    }

    public static Expectations of(List<Expectation> list) {
        Map<String, Expectation> m = new LinkedHashMap<>();
        for (Expectation e : list) m.put(e.rule(), e.outcome() == null
                ? new Expectation(e.rule(), Outcome.FAIL, e.reason(), e.observed(), e.source()) : e);
        return new Expectations(null, Map.copyOf(m));
    }

    /**
     * Reads and checks a file against the catalogue.
     *
     * @throws IllegalArgumentException with every problem, naming the file (missing file, bad YAML,
     *                                  unknown key, unknown rule id, duplicate rule, outcome that is not a failure)
     */
    public static Expectations read(Path file, RuleCatalogue catalogue) {
        File f;
        try {
            f = YAML.readValue(Files.readAllBytes(file), File.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("expectations file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expectations file " + file + " is not valid: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read expectations file " + file + ": " + e.getMessage());
        }
        List<Expectation> list = f == null || f.expectations() == null ? List.of() : f.expectations();
        List<String> problems = new ArrayList<>();
        Map<String, Expectation> m = new LinkedHashMap<>();
        int n = 0;
        for (Expectation e : list) {
            n++;
            String where = "entry #" + n + (e.rule() != null ? " (" + e.rule() + ")" : "");
            if (e.rule() == null || e.rule().isBlank()) {
                problems.add(where + ": missing 'rule'");
                continue;
            }
            if (!catalogue.contains(e.rule())) problems.add(where + ": no rule " + e.rule() + " in the catalogue");
            if (e.reason() == null || e.reason().isBlank()) problems.add(where + ": missing 'reason'");
            Outcome o = e.outcome() == null ? Outcome.FAIL : e.outcome();
            if (o != Outcome.FAIL && o != Outcome.ERROR && o != Outcome.FLAKY) {
                problems.add(where + ": outcome " + o + " is not a failure (use FAIL, ERROR or FLAKY)");
            }
            if (m.put(e.rule(), new Expectation(e.rule(), o, e.reason(), e.observed(), e.source())) != null) {
                problems.add(where + ": " + e.rule() + " is listed twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("expectations file " + file + ":\n  - " + String.join("\n  - ", problems));
        }
        return new Expectations(file, Map.copyOf(m));
    }

    public Optional<Expectation> find(String rule) {
        return Optional.ofNullable(byRule.get(rule));
    }

    /** The file these came from; empty for none() or of(). */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public int size() {
        return byRule.size();
    }
}

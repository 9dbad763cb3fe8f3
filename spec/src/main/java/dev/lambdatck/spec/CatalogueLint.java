package dev.lambdatck.spec;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The strict, build-time check of a catalogue source tree: every chapter file against
 * {@code schema/chapter.schema.json}, then everything {@link CatalogueLoader} checks. Problems name the
 * file and the rule ("rules/x.yaml: RT-NEXT-003: ..."). Needs com.networknt:json-schema-validator on the
 * class path (an optional dependency of the spec module); loading the bundled catalogue does not.
 */
public final class CatalogueLint {

    public static final String SCHEMA = "schema/chapter.schema.json";

    private CatalogueLint() {
    }

    /** Every problem of the catalogue under {@code specDir}; empty when it is valid. */
    public static List<String> problems(Path specDir) {
        Set<String> problems = new LinkedHashSet<>();
        ChapterSchemaCheck schema;
        try {
            schema = new ChapterSchemaCheck(Files.newInputStream(specDir.resolve(SCHEMA)));
        } catch (IOException e) {
            return List.of(SCHEMA + ": cannot be read: " + e.getMessage());
        }
        for (String file : chapterFiles(specDir, problems)) {
            JsonNode doc = readYaml(specDir, file, problems);
            if (doc != null) problems.addAll(schema.check(file, doc));
        }
        try {
            CatalogueLoader.fromDirectory(specDir);
        } catch (CatalogueException e) {
            problems.addAll(e.problems());
        }
        return new ArrayList<>(problems);
    }

    /** Loads the catalogue under {@code specDir}, failing with every lint problem at once. */
    public static RuleCatalogue check(Path specDir) {
        List<String> problems = problems(specDir);
        if (!problems.isEmpty()) throw new CatalogueException(problems);
        return CatalogueLoader.fromDirectory(specDir);
    }

    private static List<String> chapterFiles(Path specDir, Set<String> problems) {
        JsonNode index = readYaml(specDir, "catalogue.yaml", problems);
        List<String> files = new ArrayList<>();
        if (index == null) return files;
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode f : index.path("chapters")) {
            String file = "rules/" + f.asText();
            if (!seen.add(file)) problems.add("catalogue.yaml: chapter file " + f.asText() + " is listed twice");
            else files.add(file);
        }
        try (var listing = Files.list(specDir.resolve("rules"))) {
            listing.map(p -> "rules/" + p.getFileName())
                    .filter(n -> n.endsWith(".yaml") && !seen.contains(n))
                    .sorted()
                    .forEach(n -> problems.add(n + ": not listed in catalogue.yaml 'chapters'"));
        } catch (IOException e) {
            problems.add("rules/: cannot be listed: " + e.getMessage());
        }
        return files;
    }

    private static JsonNode readYaml(Path specDir, String file, Set<String> problems) {
        try (InputStream in = Files.newInputStream(specDir.resolve(file))) {
            return CatalogueLoader.YAML.readTree(in);
        } catch (IOException e) {
            // CatalogueLoader reports unreadable and unparsable files in its own words
            return null;
        }
    }
}

package dev.lambdatck.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the catalogue: an index ({@code catalogue.yaml}: spec version and the chapter files in order)
 * and one YAML file per chapter under {@code rules/}. Structural checks live in {@link CatalogueValidator}.
 */
public final class CatalogueLoader {

    /** Class-path prefix under which the spec module packages the catalogue. */
    public static final String RESOURCE_ROOT = "lambda-tck/spec/";

    /** Duplicate keys in a rule (two 'level:' lines) are an error, not "last one wins". */
    static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static volatile RuleCatalogue bundled;

    private CatalogueLoader() {
    }

    /** The catalogue packaged in the spec jar, validated once and cached. */
    public static RuleCatalogue bundled() {
        RuleCatalogue c = bundled;
        if (c == null) {
            synchronized (CatalogueLoader.class) {
                if (bundled == null) {
                    bundled = load(new ClasspathFiles());
                }
                c = bundled;
            }
        }
        return c;
    }

    /** Loads from a source tree directory holding {@code catalogue.yaml} and {@code rules/}. */
    public static RuleCatalogue fromDirectory(Path specDir) {
        return load(name -> Files.newInputStream(specDir.resolve(name)));
    }

    interface Files0 {
        InputStream open(String name) throws IOException;
    }

    private static final class ClasspathFiles implements Files0 {
        @Override
        public InputStream open(String name) throws IOException {
            InputStream in = CatalogueLoader.class.getClassLoader().getResourceAsStream(RESOURCE_ROOT + name);
            if (in == null) throw new IOException("resource " + RESOURCE_ROOT + name + " is not on the class path");
            return in;
        }
    }

    static RuleCatalogue load(Files0 files) {
        List<String> problems = new ArrayList<>();
        JsonNode index = read(files, "catalogue.yaml", problems);
        if (index == null) throw new CatalogueException(problems);
        String specVersion = index.path("specVersion").asText(null);
        if (specVersion == null) problems.add("catalogue.yaml: missing 'specVersion'");
        List<Chapter> chapters = new ArrayList<>();
        for (JsonNode f : index.path("chapters")) {
            String file = "rules/" + f.asText();
            JsonNode doc = read(files, file, problems);
            if (doc == null) continue;
            chapters.add(CatalogueValidator.chapter(file, doc, problems));
        }
        if (chapters.isEmpty() && problems.isEmpty()) problems.add("catalogue.yaml: 'chapters' lists no chapter file");
        RuleCatalogue catalogue = new RuleCatalogue(specVersion, chapters);
        CatalogueValidator.crossChecks(catalogue, problems);
        if (!problems.isEmpty()) throw new CatalogueException(problems);
        return catalogue;
    }

    private static JsonNode read(Files0 files, String name, List<String> problems) {
        try (InputStream in = files.open(name)) {
            return YAML.readTree(in);
        } catch (JsonProcessingException e) {
            problems.add(name + ": cannot be parsed: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
            return null;
        } catch (IOException e) {
            problems.add(name + ": cannot be read: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return null;
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException(name + ": " + e.getMessage(), e));
        }
    }
}

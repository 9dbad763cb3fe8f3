package dev.lambdatck.cli.output;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lambdatck.core.results.RunResults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code results.json}, the canonical results: pretty, and deterministic (map keys sorted; rules in
 * catalogue order and tests by suite and id, as the run engine orders them).
 */
public final class ResultsJson {

    public static final String FILE = "results.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ResultsJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public static Path write(RunResults results, Path outDir) throws IOException {
        Path f = outDir.resolve(FILE);
        Files.writeString(f, MAPPER.writeValueAsString(results) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    /** Reads a results.json, or the results.json inside a results directory. */
    public static RunResults read(Path fileOrDir) throws IOException {
        Path f = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(FILE) : fileOrDir;
        try {
            return MAPPER.readValue(f.toFile(), RunResults.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IOException(f + " does not exist", e);
        }
    }
}

package dev.lambdatck.cli.attest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code MANIFEST.json} of an attestation bundle: the SHA-256 of every other bundle file and of the TCK
 * artefacts. Its own digest is in {@code MANIFEST.json.sha256} ({@code sha256sum -c} reads it), so an
 * edit to the manifest is detected too.
 *
 * @param files bundle file name → SHA-256, for every file except the manifest and its digest
 */
public record Manifest(String format, String tckVersion, String specVersion, Map<String, String> files, TckArtefacts tck) {

    public static final String FORMAT = "lambda-tck-attestation/1";
    public static final String FILE = "MANIFEST.json";
    public static final String DIGEST_FILE = "MANIFEST.json.sha256";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Writes MANIFEST.json and MANIFEST.json.sha256 into the bundle. */
    void write(Path bundle) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(bundle.resolve(FILE), bytes);
        Files.writeString(bundle.resolve(DIGEST_FILE), Sha256.of(bytes) + "  " + FILE + "\n", StandardCharsets.UTF_8);
    }

    static Manifest read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Manifest.class);
    }
}

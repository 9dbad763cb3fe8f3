package dev.lambdatck.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps {@code schema/results.schema.json} a working schema: it accepts a complete results.json and rejects broken ones. */
class ResultsSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;
    private static JsonNode sample;

    @BeforeAll
    static void load() throws IOException {
        Path specDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        JsonNode schemaNode = JSON.readTree(specDir.resolve("schema/results.schema.json").toFile());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
        try (InputStream in = ResultsSchemaTest.class.getResourceAsStream("/results/sample-results.json")) {
            sample = JSON.readTree(in);
        }
    }

    @Test
    void acceptsACompleteResultsDocument() {
        assertThat(schema.validate(sample)).isEmpty();
    }

    @Test
    void rejectsAnUnknownOutcome() {
        assertInvalid(doc -> ((ObjectNode) doc.path("rules").get(0)).put("outcome", "SKIPPED"));
    }

    @Test
    void rejectsAnotherSchemaVersion() {
        assertInvalid(doc -> ((ObjectNode) doc).put("schemaVersion", "2.0"));
    }

    @Test
    void rejectsAMissingVerdict() {
        assertInvalid(doc -> ((ObjectNode) doc).remove("verdict"));
    }

    @Test
    void rejectsAVoidRunWithoutReason() {
        assertInvalid(doc -> {
            ((ObjectNode) doc).put("verdict", "VOID");
            ((ObjectNode) doc).remove("verdictReason");
        });
    }

    @Test
    void rejectsUnknownMembersAndBadSummaryKeys() {
        assertInvalid(doc -> ((ObjectNode) doc.path("tests").get(0)).put("unexpected", true));
        assertInvalid(doc -> ((ObjectNode) doc.path("summary")).put("SKIPPED", 1));
        assertInvalid(doc -> ((ArrayNode) doc.path("tests").get(0).path("rules")).add("not-a-rule-id"));
    }

    private static void assertInvalid(Consumer<JsonNode> breakIt) {
        JsonNode copy = sample.deepCopy();
        breakIt.accept(copy);
        Set<ValidationMessage> messages = schema.validate(copy);
        assertThat(messages).as("validation messages for a broken document").isNotEmpty();
    }
}

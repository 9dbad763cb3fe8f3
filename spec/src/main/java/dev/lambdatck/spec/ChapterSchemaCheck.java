package dev.lambdatck.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks one chapter document against {@code schema/chapter.schema.json} and words each violation like
 * the other catalogue problems: {@code rules/x.yaml: RT-NEXT-003: level: does not have a value in the enumeration ...}.
 */
final class ChapterSchemaCheck {

    private final JsonSchema schema;

    ChapterSchemaCheck(InputStream schemaJson) {
        try (schemaJson) {
            JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(schemaJson);
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
        } catch (IOException e) {
            throw new UncheckedIOException("schema/chapter.schema.json cannot be read", e);
        }
    }

    List<String> check(String file, JsonNode doc) {
        List<ValidationMessage> found = new ArrayList<>(schema.validate(doc));
        // the validator returns a set; sort for stable, readable output
        found.sort(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                .thenComparing(ValidationMessage::getMessage));
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : found) {
            out.add(file + ": " + where(doc, m.getInstanceLocation()) + ": " + what(m));
        }
        return out;
    }

    /** "RT-NEXT-003" for anything inside a rule (or "rule #4" when it has no id), "chapter" or "document" otherwise. */
    private static String where(JsonNode doc, JsonNodePath path) {
        if (path.getNameCount() >= 2 && "rules".equals(path.getName(0)) && path.getElement(1) instanceof Integer i) {
            JsonNode id = doc.path("rules").path(i).get("id");
            return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : "rule #" + (i + 1);
        }
        if (path.getNameCount() >= 1 && "chapter".equals(path.getName(0))) return "chapter";
        return "document";
    }

    /** The message with the location re-expressed relative to the rule: "sources[0].evidence: ...". */
    private static String what(ValidationMessage m) {
        JsonNodePath path = m.getInstanceLocation();
        int from = path.getNameCount() >= 2 && "rules".equals(path.getName(0)) ? 2 : path.getNameCount() >= 1 && "chapter".equals(path.getName(0)) ? 1 : 0;
        StringBuilder rel = new StringBuilder();
        for (int k = from; k < path.getNameCount(); k++) {
            Object e = path.getElement(k);
            if (e instanceof Integer n) rel.append('[').append(n).append(']');
            else rel.append(rel.length() == 0 ? "" : ".").append(e);
        }
        String message = m.getMessage();
        String prefix = path.toString() + ": ";
        if (message.startsWith(prefix)) message = message.substring(prefix.length());
        return rel.length() == 0 ? message : rel + ": " + message;
    }
}

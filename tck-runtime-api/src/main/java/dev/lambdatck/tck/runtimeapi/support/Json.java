package dev.lambdatck.tck.runtimeapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Optional;

/** The JSON mapper of the support code, and lenient parsing for bodies that may not be JSON at all. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The body as JSON, or empty when it is not JSON. */
    public static Optional<JsonNode> parse(byte[] body) {
        if (body == null || body.length == 0) return Optional.empty();
        try {
            return Optional.ofNullable(MAPPER.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The body as a JSON object, or empty. */
    public static Optional<JsonNode> parseObject(byte[] body) {
        return parse(body).filter(JsonNode::isObject);
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

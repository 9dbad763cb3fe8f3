package dev.lambdatck.refimpl.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/** Small JSON documents the platform writes itself (error and status bodies); payloads are never touched. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** {@code {"errorMessage":…,"errorType":…}} in this member order, as RAPID writes it. */
    public static byte[] error(String errorType, String errorMessage) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("errorMessage", errorMessage);
        n.put("errorType", errorType);
        return bytes(n);
    }

    public static byte[] bytes(Object node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** True when the bytes are one well-formed JSON value. */
    public static boolean isJson(byte[] bytes) {
        try (var p = MAPPER.createParser(bytes)) {
            MAPPER.readTree(p);
            return p.nextToken() == null;
        } catch (Exception e) {
            return false;
        }
    }
}

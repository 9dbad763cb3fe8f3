package dev.lambdatck.tck.runtimeapi.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** A JSON error document ({@code errorType}, {@code errorMessage}) in a body, when the body is one. */
public record ErrorDoc(JsonNode json) {

    public static Optional<ErrorDoc> of(byte[] body) {
        return Json.parseObject(body).map(ErrorDoc::new);
    }

    public static Optional<ErrorDoc> of(String body) {
        return body == null ? Optional.empty() : of(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The error type, or null when absent or not a string. */
    public String errorType() {
        JsonNode n = json.path("errorType");
        return n.isTextual() ? n.asText() : null;
    }

    public String errorMessage() {
        JsonNode n = json.path("errorMessage");
        return n.isTextual() ? n.asText() : null;
    }

    /** Both errorType and errorMessage are JSON strings. */
    public boolean wellFormed() {
        return json.path("errorType").isTextual() && json.path("errorMessage").isTextual();
    }

    /** The error type in the body of an invoke answer; empty when the body is not a JSON error document. */
    public static Optional<String> typeIn(WireResponse r) {
        return of(r.body()).map(ErrorDoc::errorType);
    }
}

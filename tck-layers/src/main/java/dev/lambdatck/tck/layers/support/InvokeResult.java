package dev.lambdatck.tck.layers.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What the Invoke API answered. */
public record InvokeResult(int status, HttpHeaders headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code X-Amz-Function-Error}, when the invocation ended in a function error. */
    public Optional<String> functionError() {
        return headers.firstValue("X-Amz-Function-Error");
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; a JSON null node when it is not JSON. */
    public JsonNode json() {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? JSON.nullNode() : n;
        } catch (IOException e) {
            return JSON.nullNode();
        }
    }

    public String errorType() {
        return json().path("errorType").asText(null);
    }

    public String errorMessage() {
        return json().path("errorMessage").asText(null);
    }

    @Override
    public String toString() {
        return "HTTP " + status + functionError().map(f -> " (X-Amz-Function-Error: " + f + ")").orElse("") + ": "
                + (text().length() > 400 ? text().substring(0, 400) + "…" : text());
    }
}

package dev.lambdatck.tck.layers.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fixture's result document (spec/fixture-protocol.md §5) for one script. */
public record ScriptResult(JsonNode document) {

    /** The result of step {@code i} (0-based). */
    public JsonNode step(int i) {
        return document.path("results").path(i);
    }

    /** {@code list} step: entries by absolute path, in the fixture's order (root first). */
    public Map<String, JsonNode> entries(int i) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode e : step(i).path("entries")) out.put(e.path("path").asText(), e);
        return out;
    }

    public boolean exists(int i) {
        return step(i).path("exists").asBoolean(false);
    }

    /** {@code echo} step: one environment variable, or null. */
    public String env(int i, String name) {
        JsonNode v = step(i).path("env").get(name);
        // env is an object of name -> value
        return v == null || v.isNull() ? null : v.asText();
    }

    /** {@code read} step: the file's bytes as base64 (first maxBytes), or null when it does not exist. */
    public String base64(int i) {
        JsonNode v = step(i).get("base64");
        return v == null ? null : v.asText();
    }

    /** {@code exec} step: exit code, or null when the program did not run or died of a signal. */
    public Integer exitCode(int i) {
        JsonNode v = step(i).get("exitCode");
        return v == null || !v.isNumber() ? null : v.asInt();
    }

    /** {@code read} step: the file's content as UTF-8 text, or null when it does not exist. */
    public String text(int i) {
        if (!exists(i)) return null;
        String b = base64(i);
        return b == null ? null : new String(java.util.Base64.getDecoder().decode(b), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code exec} step: standard output. */
    public String stdout(int i) {
        return step(i).path("stdout").asText("");
    }

    public static List<String> pathsOf(Map<String, JsonNode> entries) {
        return new ArrayList<>(entries.keySet());
    }
}

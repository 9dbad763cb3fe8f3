package dev.lambdatck.tck.runtimeapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.results.Exchange;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result document a fixture runtime sends back (fixture protocol §5): what it saw from inside the
 * execution environment. Raw Runtime API calls made by {@code http} steps are added to the evidence log
 * (direction {@code runtime->target}) when the document is read.
 */
public final class FixtureResult {

    private final JsonNode doc;

    private FixtureResult(JsonNode doc) {
        this.doc = doc;
    }

    /** Parses a result document; {@link Optional#empty()} when the body is not one. */
    public static Optional<FixtureResult> parse(byte[] body) {
        return Json.parseObject(body).filter(n -> n.has("protocol") && n.has("results")).map(FixtureResult::of);
    }

    static FixtureResult of(JsonNode doc) {
        FixtureResult r = new FixtureResult(doc);
        r.recordHttpSteps();
        return r;
    }

    public JsonNode json() {
        return doc;
    }

    public String requestId() {
        return doc.path("requestId").asText(null);
    }

    public int invocation() {
        return doc.path("invocation").asInt(-1);
    }

    public Optional<String> error() {
        JsonNode e = doc.path("error");
        return e.isMissingNode() || e.isNull() ? Optional.empty() : Optional.of(e.asText());
    }

    public List<JsonNode> steps() {
        List<JsonNode> out = new ArrayList<>();
        doc.path("results").forEach(out::add);
        return out;
    }

    public JsonNode step(int index) {
        return doc.path("results").path(index);
    }

    /** The first result of the given op; a missing node when there is none. */
    public JsonNode first(String op) {
        for (JsonNode n : doc.path("results")) if (op.equals(n.path("op").asText())) return n;
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    public List<JsonNode> all(String op) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : doc.path("results")) if (op.equals(n.path("op").asText())) out.add(n);
        return out;
    }

    /** The {@code echo} step's environment variable; empty when the variable is unset. */
    public Optional<String> env(String name) {
        JsonNode v = first("echo").path("env").path(name);
        return v.isMissingNode() || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    /** A header of the {@code /next} answer as the {@code echo} step saw it (names are lower-case). */
    public Optional<String> nextHeader(String name) {
        JsonNode v = first("echo").path("headers").path(name.toLowerCase(java.util.Locale.ROOT));
        return v.isMissingNode() || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    /** The earlier invocations reported by a {@code recall} step, oldest first. */
    public List<FixtureResult> recalled() {
        List<FixtureResult> out = new ArrayList<>();
        for (JsonNode n : first("recall").path("invocations")) out.add(new FixtureResult(n));
        return out;
    }

    private void recordHttpSteps() {
        for (JsonNode n : doc.path("results")) {
            if (!"http".equals(n.path("op").asText())) continue;
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                headers.put(e.getKey(), List.of(e.getValue().asText()));
            }
            String body = n.has("body") ? n.path("body").asText() : n.has("bodyBase64") ? "base64:" + n.path("bodyBase64").asText() : null;
            EvidenceLog.current().record(new Exchange("runtime->target", n.path("method").asText(null),
                    n.path("path").asText(null), null, null, null,
                    n.has("status") ? n.path("status").asInt() : null, headers, body, null, null, null, null,
                    n.path("ok").asBoolean(true) ? "seen by the fixture's http step" : "http step failed: " + n.path("error").asText()));
        }
    }

    @Override
    public String toString() {
        return doc.toString();
    }
}

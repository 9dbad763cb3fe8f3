package dev.lambdatck.tck.runtimeapi.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** A fixture script: the event that tells the fixture runtime what to do (fixture protocol §1). */
public final class Script {

    private final ObjectNode root = Json.object();
    private final ArrayNode steps;

    private Script(String id) {
        ObjectNode tck = root.putObject("tck");
        tck.put("v", 1);
        if (id != null) tck.put("id", id);
        steps = tck.putArray("steps");
    }

    public static Script of(Step... steps) {
        return named(null, steps);
    }

    public static Script named(String id, Step... steps) {
        Script s = new Script(id);
        for (Step st : steps) s.then(st);
        return s;
    }

    public static Script of(List<Step> steps) {
        return of(steps.toArray(Step[]::new));
    }

    public Script then(Step step) {
        steps.add(step.json());
        return this;
    }

    /**
     * Whether each {@code http} step (in script order) POSTs to the current invocation's /response or /error: such a
     * step answers the invocation itself, and the fixture's result document posted after the script must be refused.
     */
    List<Boolean> httpStepsPostingTheResult() {
        List<Boolean> out = new java.util.ArrayList<>();
        for (var step : steps) {
            if (!"http".equals(step.path("op").asText())) continue;
            String path = step.path("path").asText("");
            out.add("POST".equalsIgnoreCase(step.path("method").asText())
                    && path.matches(".*/runtime/invocation/\\{requestId[A-Za-z]*}/(response|error)"));
        }
        return out;
    }

    /**
     * The event bytes: compact JSON starting with {@code {"tck":}, as the protocol requires, and a trailing
     * newline, so the script survives a platform that loses an event's last byte (payload fidelity has tests of its own).
     */
    public byte[] bytes() {
        byte[] json = Json.bytes(root);
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}

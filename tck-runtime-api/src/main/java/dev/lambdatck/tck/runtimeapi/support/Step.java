package dev.lambdatck.tck.runtimeapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** One step of a fixture script (fixture protocol §3); a thin fluent wrapper over its JSON. */
public final class Step {

    /** The Runtime API path prefix, as the fixture's {@code http} step needs it. */
    public static final String API = "/2018-06-01";
    public static final String CURRENT_RESPONSE = API + "/runtime/invocation/{requestId}/response";
    public static final String CURRENT_ERROR = API + "/runtime/invocation/{requestId}/error";

    private final ObjectNode json = Json.object();

    private Step(String op) {
        json.put("op", op);
    }

    public static Step op(String op) {
        return new Step(op);
    }

    public static Step echo() {
        return op("echo");
    }

    public static Step respond() {
        return op("respond");
    }

    public static Step respond(ObjectNode body) {
        return op("respond").set("body", body);
    }

    public static Step respond(ObjectNode body, String contentType) {
        return respond(body).set("contentType", contentType);
    }

    public static Step error() {
        return op("error");
    }

    public static Step error(String errorType, String message) {
        return op("error").set("errorType", errorType).set("message", message);
    }

    public static Step sleep(long ms) {
        return op("sleep").set("ms", ms);
    }

    public static Step exit(int code) {
        return op("exit").set("code", code);
    }

    /** A handler failure the runtime cannot recover from (fixture protocol §3 {@code fatal}). */
    public static Step fatal(String errorType, String message) {
        return op("fatal").set("errorType", errorType).set("message", message);
    }

    public static Step kill(String signal) {
        return op("kill").set("signal", signal);
    }

    public static Step log(String text) {
        return op("log").set("text", text);
    }

    public static Step recall() {
        return op("recall");
    }

    public static Step read(String path) {
        return op("read").set("path", path);
    }

    public static Step list(String path) {
        return op("list").set("path", path);
    }

    public static Step exec(String program, String... args) {
        Step s = op("exec").set("program", program);
        ArrayNode a = s.json.putArray("args");
        for (String x : args) a.add(x);
        return s;
    }

    /** A raw request to the Runtime API from inside the environment ({@code {requestId}} is substituted). */
    public static Step http(String method, String path) {
        return op("http").set("method", method).set("path", path);
    }

    public Step set(String key, String value) {
        json.put(key, value);
        return this;
    }

    public Step set(String key, long value) {
        json.put(key, value);
        return this;
    }

    public Step set(String key, boolean value) {
        json.put(key, value);
        return this;
    }

    public Step set(String key, JsonNode value) {
        json.set(key, value);
        return this;
    }

    public Step headers(Map<String, String> headers) {
        ObjectNode h = json.putObject("headers");
        headers.forEach(h::put);
        return this;
    }

    public Step body(ObjectNode body) {
        return set("body", body);
    }

    public ObjectNode json() {
        return json;
    }
}

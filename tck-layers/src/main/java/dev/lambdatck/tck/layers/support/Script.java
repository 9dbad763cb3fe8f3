package dev.lambdatck.tck.layers.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/** A fixture-protocol script (spec/fixture-protocol.md §1, §3): the steps the layers suite needs. */
public final class Script {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode steps;

    private Script(String id) {
        ObjectNode tck = root.putObject("tck");
        tck.put("v", 1);
        tck.put("id", id);
        steps = tck.putArray("steps");
    }

    public static Script named(String id) {
        return new Script(id);
    }

    public Script echo() {
        steps.addObject().put("op", "echo");
        return this;
    }

    public Script list(String path) {
        steps.addObject().put("op", "list").put("path", path).put("recursive", true);
        return this;
    }

    public Script read(String path) {
        steps.addObject().put("op", "read").put("path", path);
        return this;
    }

    public Script exec(String program, String... args) {
        ObjectNode s = steps.addObject().put("op", "exec").put("program", program);
        ArrayNode a = s.putArray("args");
        for (String arg : args) a.add(arg);
        return this;
    }

    public int size() {
        return steps.size();
    }

    public byte[] bytes() {
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}

package dev.lambdatck.tck.runtimeapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;

/** A body in a fixture script (fixture protocol §2). */
public final class Body {

    private Body() {
    }

    public static ObjectNode text(String text) {
        return Json.object().put("text", text);
    }

    public static ObjectNode bytes(byte[] b) {
        return Json.object().put("base64", Base64.getEncoder().encodeToString(b));
    }

    public static ObjectNode size(long size, char fill) {
        return Json.object().put("size", size).put("fill", String.valueOf(fill));
    }

    public static ObjectNode json(JsonNode value) {
        ObjectNode o = Json.object();
        o.set("json", value);
        return o;
    }

    public static ObjectNode results() {
        return Json.object().put("results", true);
    }

    public static ObjectNode event() {
        return Json.object().put("event", true);
    }
}

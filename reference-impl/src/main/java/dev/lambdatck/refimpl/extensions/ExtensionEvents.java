package dev.lambdatck.refimpl.extensions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.http.Json;

/** The JSON documents the Extensions API sends (runtime-api.md §8). */
final class ExtensionEvents {

    private ExtensionEvents() {
    }

    /** The register answer; {@code withHandler} false only under the register-body-without-handler fault. */
    static byte[] registered(FunctionConfig fn, boolean withHandler) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("functionName", fn.name());
        n.put("functionVersion", fn.version());
        if (withHandler) n.put("handler", fn.handler());
        return Json.bytes(n);
    }

    /** The INVOKE event: metadata only, never the payload (EXT-EVT-003) unless {@code payload} is given (a fault). */
    static byte[] invoke(long deadlineMs, String requestId, String arn, String traceId, String payload) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("eventType", "INVOKE");
        n.put("deadlineMs", deadlineMs);
        n.put("requestId", requestId);
        n.put("invokedFunctionArn", arn);
        ObjectNode tracing = n.putObject("tracing");
        tracing.put("type", "X-Amzn-Trace-Id");
        tracing.put("value", traceId == null ? "" : traceId);
        if (payload != null) n.put("payload", payload);
        return Json.bytes(n);
    }

    static byte[] shutdown(ShutdownReason reason, long deadlineMs) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("eventType", "SHUTDOWN");
        n.put("shutdownReason", reason.wire());
        n.put("deadlineMs", deadlineMs);
        return Json.bytes(n);
    }
}

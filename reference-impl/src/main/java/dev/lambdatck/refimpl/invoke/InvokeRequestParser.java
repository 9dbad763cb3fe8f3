package dev.lambdatck.refimpl.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.refimpl.http.Json;
import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Validates and decodes the Invoke API request headers into {@link InvocationMetadata}. */
public final class InvokeRequestParser {

    public static final String INVOCATION_TYPE = "X-Amz-Invocation-Type";
    public static final String LOG_TYPE = "X-Amz-Log-Type";
    public static final String CLIENT_CONTEXT = "X-Amz-Client-Context";
    public static final String TENANT_ID = "X-Amz-Tenant-Id";
    public static final String TRACE_ID = "X-Amzn-Trace-Id";
    /** Not an AWS header: lets a test supply a Cognito identity, which production takes from the mobile SDK. */
    public static final String COGNITO_IDENTITY = "X-Amz-Cognito-Identity";
    public static final int MAX_CLIENT_CONTEXT = 3583;

    private InvokeRequestParser() {
    }

    /** Result: either metadata or an error. */
    public record Parsed(InvocationType type, InvocationMetadata metadata, InvokeApiError error) {
    }

    public static Parsed parse(HttpHeaders h, dev.lambdatck.refimpl.faults.FaultSet faults) {
        boolean lenient = faults.has(dev.lambdatck.refimpl.faults.Fault.ACCEPT_BAD_CLIENT_CONTEXT);
        InvocationType type = InvocationType.fromWire(h.get(INVOCATION_TYPE));
        if (type == null) {
            return error(InvokeApiError.invalidParameter("1 validation error detected: Value '" + h.get(INVOCATION_TYPE)
                    + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"));
        }
        String logType = h.get(LOG_TYPE);
        if (logType != null && !logType.equals("None") && !logType.equals("Tail")) {
            return error(InvokeApiError.invalidParameter("1 validation error detected: Value '" + logType
                    + "' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]"));
        }
        String clientContext = null;
        String raw = h.get(CLIENT_CONTEXT);
        if (raw != null && !raw.isEmpty()) {
            if (raw.length() > MAX_CLIENT_CONTEXT) {
                return error(InvokeApiError.invalidParameter("1 validation error detected: Value at 'clientContext' "
                        + "failed to satisfy constraint: Member must have length less than or equal to " + MAX_CLIENT_CONTEXT));
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(raw.trim());
            } catch (IllegalArgumentException e) {
                decoded = null;
            }
            if (decoded == null || !isJsonObject(decoded) || containsLineBreak(decoded)) {
                if (!lenient) {
                    return error(InvokeApiError.invalidContent("Client context must be a valid Base64-encoded JSON object."));
                }
            } else {
                // header values are written byte for byte: keep the UTF-8 bytes as ISO-8859-1 chars
                clientContext = new String(decoded, StandardCharsets.ISO_8859_1);
            }
        }
        String cognito = h.get(COGNITO_IDENTITY);
        if (cognito != null && !isJsonObject(cognito.getBytes(StandardCharsets.ISO_8859_1))) {
            return error(InvokeApiError.invalidContent("X-Amz-Cognito-Identity must be a JSON object."));
        }
        String trace = h.get(TRACE_ID);
        if (trace == null || trace.isBlank()) {
            trace = faults.has(dev.lambdatck.refimpl.faults.Fault.BARE_GENERATED_TRACE_ID) ? TraceIds.generateBare() : TraceIds.generate();
        }
        String tenant = h.get(TENANT_ID);
        if (tenant != null && tenant.isEmpty()) tenant = null;
        return new Parsed(type, new InvocationMetadata(clientContext, cognito, tenant, trace, "Tail".equals(logType)), null);
    }

    private static Parsed error(InvokeApiError e) {
        return new Parsed(null, null, e);
    }

    private static boolean isJsonObject(byte[] bytes) {
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            return n != null && n.isObject() && Json.isJson(bytes);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean containsLineBreak(byte[] b) {
        for (byte x : b) {
            if (x == '\r' || x == '\n' || x == 0) return true;
        }
        return false;
    }
}

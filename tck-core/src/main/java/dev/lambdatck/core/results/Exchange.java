package dev.lambdatck.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange observed while testing, kept as evidence. Bodies are truncated to
 * {@link #MAX_BODY_CHARS}; {@code bodyBytes} keeps the real length.
 *
 * @param direction who sent the request: {@code tck->target}, {@code runtime->tck}, {@code runtime->target} (as seen by a fixture)
 */
@API(status = API.Status.STABLE, since = "0.1")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Exchange(String direction, String method, String uri, Map<String, List<String>> requestHeaders,
                       String requestBody, Long requestBodyBytes, Integer status,
                       Map<String, List<String>> responseHeaders, String responseBody, Long responseBodyBytes,
                       Map<String, List<String>> trailers, Long startedAtMs, Long durationMs, String note) {

    public static final int MAX_BODY_CHARS = 4096;

    /** Renders bytes for evidence: UTF-8 text when it decodes cleanly, otherwise a hex preview; truncated. */
    public static String preview(byte[] body) {
        if (body == null) return null;
        return BodyPreview.of(body, MAX_BODY_CHARS);
    }
}

package dev.lambdatck.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apiguardian.api.API;

import java.util.List;

/**
 * @param id        stable test id: {@code fully.qualified.Class#method}
 * @param suite     suite name ({@code platform}, {@code runtime}, {@code layers})
 * @param message   failure or skip reason, when there is one
 */
@API(status = API.Status.STABLE, since = "0.1")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestResult(String id, String suite, String displayName, List<String> rules, Outcome outcome,
                         long durationMs, String message, TestEvidence evidence) {
}

package dev.lambdatck.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Map;

/**
 * The content of {@code results.json}. The schema is versioned by {@link #SCHEMA_VERSION} and documented
 * under {@code spec/schema/results.schema.json}.
 */
@API(status = API.Status.STABLE, since = "0.1")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResults(String schemaVersion, String tckVersion, String specVersion, String startedAt,
                         String finishedAt, Map<String, Object> target, Map<String, String> environment,
                         List<String> suites, Verdict verdict, String verdictReason,
                         Map<String, Integer> summary, List<RuleResult> rules, List<TestResult> tests) {

    public static final String SCHEMA_VERSION = "1.0";
}

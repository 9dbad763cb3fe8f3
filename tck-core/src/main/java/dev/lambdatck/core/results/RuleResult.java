package dev.lambdatck.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apiguardian.api.API;

import java.util.List;

/** The outcome of one catalogue rule, derived from its tests, the expectations and the waivers. */
@API(status = API.Status.STABLE, since = "0.1")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleResult(String id, String level, String binds, String capability, String chapter, String title,
                         Outcome outcome, List<String> tests, String reason) {
}

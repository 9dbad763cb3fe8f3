package dev.lambdatck.core.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apiguardian.api.API;

import java.util.List;

/** What a test saw: the HTTP exchanges, an excerpt of the target's log, and free notes. */
@API(status = API.Status.STABLE, since = "0.1")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TestEvidence(List<Exchange> exchanges, String logExcerpt, List<String> notes) {

    public static final int MAX_LOG_CHARS = 8192;

    public static TestEvidence empty() { return new TestEvidence(List.of(), null, List.of()); }
}

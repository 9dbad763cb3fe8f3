package dev.lambdatck.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a rule comes from: a URL (or issue reference) and the kind of evidence it is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(String url, Evidence evidence, String note) {
}

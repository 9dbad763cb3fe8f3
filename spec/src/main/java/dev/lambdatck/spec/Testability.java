package dev.lambdatck.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a rule can be checked by a machine; manual and untestable rules carry the reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Testability(Kind kind, String reason) {

    public enum Kind {
        AUTOMATED("automated"), MANUAL("manual"), UNTESTABLE("untestable");

        private final String text;

        Kind(String text) { this.text = text; }

        @JsonValue
        public String text() { return text; }

        @JsonCreator
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.text.equals(text)) return k;
            }
            throw new IllegalArgumentException("unknown testability '" + text + "' (expected automated, manual or untestable)");
        }
    }

    public boolean isAutomated() { return kind == Kind.AUTOMATED; }
}

package dev.lambdatck.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How strongly a source supports a rule. Only the first two may carry a stable MUST. */
public enum Evidence {
    DOCUMENTED("documented"), OBSERVED_IN_PRODUCTION("observed-in-production"),
    EMULATOR_ONLY("emulator-only"), INFERRED("inferred");

    private final String text;

    Evidence(String text) { this.text = text; }

    @JsonValue
    public String text() { return text; }

    public boolean isStrong() { return this == DOCUMENTED || this == OBSERVED_IN_PRODUCTION; }

    @JsonCreator
    public static Evidence parse(String text) {
        for (Evidence e : values()) {
            if (e.text.equals(text)) return e;
        }
        throw new IllegalArgumentException("unknown evidence '" + text
                + "' (expected documented, observed-in-production, emulator-only or inferred)");
    }
}

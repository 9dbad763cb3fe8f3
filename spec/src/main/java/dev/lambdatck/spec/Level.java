package dev.lambdatck.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** RFC 2119 requirement level of a rule, written in the catalogue as "MUST", "MUST NOT", ... */
public enum Level {
    MUST("MUST"), MUST_NOT("MUST NOT"), SHOULD("SHOULD"), SHOULD_NOT("SHOULD NOT"), MAY("MAY");

    private final String text;

    Level(String text) { this.text = text; }

    @JsonValue
    public String text() { return text; }

    /** MUST and MUST NOT failures make a target non-conformant; the others are warnings. */
    public boolean isMandatory() { return this == MUST || this == MUST_NOT; }

    /** Lower-case tag form, e.g. {@code must-not}. */
    public String tag() { return text.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'); }

    @JsonCreator
    public static Level parse(String text) {
        for (Level l : values()) {
            if (l.text.equals(text)) return l;
        }
        throw new IllegalArgumentException("unknown level '" + text + "' (expected one of MUST, MUST NOT, SHOULD, SHOULD NOT, MAY)");
    }
}

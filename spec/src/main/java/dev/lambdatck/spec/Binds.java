package dev.lambdatck.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The side of the contract a rule binds. */
public enum Binds {
    PLATFORM("platform"), RUNTIME("runtime"), LAYERS("layers"), CONTROL_PLANE("control-plane");

    private final String text;

    Binds(String text) { this.text = text; }

    @JsonValue
    public String text() { return text; }

    @JsonCreator
    public static Binds parse(String text) {
        for (Binds b : values()) {
            if (b.text.equals(text)) return b;
        }
        throw new IllegalArgumentException("unknown binds '" + text + "' (expected platform, runtime, layers or control-plane)");
    }
}

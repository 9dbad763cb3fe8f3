package dev.lambdatck.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Stable rules never change meaning; provisional ones may, and rest on weaker evidence. */
public enum Status {
    STABLE("stable"), PROVISIONAL("provisional");

    private final String text;

    Status(String text) { this.text = text; }

    @JsonValue
    public String text() { return text; }

    @JsonCreator
    public static Status parse(String text) {
        for (Status s : values()) {
            if (s.text.equals(text)) return s;
        }
        throw new IllegalArgumentException("unknown status '" + text + "' (expected stable or provisional)");
    }
}

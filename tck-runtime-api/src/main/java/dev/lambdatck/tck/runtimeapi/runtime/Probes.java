package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;

import java.nio.charset.StandardCharsets;

/**
 * Events for tests whose rule is not about payload bytes. Each is a JSON string literal: a language client
 * that always parses the event as JSON (Node's) must reach its handler, or the probe would test the parser
 * instead of the rule. Payload rules send their own bytes.
 */
final class Probes {

    private Probes() {
    }

    /** {@code text} as a JSON string literal (the texts used here need no escaping). */
    static byte[] bytes(String text) {
        if (text.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
            throw new IllegalArgumentException("a probe text must not need JSON escaping: " + text);
        }
        return ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
    }

    static Event text(String text) {
        return Event.of(bytes(text), "application/octet-stream");
    }
}

package dev.lambdatck.refimpl.platform;

import java.util.List;

/** One fault switch as listed by {@code serve --list-faults}. */
public record FaultInfo(String name, String description, List<String> ruleIds) {
}

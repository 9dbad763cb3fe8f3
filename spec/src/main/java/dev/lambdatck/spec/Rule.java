package dev.lambdatck.spec;

import java.util.List;

/**
 * One normative sentence of the specification.
 *
 * @param chapter id of the chapter file the rule lives in (e.g. {@code runtime-next})
 */
public record Rule(String id, Level level, Binds binds, String capability, String chapter, String title,
                   String statement, String rationale, List<Source> sources, Testability testability,
                   Status status) {

    public boolean isAutomated() { return testability != null && testability.isAutomated(); }
}

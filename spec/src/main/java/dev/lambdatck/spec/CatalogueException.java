package dev.lambdatck.spec;

import java.util.List;

/** The catalogue could not be loaded; every problem names the file, the rule and what is wrong. */
public final class CatalogueException extends RuntimeException {

    private final List<String> problems;

    public CatalogueException(List<String> problems) {
        super("the rule catalogue is invalid (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() { return problems; }
}

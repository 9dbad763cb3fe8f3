package dev.lambdatck.spec;

import java.util.List;

/** One chapter file of the catalogue: its rules in document order. */
public record Chapter(String id, String title, String summary, String file, List<Rule> rules) {
}

package dev.lambdatck.spec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code spec/rule-ids.txt} is the exact, sorted list of rule ids. Ids are stable and never reused, so a
 * removed or renamed id fails the build; a new id fails too until it is recorded, so the list is always
 * exact and every change of it shows up in review. Regenerate on purpose with
 * {@code ./mvnw -pl spec test -Dspec.updateGolden=true}.
 */
class RuleIdsGoldenTest {

    static final String FILE = "rule-ids.txt";
    static final String HOW = "If this is deliberate, run ./mvnw -pl spec test -Dspec.updateGolden=true and commit spec/" + FILE
            + " (ids are stable: never reuse a removed id for a different rule).";

    @Test
    void goldenListMatchesTheCatalogue() throws IOException {
        Path golden = SpecSources.dir().resolve(FILE);
        TreeSet<String> actual = new TreeSet<>(CatalogueLoader.fromDirectory(SpecSources.dir()).byId().keySet());
        if (SpecSources.flag("spec.updateGolden")) {
            Files.writeString(golden, String.join("\n", actual) + "\n", StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) fail("spec/" + FILE + " is missing. " + HOW);
        List<String> lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
        assertThat(lines).as("spec/%s must be sorted with one id per line and no duplicates. %s", FILE, HOW)
                .isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
        TreeSet<String> recorded = new TreeSet<>(lines);
        List<String> removed = new ArrayList<>(recorded);
        removed.removeAll(actual);
        List<String> added = new ArrayList<>(actual);
        added.removeAll(recorded);
        StringBuilder msg = new StringBuilder();
        if (!removed.isEmpty()) {
            msg.append("rule ids removed or renamed (in spec/").append(FILE).append(" but not in the catalogue): ")
                    .append(String.join(", ", removed)).append('\n');
        }
        if (!added.isEmpty()) {
            msg.append("new rule ids not yet recorded in spec/").append(FILE).append(": ").append(String.join(", ", added)).append('\n');
        }
        if (msg.length() > 0) fail(msg + HOW);
    }
}

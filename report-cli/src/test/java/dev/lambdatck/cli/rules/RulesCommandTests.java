package dev.lambdatck.cli.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdatck.cli.Cli;
import dev.lambdatck.cli.ExitCodes;
import dev.lambdatck.spec.Level;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the bundled catalogue: the command must work for whatever rules it holds. */
class RulesCommandTests {

    private final RuleCatalogue catalogue = RuleCatalogue.bundled();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void lists_every_rule_by_chapter() {
        Cli.Result r = Cli.run("rules");
        assertThat(r.exit()).isZero();
        for (Rule rule : catalogue.rules()) assertThat(r.out()).contains(rule.id());
        assertThat(r.out()).contains(catalogue.rules().size() + " rule");
    }

    @Test
    void json_is_an_array_of_complete_rule_objects() throws Exception {
        Cli.Result r = Cli.run("rules", "--json");
        assertThat(r.exit()).isZero();
        JsonNode array = json.readTree(r.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array.size()).isEqualTo(catalogue.rules().size());
        List<String> fields = new ArrayList<>();
        array.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "level", "binds", "capability", "chapter", "title", "statement",
                "rationale", "sources", "testability", "status");
        assertThat(array.get(0).get("sources").get(0).has("url")).isTrue();
        assertThat(array.get(0).get("testability").has("kind")).isTrue();
    }

    @Test
    void filters_combine() throws Exception {
        Cli.Result r = Cli.run("rules", "--json", "--level", "must", "--binds", "platform");
        assertThat(r.exit()).isZero();
        long expected = catalogue.rules().stream()
                .filter(x -> x.level() == Level.MUST && "platform".equals(x.binds().text())).count();
        JsonNode array = json.readTree(r.out());
        assertThat(array.size()).isEqualTo((int) expected);
        array.forEach(n -> {
            assertThat(n.get("level").asText()).isEqualTo("MUST");
            assertThat(n.get("binds").asText()).isEqualTo("platform");
        });
        Rule first = catalogue.rules().get(0);
        JsonNode byChapter = json.readTree(Cli.run("rules", "--json", "--chapter", first.chapter(),
                "--capability", first.capability()).out());
        byChapter.forEach(n -> assertThat(n.get("chapter").asText()).isEqualTo(first.chapter()));
        assertThat(byChapter.size()).isPositive();
    }

    @Test
    void bad_filter_values_are_usage_errors() {
        Cli.Result level = Cli.run("rules", "--level", "MUSTT");
        assertThat(level.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(level.err()).contains("unknown level 'MUSTT'");
        Cli.Result chapter = Cli.run("rules", "--chapter", "nope");
        assertThat(chapter.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(chapter.err()).contains("--chapter: unknown value 'nope'").contains(catalogue.chapters().get(0).id());
        assertThat(Cli.run("rules", "--binds", "cloud").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shows_one_rule_in_full() throws Exception {
        Rule rule = catalogue.rules().get(0);
        Cli.Result r = Cli.run("rules", rule.id());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith(rule.id()).contains("Statement").contains("Rationale").contains("Sources")
                .contains(rule.sources().get(0).url());
        JsonNode one = json.readTree(Cli.run("rules", rule.id(), "--json").out());
        assertThat(one.get("id").asText()).isEqualTo(rule.id());
        assertThat(one.get("statement").asText()).isEqualTo(rule.statement());
    }

    @Test
    void an_unknown_rule_exits_2_with_suggestions() {
        Rule rule = catalogue.rules().get(0);
        String typo = rule.id().substring(0, rule.id().length() - 1);
        Cli.Result r = Cli.run("rules", typo);
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no rule " + typo + " (did you mean ").contains(rule.id());
        Cli.Result far = Cli.run("rules", "XX-NOTHING-LIKE-IT-999");
        assertThat(far.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(far.err()).contains("no rule XX-NOTHING-LIKE-IT-999").doesNotContain("did you mean");
    }

    @Test
    void suggestions_are_by_edit_distance() {
        assertThat(RuleSuggestions.closest("rt-next-01", List.of("RT-NEXT-001", "RT-NEXT-010", "LY-ZIP-001"), 3))
                .containsExactly("RT-NEXT-001", "RT-NEXT-010");
        assertThat(RuleSuggestions.distance("kitten", "sitting")).isEqualTo(3);
    }
}

package dev.lambdatck.spec.render;

import dev.lambdatck.spec.CatalogueLoader;
import dev.lambdatck.spec.RuleCatalogue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The committed pages in spec/rendered/ must equal a fresh rendering of the catalogue. */
class RenderedSpecTest {

    static final String HOW = "rendered spec is stale: run ./mvnw -pl spec test -Dspec.render=true and commit spec/rendered/";

    private static Path specDir() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        assertThat(dir.resolve("catalogue.yaml")).as("run from the spec module").isRegularFile();
        return dir;
    }

    @Test
    void renderedPagesAreCurrent() throws IOException {
        Path spec = specDir();
        RuleCatalogue catalogue = CatalogueLoader.fromDirectory(spec);
        MarkdownRenderer renderer = new MarkdownRenderer(MarkdownRenderer.companionsIn(spec));
        Path out = spec.resolve("rendered");
        if (Boolean.parseBoolean(System.getProperty("spec.render", "false"))) {
            renderer.write(catalogue, out);
            return;
        }
        Map<String, String> pages = renderer.render(catalogue);
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> e : pages.entrySet()) {
            Path p = out.resolve(e.getKey());
            if (!Files.isRegularFile(p)) stale.add(e.getKey() + " (missing)");
            else if (!Files.readString(p, StandardCharsets.UTF_8).equals(e.getValue())) stale.add(e.getKey() + " (differs)");
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.list(out)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".md") && !pages.containsKey(n))
                        .sorted()
                        .forEach(n -> stale.add(n + " (no longer produced)"));
            }
        }
        if (!stale.isEmpty()) fail(HOW + "\n  - " + String.join("\n  - ", stale));
    }

    @Test
    void renderingIsDeterministicAndAnchorsEveryRule() {
        RuleCatalogue catalogue = CatalogueLoader.fromDirectory(specDir());
        MarkdownRenderer renderer = new MarkdownRenderer(MarkdownRenderer.companionsIn(specDir()));
        Map<String, String> first = renderer.render(catalogue);
        assertThat(renderer.render(catalogue)).isEqualTo(first);
        for (var chapter : catalogue.chapters()) {
            String page = first.get(MarkdownRenderer.pageName(chapter));
            for (var rule : chapter.rules()) {
                assertThat(page).contains("<a id=\"" + rule.id() + "\"></a>");
                assertThat(first.get("index.md")).contains("](" + MarkdownRenderer.pageName(chapter) + "#" + rule.id() + ")");
            }
        }
        assertThat(first.get("index.md")).contains("](../fixture-protocol.md)");
    }
}

package dev.lambdatck.core.run.sample;

import dev.lambdatck.spec.Binds;
import dev.lambdatck.spec.Chapter;
import dev.lambdatck.spec.Evidence;
import dev.lambdatck.spec.Level;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import dev.lambdatck.spec.Source;
import dev.lambdatck.spec.Status;
import dev.lambdatck.spec.Testability;

import java.util.List;

/** The rules the sample suite cites; a test-only catalogue, so the engine's tests do not depend on the real one. */
public final class SampleCatalogue {

    private SampleCatalogue() {
    }

    public static RuleCatalogue catalogue() {
        return new RuleCatalogue("9.9.9", List.of(
                new Chapter("echo", "Echo", "", "rules/echo.yaml", List.of(
                        rule("TS-ECHO-001", Level.MUST, Binds.PLATFORM, "core", "echo", auto()),
                        rule("TS-ECHO-002", Level.MUST, Binds.PLATFORM, "core", "echo", auto()),
                        rule("TS-ECHO-003", Level.SHOULD, Binds.PLATFORM, "core", "echo", auto()),
                        rule("TS-ECHO-004", Level.MUST, Binds.PLATFORM, "core", "echo", auto()),
                        rule("TS-ECHO-005", Level.SHOULD, Binds.PLATFORM, "core", "echo",
                                new Testability(Testability.Kind.UNTESTABLE, "needs a real data centre")))),
                new Chapter("stream", "Streaming", "", "rules/stream.yaml", List.of(
                        rule("TS-STREAM-001", Level.MUST, Binds.PLATFORM, "streaming", "stream", auto()),
                        rule("TS-GATE-001", Level.MAY, Binds.PLATFORM, "gated", "stream", auto()))),
                new Chapter("layers", "Layers", "", "rules/layers.yaml", List.of(
                        rule("TS-LAYER-001", Level.MUST, Binds.LAYERS, "layers", "layers", auto())))));
    }

    private static Testability auto() {
        return new Testability(Testability.Kind.AUTOMATED, null);
    }

    private static Rule rule(String id, Level level, Binds binds, String cap, String chapter, Testability t) {
        return new Rule(id, level, binds, cap, chapter, "title of " + id, "statement of " + id, "rationale",
                List.of(new Source("https://example.invalid/" + id, Evidence.DOCUMENTED, null)), t, Status.STABLE);
    }
}

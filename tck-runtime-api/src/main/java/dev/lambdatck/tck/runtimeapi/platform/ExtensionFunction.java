package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.Blocked;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.target.Capabilities;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.tck.runtimeapi.support.ExtensionLayer;
import dev.lambdatck.tck.runtimeapi.support.ExtensionLog;
import dev.lambdatck.tck.runtimeapi.support.ExtensionLog.Line;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.HostProcesses;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A function deployed for one test with a layer of test extensions, and the marker that finds their processes. Closing
 * it keeps the log as evidence, undeploys the function and ends whatever process of its extensions is left.
 */
final class ExtensionFunction implements AutoCloseable {

    /** What EXT-ENV-001 requires of AWS_LAMBDA_RUNTIME_API (the form RT-HTTP-011 requires for the runtime). */
    static final String HOST_PORT = "([A-Za-z0-9.-]+|\\[[0-9a-fA-F:]+]):[0-9]{1,5}";
    /** How long a test waits for the first line of any test extension before it settles that none was started. */
    static final Duration NO_EXTENSION_LINES = Duration.ofSeconds(2);

    private final Functions fx;
    private final Fn fn;
    private final String marker;
    private final String rule;

    private ExtensionFunction(Functions fx, Fn fn, String marker, String rule) {
        this.fx = fx;
        this.fn = fn;
        this.marker = marker;
        this.rule = rule;
    }

    /**
     * Deploys a fresh function whose layer is built by {@code layer} from the test's marker.
     *
     * @throws NotApplicable when the target cannot take layers or its environment has no sh, curl and millisecond clock
     */
    static ExtensionFunction deploy(Functions fx, String rule, String key, Function<String, ExtensionLayer> layer,
                                    UnaryOperator<FunctionSpec> configure) {
        requireTools(fx);
        String marker = "tck-ext-" + UUID.randomUUID();
        var zip = layer.apply(marker).write();
        Fn fn = fx.fresh(key, s -> configure.apply(s.withLayers(List.of(zip))));
        return new ExtensionFunction(fx, fn, marker, rule);
    }

    static ExtensionFunction deploy(Functions fx, String rule, String key, Function<String, ExtensionLayer> layer) {
        return deploy(fx, rule, key, layer, UnaryOperator.identity());
    }

    /** The test extensions are sh + curl programs shipped in a layer: without them the extension rules cannot be checked. */
    static void requireTools(Functions fx) {
        if (!fx.descriptor().declares(Capabilities.LAYERS)) {
            throw new NotApplicable("the test extensions are shipped in a layer (/opt/extensions) and the target does not declare capability layers");
        }
        FixtureResult r = fx.shared().run(Script.of(Step.exec("sh", "-c", "command -v curl >/dev/null && date +%s%3N")));
        JsonNode e = r.first("exec");
        if (!e.path("ok").asBoolean() || e.path("exitCode").asInt(-1) != 0 || !e.path("stdout").asText().strip().matches("[0-9]{13,}")) {
            throw new NotApplicable("the execution environment has no sh, curl and millisecond clock (date +%s%3N) for the test extensions"
                    + " (exec: " + e + ")");
        }
    }

    Fn fn() {
        return fn;
    }

    String marker() {
        return marker;
    }

    List<Line> lines() {
        return ExtensionLog.parse(fn.logs());
    }

    /**
     * Polls the log until {@code done} accepts the extension lines or the invoke deadline passes; returns the lines.
     *
     * @throws NotApplicable when an extension reports it has no curl
     * @throws Blocked       by EXT-DISC-001 when, at the deadline, no test extension has even started
     */
    List<Line> await(Predicate<List<Line>> done) {
        return await(fn.invokeDeadline(), done);
    }

    List<Line> await(Duration within, Predicate<List<Line>> done) {
        // a target that started no extension, or gave them an unusable address, fails fast instead of at the deadline:
        // extensions start before the runtime's Init, so a few seconds without any of their lines settles it
        long noLinesUntil = System.nanoTime() + NO_EXTENSION_LINES.toNanos();
        Predicate<List<Line>> stop = lines -> done.test(lines) || lines.stream().anyMatch(l -> l.label().equals("no-curl") || l.label().equals("no-tmp"))
                || (lines.isEmpty() && System.nanoTime() > noLinesUntil) || lines.stream().anyMatch(ExtensionFunction::unreachable);
        List<Line> lines = ExtensionLog.await(fn, within, fx.timeouts().poll(), stop);
        if (lines.stream().anyMatch(l -> l.label().equals("no-curl"))) {
            throw new NotApplicable("the execution environment of the extensions has no curl");
        }
        checkReachable(lines);
        if (!done.test(lines) && !"EXT-DISC-001".equals(rule) && lines.stream().noneMatch(l -> l.label().equals("start"))) {
            throw new Blocked("EXT-DISC-001", "no test extension of the layer was started (no 'tck-ext … start' line in the function log)");
        }
        return lines;
    }

    /**
     * Throws {@link Blocked} by EXT-ENV-001 when an extension was given an AWS_LAMBDA_RUNTIME_API that is not host:port:
     * no extension could reach the Extensions API, so no other rule was reached (EXT-ENV-001 fails in its own test).
     */
    void checkReachable(List<Line> lines) {
        Optional<Line> noTmp = lines.stream().filter(l -> l.label().equals("no-tmp")).findFirst();
        if (noTmp.isPresent()) {
            throw new Blocked("RT-ENV-015", "extensions/" + noTmp.get().name() + " could not create its working directory in /tmp,"
                    + " so the test extensions could not run");
        }
        // the environment rules' observation comes before any API call
        if (rule.startsWith("EXT-ENV-")) return;
        for (Line l : lines) {
            if (unreachable(l)) {
                String api = l.field("api").orElse("");
                throw new Blocked("EXT-ENV-001", "extensions/" + l.name() + " was started with AWS_LAMBDA_RUNTIME_API '" + api
                        + "', which is not host:port, so the test extensions could not reach the Extensions API");
            }
        }
    }

    /** An extension's env line naming an AWS_LAMBDA_RUNTIME_API that is not host:port. */
    private static boolean unreachable(Line l) {
        return l.label().equals("env") && !l.field("api").orElse("").matches(HOST_PORT);
    }

    /** The extension lines of the log, for an assertion message. */
    String excerpt() {
        return ExtensionLog.excerpt(lines());
    }

    @Override
    public void close() {
        String log;
        try {
            log = fn.logs();
        } catch (RuntimeException e) {
            log = "(log unavailable: " + e.getMessage() + ")";
        }
        String kept = log;
        // the evidence keeps the log as it was before the function went away
        EvidenceLog.current().logSource(() -> kept);
        try {
            fn.deployed().close();
        } catch (RuntimeException ignored) {
            // undeploy is best effort; the test-scope close tries again
        } finally {
            HostProcesses.killAll(marker);
        }
    }
}

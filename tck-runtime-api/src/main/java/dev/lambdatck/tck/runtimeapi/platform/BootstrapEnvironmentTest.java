package dev.lambdatck.tck.runtimeapi.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.target.Capabilities;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.TargetException;
import dev.lambdatck.tck.runtimeapi.support.ErrorDoc;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Fn;
import dev.lambdatck.tck.runtimeapi.support.FunctionCode;
import dev.lambdatck.tck.runtimeapi.support.Functions;
import dev.lambdatck.tck.runtimeapi.support.PlatformFunctions;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;
import dev.lambdatck.tck.runtimeapi.support.WireResponse;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** What the bootstrap finds when it starts (chapter rt-env). */
@ExtendWith(PlatformFunctions.class)
class BootstrapEnvironmentTest {

    static final String HANDLER = "tck.handler::main";
    static final int MEMORY = 256;
    static final Map<String, String> CUSTOMER = Map.of(
            "TCK_PLAIN", "plain",
            "TCK_SPACES_AND_EQUALS", "a value with spaces = and == signs",
            "TCK_UNICODE", "ünïcödé ✓ 日本");

    static Fn configured(Functions fx) {
        UnaryOperator<FunctionSpec> c = s -> s.withHandler(HANDLER).withMemory(MEMORY).withEnvironment(CUSTOMER);
        return fx.shared("configured", c);
    }

    static FixtureResult echo(Functions fx) {
        return configured(fx).run(Script.of(Step.echo()));
    }

    /** The environment the bootstrap was started with (before the fixture changed anything), from /proc/self/environ. */
    static Map<String, String> initialEnvironment(Functions fx) {
        FixtureResult r = configured(fx).run(Script.of(Step.read("/proc/self/environ").set("maxBytes", 1 << 20)));
        JsonNode step = r.first("read");
        if (!step.path("exists").asBoolean(false)) {
            throw new NotApplicable("the environment has no /proc/self/environ to read the start-up environment from");
        }
        String raw = new String(Base64.getDecoder().decode(step.path("base64").asText("")), StandardCharsets.UTF_8);
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : raw.split("\0")) {
            int eq = kv.indexOf('=');
            if (eq > 0) env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return env;
    }

    @RuleTest("RT-ENV-001")
    void setsTheHandler(Functions fx) {
        assertThat(echo(fx).env("_HANDLER")).as("RT-ENV-001: _HANDLER").hasValue(HANDLER);
    }

    @RuleTest("RT-ENV-002")
    void namesTheFunctionAndItsVersion(Functions fx) {
        FixtureResult r = echo(fx);
        assertThat(r.env("AWS_LAMBDA_FUNCTION_NAME")).as("RT-ENV-002: AWS_LAMBDA_FUNCTION_NAME").hasValue(configured(fx).name());
        assertThat(r.env("AWS_LAMBDA_FUNCTION_VERSION")).as("RT-ENV-002: AWS_LAMBDA_FUNCTION_VERSION is $LATEST or a version number")
                .hasValueSatisfying(v -> assertThat(v).matches("\\$LATEST|[0-9]+"));
    }

    @RuleTest("RT-ENV-003")
    void statesTheMemorySizeInMegabytes(Functions fx) {
        assertThat(echo(fx).env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")).as("RT-ENV-003: AWS_LAMBDA_FUNCTION_MEMORY_SIZE for %d MB", MEMORY)
                .hasValue(String.valueOf(MEMORY));
    }

    @RuleTest("RT-ENV-004")
    void setsTheRegion(Functions fx) {
        FixtureResult r = echo(fx);
        for (String v : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            assertThat(r.env(v)).as("RT-ENV-004: %s is set and non-empty", v).hasValueSatisfying(x -> assertThat(x).isNotBlank());
        }
    }

    @RuleTest("RT-ENV-005")
    void namesTheTaskRootAndRuntimeDir(Functions fx) {
        FixtureResult r = echo(fx);
        String root = r.env("LAMBDA_TASK_ROOT").orElse(null);
        assertThat(root).as("RT-ENV-005: LAMBDA_TASK_ROOT").isNotBlank();
        assertThat(r.env("LAMBDA_RUNTIME_DIR")).as("RT-ENV-005: LAMBDA_RUNTIME_DIR").hasValueSatisfying(v -> assertThat(v).isNotBlank());
        FixtureResult code = configured(fx).run(Script.of(Step.read(root + "/bootstrap").set("maxBytes", 1)));
        assertThat(code.first("read").path("exists").asBoolean()).as("RT-ENV-005: LAMBDA_TASK_ROOT %s holds the function code (its bootstrap)", root).isTrue();
    }

    @RuleTest("RT-ENV-006")
    void namesTheLogGroupAndStream(Functions fx) {
        FixtureResult r = echo(fx);
        for (String v : List.of("AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME")) {
            assertThat(r.env(v)).as("RT-ENV-006: %s is set and non-empty", v).hasValueSatisfying(x -> assertThat(x).isNotBlank());
        }
    }

    @RuleTest("RT-ENV-007")
    void providesCredentials(Functions fx) {
        FixtureResult r = echo(fx);
        boolean keys = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN").stream().allMatch(v -> r.env(v).filter(x -> !x.isBlank()).isPresent());
        boolean endpoint = r.env("AWS_CONTAINER_CREDENTIALS_FULL_URI").filter(x -> !x.isBlank()).isPresent();
        assertThat(keys || endpoint).as("RT-ENV-007: access key, secret and session token (or a credentials endpoint) are set").isTrue();
    }

    @RuleTest("RT-ENV-008")
    void ignoresCustomerValuesForReservedNames(Functions fx) {
        Map<String, String> hostile = Map.of("AWS_LAMBDA_FUNCTION_NAME", "tck-hijacked", "_HANDLER", "tck.hijacked",
                "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9");
        Fn fn;
        try {
            fn = fx.fresh("reserved", s -> s.withHandler(HANDLER).withEnvironment(hostile));
        } catch (TargetException refused) {
            return; // refusing the configuration is one of the two allowed answers
        }
        WireResponse r = fn.invoke(Script.of(Step.echo()));
        FixtureResult doc = FixtureResult.parse(r.body()).orElseThrow(() -> new AssertionError(
                "RT-ENV-008: the runtime could not serve an invocation; a reserved variable was overridden? (HTTP " + r.status() + ": " + r.bodyText() + ")"));
        // a missing variable is RT-ENV-001/002's failure; this rule is about a present one carrying the customer's value
        assertThat(doc.env("AWS_LAMBDA_FUNCTION_NAME").orElse(fn.name())).as("RT-ENV-008: AWS_LAMBDA_FUNCTION_NAME not overridden").isEqualTo(fn.name());
        assertThat(doc.env("_HANDLER").orElse(HANDLER)).as("RT-ENV-008: _HANDLER not overridden").isEqualTo(HANDLER);
        assertThat(doc.env("AWS_LAMBDA_RUNTIME_API")).as("RT-ENV-008: AWS_LAMBDA_RUNTIME_API not overridden").isNotEqualTo(java.util.Optional.of("127.0.0.1:9"));
    }

    @RuleTest("RT-ENV-009")
    void startsTheBootstrapWithoutATraceId(Functions fx) {
        assertThat(initialEnvironment(fx)).as("RT-ENV-009: _X_AMZN_TRACE_ID is not in the start-up environment").doesNotContainKey("_X_AMZN_TRACE_ID");
    }

    @RuleTest("RT-ENV-010")
    void setsNoExecutionEnvForCustomRuntimes(Functions fx) {
        assertThat(initialEnvironment(fx)).as("RT-ENV-010: AWS_EXECUTION_ENV is not set for a custom runtime").doesNotContainKey("AWS_EXECUTION_ENV");
    }

    @RuleTest("RT-ENV-011")
    void passesCustomerVariablesUnchanged(Functions fx) {
        FixtureResult r = echo(fx);
        CUSTOMER.forEach((k, v) -> assertThat(r.env(k)).as("RT-ENV-011: %s arrives with exactly its configured value", k).hasValue(v));
    }

    @RuleTest("RT-ENV-012")
    void startsInTheTaskRoot(Functions fx) {
        FixtureResult r = echo(fx);
        String root = r.env("LAMBDA_TASK_ROOT").orElseThrow(() -> new AssertionError("RT-ENV-012: LAMBDA_TASK_ROOT is not set"));
        String cwd = r.first("echo").path("cwd").asText();
        assertThat(stripSlash(cwd)).as("RT-ENV-012: working directory of the bootstrap is LAMBDA_TASK_ROOT").isEqualTo(stripSlash(root));
    }

    @RuleTest("RT-ENV-013")
    void prefersTheCodeBootstrapOverTheLayerOne(Functions fx) {
        if (!fx.descriptor().declares(Capabilities.LAYERS)) throw new NotApplicable("the target does not declare capability layers");
        var layer = FunctionCode.layerWithBootstrap(fx.fixture());
        Fn both = fx.fresh("code-and-layer", s -> s.withLayers(List.of(layer)));
        Fn layerOnly = fx.fresh("layer-only", s -> new FunctionSpec(s.name(), FunctionCode.withoutBootstrap(), s.handler(),
                s.environment(), s.timeout(), s.memoryMb(), List.of(layer), s.concurrency()));
        assertThat(both.run(Script.of(Step.echo())).env("TCK_BOOTSTRAP_FROM")).as("RT-ENV-013: with both, the code's bootstrap runs").isEmpty();
        assertThat(layerOnly.run(Script.of(Step.echo())).env("TCK_BOOTSTRAP_FROM")).as("RT-ENV-013: without one in the code, the layer's bootstrap runs")
                .hasValue("layer");
    }

    @RuleTest("RT-ENV-014")
    void reportsAMissingOrUnusableBootstrapAsInvalidEntrypoint(Functions fx) {
        Fn missing = fx.fresh("no-bootstrap", s -> new FunctionSpec(s.name(), FunctionCode.withoutBootstrap(), s.handler(),
                s.environment(), s.timeout(), s.memoryMb(), s.layers(), s.concurrency()));
        Fn notExecutable = fx.fresh("noexec-bootstrap", s -> new FunctionSpec(s.name(), FunctionCode.nonExecutableBootstrap(fx.fixture()),
                s.handler(), s.environment(), s.timeout(), s.memoryMb(), s.layers(), s.concurrency()));
        for (Fn fn : List.of(missing, notExecutable)) {
            WireResponse r = fn.invoke(Script.of(Step.echo()));
            assertThat(r.header(Fn.FUNCTION_ERROR)).as("RT-ENV-014: function error flagged (%s)", fn == missing ? "no bootstrap" : "bootstrap not executable").isPresent();
            assertThat(ErrorDoc.typeIn(r)).as("RT-ENV-014: errorType (%s; body '%s')", fn == missing ? "no bootstrap" : "bootstrap not executable", r.bodyText())
                    .hasValue("Runtime.InvalidEntrypoint");
        }
    }

    @RuleTest("RT-ENV-015")
    void letsTheBootstrapWriteToTmp(Functions fx) {
        String marker = "tck-" + java.util.UUID.randomUUID();
        FixtureResult r = configured(fx).run(Script.of(Step.exec("sh", "-c",
                "f=/tmp/lambda-tck-env-015-$$; printf %s \"$1\" > \"$f\" && cat \"$f\" && rm -f \"$f\"", "sh", marker)));
        JsonNode step = r.first("exec");
        if (!step.path("ok").asBoolean()) throw new NotApplicable("no shell in the environment to write with: " + step.path("error").asText());
        assertThat(step.path("exitCode").asInt(-1)).as("RT-ENV-015: writing a file under /tmp succeeded (stderr: %s)", step.path("stderr").asText()).isZero();
        assertThat(step.path("stdout").asText()).as("RT-ENV-015: the file read back holds what was written").isEqualTo(marker);
    }

    @RuleTest("RT-ENV-016")
    void statesTheInitialisationType(Functions fx) {
        assertThat(echo(fx).env("AWS_LAMBDA_INITIALIZATION_TYPE")).as("RT-ENV-016: AWS_LAMBDA_INITIALIZATION_TYPE").hasValue("on-demand");
    }

    @RuleTest("RT-ENV-017")
    void givesTheBootstrapNoStdinData(Functions fx) {
        // read the bootstrap's own stdin from a child: /dev/null or a closed pipe end at once, an open pipe hangs until killed
        // (the exec step then fails); a first step tells a missing shell from that hang
        FixtureResult r = configured(fx).run(Script.of(Step.exec("sh", "-c", "true"),
                Step.exec("sh", "-c", "exec cat /proc/$PPID/fd/0").set("timeoutMs", 1500)));
        JsonNode shell = r.step(0);
        if (!shell.path("ok").asBoolean()) throw new NotApplicable("no shell in the environment to read stdin with: " + shell.path("error").asText());
        JsonNode step = r.step(1);
        assertThat(step.path("ok").asBoolean()).as("RT-ENV-017: reading the bootstrap's stdin returned at once (%s)", step).isTrue();
        boolean closed = step.path("stderr").asText("").contains("No such file");
        boolean empty = step.path("exitCode").asInt(-1) == 0 && step.path("stdout").asText("").isEmpty();
        assertThat(closed || empty).as("RT-ENV-017: the bootstrap's stdin is closed or at end of file (reading it: %s)", step).isTrue();
    }

    static String stripSlash(String p) {
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}

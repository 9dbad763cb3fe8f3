package dev.lambdatck.core.run.sample;

import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.results.Exchange;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample suite's rule tests (not run by surefire directly: no Test suffix). Every verdict comes from
 * an exchange with the test-echo target.
 */
class EchoRules {

    private static final String PAYLOAD = "{\"hello\":\"world\"}";

    @RuleTest("TS-ECHO-001")
    void echoesThePayload(PlatformTarget platform, TckTimeouts timeouts) throws Exception {
        HttpResponse<String> r = invoke(platform, timeouts);
        assertThat(r.body()).as("TS-ECHO-001: the invoke response body is the payload").isEqualTo(PAYLOAD);
    }

    @RuleTest({"TS-ECHO-001", "TS-ECHO-002"})
    void answersJson(PlatformTarget platform, TckTimeouts timeouts) throws Exception {
        HttpResponse<String> r = invoke(platform, timeouts);
        assertThat(r.headers().firstValue("Content-Type")).as("TS-ECHO-002: content type").hasValue("application/json");
    }

    @RuleTest("TS-ECHO-003")
    void answersWithinTheTestTimeout(PlatformTarget platform, TckTimeouts timeouts) throws Exception {
        HttpResponse<String> r = invoke(platform, timeouts);
        assertThat(r.statusCode()).as("TS-ECHO-003: status").isEqualTo(200);
    }

    @RuleTest("TS-STREAM-001")
    void streams(TargetDescriptor target, PlatformTarget platform) {
        if (!target.declares("streaming")) throw new NotApplicable("target does not stream");
        throw new TargetException("the sample target has no streaming endpoint");
    }

    @RuleTest("TS-GATE-001")
    @ExtendWith(GatedCapability.class)
    void gated(PlatformTarget platform) {
        throw new AssertionError("never runs: the gate always closes");
    }

    private static HttpResponse<String> invoke(PlatformTarget platform, TckTimeouts timeouts) throws IOException, InterruptedException {
        try (DeployedFunction fn = platform.deploy(FunctionSpec.of("echo", Path.of(".")))) {
            EvidenceLog.current().logSource(fn::logs);
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeouts.start()).build();
            long t0 = System.currentTimeMillis();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(fn.invokeUrl())
                    .POST(HttpRequest.BodyPublishers.ofString(PAYLOAD)).build(), HttpResponse.BodyHandlers.ofString());
            EvidenceLog.current().record(new Exchange("tck->target", "POST", fn.invokeUrl().toString(), null, PAYLOAD,
                    (long) PAYLOAD.length(), r.statusCode(), r.headers().map(), r.body(), (long) r.body().length(), null,
                    t0, System.currentTimeMillis() - t0, null));
            return r;
        }
    }

    /** Closes like TckExtension's capability gate does. */
    static final class GatedCapability implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getTestMethod().isPresent()
                    ? ConditionEvaluationResult.disabled("NOT_APPLICABLE: target does not declare capability gated")
                    : ConditionEvaluationResult.enabled("class level");
        }
    }
}

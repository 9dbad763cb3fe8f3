package dev.lambdatck.refimpl.invoke;

import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.support.Harness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static dev.lambdatck.refimpl.support.Harness.invoke;
import static dev.lambdatck.refimpl.support.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;

class InvokeApiTest {

    @TempDir
    static Path tmp;
    static Harness h;
    static DeployedFunctionHandle echo;

    @BeforeAll
    static void up() {
        h = Harness.start(tmp);
        echo = h.deploy(Harness.multiRuntime());
    }

    @AfterAll
    static void down() {
        h.close();
    }

    @Test
    void requestResponseEchoesPayloadAndContentType() {
        HttpResponse<byte[]> r = invoke(echo, "{\"hello\":\"wörld\"}", "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("{\"hello\":\"wörld\"}");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("X-Amz-Executed-Version")).hasValue("$LATEST");
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        assertThat(r.headers().firstValue("X-Amzn-RequestId")).isPresent();
    }

    @Test
    void dryRunAnswers204WithoutRunning() {
        HttpResponse<byte[]> r = invoke(echo, "x", "X-Amz-Invocation-Type", "DryRun");
        assertThat(r.statusCode()).isEqualTo(204);
    }

    @Test
    void eventAnswers202AndRunsLater() {
        HttpResponse<byte[]> r = invoke(echo, "log:event-ran", "X-Amz-Invocation-Type", "Event");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEmpty();
        Harness.await("event to run", Duration.ofSeconds(10), () -> echo.logs().contains("event-ran"));
    }

    @Test
    void functionErrorIs200WithHeaderAndRuntimeBody() {
        HttpResponse<byte[]> r = invoke(echo, "error");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(text(r)).isEqualTo("{\"errorMessage\":\"boom\",\"errorType\":\"Test.Error\"}");
    }

    @Test
    void errorWithoutBodyGetsDefaultBody() {
        HttpResponse<byte[]> r = invoke(echo, "error-nobody");
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(text(r)).isEqualTo("{\"errorMessage\":\"Unknown application error occurred\",\"errorType\":\"Test.Empty\"}");
    }

    @Test
    void logTailIsBase64OfThisInvocationsLines() {
        HttpResponse<byte[]> r = invoke(echo, "log:tail-line-42", "X-Amz-Log-Type", "Tail");
        String tail = new String(Base64.getDecoder().decode(r.headers().firstValue("X-Amz-Log-Result").orElseThrow()),
                StandardCharsets.UTF_8);
        assertThat(tail).contains("tail-line-42").contains("START RequestId:");
        assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        HttpResponse<byte[]> none = invoke(echo, "log:x");
        assertThat(none.headers().firstValue("X-Amz-Log-Result")).isEmpty();
    }

    @Test
    void unknownFunctionIs404InAwsShape() {
        URI u = URI.create(h.platform.invokeBase() + "/2015-03-31/functions/nope/invocations");
        HttpResponse<byte[]> r = invoke(u, new byte[0]);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(text(r)).contains("\"Type\":\"User\"").contains("\"message\":\"Function not found: nope\"");
    }

    @Test
    void emulatorPathReachesTheFirstFunction() {
        URI u = URI.create(h.platform.invokeBase() + "/2015-03-31/functions/function/invocations");
        assertThat(text(invoke(u, "ping".getBytes(StandardCharsets.UTF_8)))).isEqualTo("ping");
    }

    @Test
    void badClientContextIs400() {
        HttpResponse<byte[]> r = invoke(echo, "x", "X-Amz-Client-Context", "!!not base64!!");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).hasValue("InvalidRequestContentException");
        String notJson = Base64.getEncoder().encodeToString("not json".getBytes(StandardCharsets.UTF_8));
        assertThat(invoke(echo, "x", "X-Amz-Client-Context", notJson).statusCode()).isEqualTo(400);
        assertThat(invoke(echo, "x", "X-Amz-Client-Context", "e30=" + "A".repeat(3584)).statusCode()).isEqualTo(400);
        assertThat(invoke(echo, "x", "X-Amz-Invocation-Type", "Sometimes").statusCode()).isEqualTo(400);
    }

    @Test
    void payloadAbove6MBIs413() {
        HttpResponse<byte[]> r = invoke(echo.invokeUrl(), new byte[6_291_457]);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).hasValue("RequestTooLargeException");
        assertThat(text(r)).contains("\"Type\":\"User\"");
    }

    @Test
    void headersReachTheRuntime() {
        String cc = "{\"custom\":{\"k\":\"v\"}}";
        HttpResponse<byte[]> r = invoke(echo, "headers",
                "X-Amz-Client-Context", Base64.getEncoder().encodeToString(cc.getBytes(StandardCharsets.UTF_8)),
                "X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
                "X-Amz-Tenant-Id", "tenant-7",
                "X-Amz-Cognito-Identity", "{\"cognitoIdentityId\":\"id\",\"cognitoIdentityPoolId\":\"pool\"}",
                "Content-Type", "text/x-test");
        String heads = text(r).toLowerCase();
        assertThat(heads).contains("lambda-runtime-client-context: " + cc.toLowerCase());
        assertThat(heads).contains("lambda-runtime-trace-id: root=1-5759e988-bd862e3fe1be46a994272793;parent=53995c3f42cd8ad8;sampled=1");
        assertThat(heads).contains("lambda-runtime-aws-tenant-id: tenant-7");
        assertThat(heads).contains("lambda-runtime-cognito-identity: {\"cognitoidentityid\":\"id\"");
        assertThat(heads).contains("content-type: text/x-test");
        assertThat(heads).contains("lambda-runtime-invoked-function-arn: arn:aws:lambda:us-east-1:123456789012:function:" + echo.config().name());
        String plain = text(invoke(echo, "headers")).toLowerCase();
        assertThat(plain).contains("lambda-runtime-trace-id: root=1-").doesNotContain("client-context").doesNotContain("tenant-id");
    }

    @Test
    void crashIsExitErrorAndEnvironmentIsReinitialised() {
        DeployedFunctionHandle f = h.deploy(Harness.multiRuntime());
        String pid1 = text(invoke(f, "pid"));
        HttpResponse<byte[]> r = invoke(f, "crash:3");
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(text(r)).contains("\"errorType\":\"Runtime.ExitError\"").contains("Runtime exited with error: exit status 3");
        String pid2 = text(invoke(f, "pid"));
        assertThat(pid2).isNotEqualTo(pid1);
        f.close();
    }

    @Test
    void timeoutIsSandboxTimedoutAndRuntimeIsKilled() {
        DeployedFunctionHandle f = h.deploy(Harness.multiRuntime(), Duration.ofSeconds(1), 1, Map.of());
        String pid1 = text(invoke(f, "pid"));
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = invoke(f, "sleep:30");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(text(r)).contains("\"errorType\":\"Sandbox.Timedout\"").contains("Task timed out after 1.00 seconds");
        Harness.await("old runtime to die", Duration.ofSeconds(5),
                () -> ProcessHandle.of(Long.parseLong(pid1)).map(p -> !p.isAlive()).orElse(true));
        assertThat(text(invoke(f, "pid"))).isNotEqualTo(pid1);
        f.close();
    }

    @Test
    void handledErrorKeepsTheEnvironment() {
        DeployedFunctionHandle f = h.deploy(Harness.multiRuntime());
        String pid1 = text(invoke(f, "pid"));
        invoke(f, "error");
        assertThat(text(invoke(f, "pid"))).isEqualTo(pid1);
        f.close();
    }

    @Test
    void initErrorIsReplayedToTheFirstInvocation() {
        DeployedFunctionHandle f = h.deploy(Harness.multiRuntime(), Duration.ofSeconds(3), 1, Map.of("INIT_MODE", "error"));
        HttpResponse<byte[]> r = invoke(f, "x");
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(text(r)).isEqualTo("{\"errorMessage\":\"init failed\",\"errorType\":\"Test.InitError\"}");
        assertThat(text(invoke(f, "x"))).contains("init failed"); // init is re-run for the next one
        f.close();
    }

    @Test
    void exitDuringInitIsExitError() {
        DeployedFunctionHandle f = h.deploy(Harness.multiRuntime(), Duration.ofSeconds(3), 1, Map.of("INIT_MODE", "exit:4"));
        HttpResponse<byte[]> r = invoke(f, "x");
        assertThat(text(r)).contains("Runtime.ExitError").contains("exit status 4");
        f.close();
    }

    @Test
    void missingBootstrapIsInvalidEntrypoint() {
        DeployedFunctionHandle f = h.deploy(null);
        HttpResponse<byte[]> r = invoke(f, "x");
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        assertThat(text(r)).contains("\"errorType\":\"Runtime.InvalidEntrypoint\"");
        f.close();
    }
}

package dev.lambdatck.refimpl.faults;

import dev.lambdatck.refimpl.environment.LambdaEnvironment;
import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;
import dev.lambdatck.refimpl.support.ExtScript;
import dev.lambdatck.refimpl.support.Harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.lambdatck.refimpl.support.ExtScript.awaitLine;
import static dev.lambdatck.refimpl.support.Harness.invoke;
import static dev.lambdatck.refimpl.support.Harness.invokeAsync;
import static dev.lambdatck.refimpl.support.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The FaultSwitchesTest checks of the extension faults (EXT-*): each passes conforming and fails with its fault. */
final class ExtensionFaultChecks {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String EXT = "ext e1 ";

    private ExtensionFaultChecks() {
    }

    interface FunctionCheck {
        void run(DeployedFunctionHandle f) throws Exception;
    }

    /** Deploys the multi runtime with the extension {@code e1}, runs {@code check}, undeploys. */
    static FaultSwitchesTest.Check with(String script, FunctionCheck check) {
        return with(Map.of("e1", script), check);
    }

    static FaultSwitchesTest.Check with(Map<String, String> extensions, FunctionCheck check) {
        return h -> {
            DeployedFunctionHandle f = h.deployWithExtensions(Duration.ofSeconds(3), Map.of(), extensions);
            try {
                check.run(f);
            } finally {
                f.close();
            }
        };
    }

    /** The extension environment a platform with {@code h}'s faults gives (host paths do not matter here). */
    static Map<String, String> extensionEnv(Harness h) {
        FunctionConfig fn = new FunctionConfig("env-check", null, Path.of("/nonexistent"), "tck.handler", Map.of(),
                Duration.ofSeconds(3), 128, List.of(), 1, null, null);
        return LambdaEnvironment.forExtension(LambdaEnvironment.build(fn, "127.0.0.1:9", LambdaEnvironment.PathView.LAMBDA,
                "2026/11/29/[$LATEST]0123", h.platform.faults()), "127.0.0.1:9", h.platform.faults());
    }

    static void addTo(Map<Fault, FaultSwitchesTest.Check> checks) {
        checks.put(Fault.EXTENSIONS_NOT_STARTED, with(ExtScript.simple("\"INVOKE\""), f -> {
            invokeAsync(f.invokeUrl(), "x".getBytes());
            assertThat(awaitLine(f, EXT + "register", WAIT)).contains(" 200 ");
        }));
        checks.put(Fault.LAUNCH_ERROR_IGNORED, h -> {
            Map<String, String> ext = new LinkedHashMap<>();
            ext.put("bad", null);
            with(ext, f -> assertThat(text(invoke(f, "x"))).contains("Extension.LaunchError")).run(h);
        });
        checks.put(Fault.REGISTER_BODY_WITHOUT_HANDLER, with(ExtScript.simple("\"INVOKE\""), f -> {
            invokeAsync(f.invokeUrl(), "x".getBytes());
            assertThat(awaitLine(f, EXT + "register", WAIT)).contains("\"handler\":\"function.handler\"")
                    .contains("\"functionName\":\"" + f.config().name() + "\"");
        }));
        checks.put(Fault.REGISTER_WITHOUT_NAME_ACCEPTED, with(ExtScript.of("\"INVOKE\"",
                "call POST register --data-binary '{\"events\":[\"INVOKE\"]}'; say noname $S $B", "", ":"), f -> {
            invokeAsync(f.invokeUrl(), "x".getBytes());
            assertThat(awaitLine(f, EXT + "noname", WAIT)).contains(" 403 ").contains("Extension.InvalidExtensionName");
        }));
        checks.put(Fault.ANY_EVENT_TYPE_ACCEPTED, with(ExtScript.of("\"INVOKE\"",
                "call POST register -H 'Lambda-Extension-Name: odd' --data-binary '{\"events\":[\"INVOKE\",\"BOGUS\"]}'; say badevent $S $B",
                "", ":"), f -> {
            invokeAsync(f.invokeUrl(), "x".getBytes());
            assertThat(awaitLine(f, EXT + "badevent", WAIT)).contains(" 403 ").contains("Extension.InvalidEventType");
        }));
        checks.put(Fault.NO_EXTENSION_LIMIT, with(ExtScript.of("\"INVOKE\"",
                "for i in 1 2 3 4 5 6 7 8 9 10 11; do call POST register -H \"Lambda-Extension-Name: n$i\""
                        + " --data-binary '{\"events\":[\"SHUTDOWN\"]}'; say reg$i $S $B; done", "", ":"), f -> {
            invokeAsync(f.invokeUrl(), "x".getBytes());
            assertThat(awaitLine(f, EXT + "reg11", WAIT)).contains(" 403 ").contains("Extension.TooManyExtensions");
            assertThat(awaitLine(f, EXT + "reg10", WAIT)).contains(" 200 ");
        }));
        checks.put(Fault.LATE_REGISTRATION_ACCEPTED, with(ExtScript.of("\"INVOKE\"", "", "",
                "call POST register -H 'Lambda-Extension-Name: late' --data-binary '{\"events\":[\"INVOKE\"]}'; say late $S $B"), f -> {
            invoke(f, "x");
            assertThat(awaitLine(f, EXT + "late", WAIT)).contains(" 403 ").contains("Extension.RegistrationClosed");
        }));
        checks.put(Fault.EVENT_NEXT_WITHOUT_ID_ACCEPTED, with(ExtScript.of("\"INVOKE\"",
                "TMO=2 call GET event/next; say noid $S $B; TMO=2 call GET event/next -H 'Lambda-Extension-Identifier: nope'; say badid $S $B",
                "", ":"), f -> {
            invokeAsync(f.invokeUrl(), "x".getBytes());
            assertThat(awaitLine(f, EXT + "noid", WAIT)).contains(" 403 ");
            assertThat(awaitLine(f, EXT + "badid", WAIT)).contains(" 403 ");
        }));
        checks.put(Fault.INVOKE_EVENT_DEADLINE_LATE, with(ExtScript.simple("\"INVOKE\""), f -> {
            String headers = text(invoke(f, "headers"));
            String deadline = headers.lines().filter(l -> l.toLowerCase().startsWith("lambda-runtime-deadline-ms:"))
                    .findFirst().orElseThrow().split(":\\s*")[1].trim();
            assertThat(awaitLine(f, EXT + "event 200", WAIT)).contains("\"deadlineMs\":" + deadline + ",");
        }));
        checks.put(Fault.INVOKE_EVENT_CARRIES_PAYLOAD, with(ExtScript.simple("\"INVOKE\""), f -> {
            invoke(f, "secret-payload-4711");
            assertThat(awaitLine(f, EXT + "event 200", WAIT)).contains("INVOKE").doesNotContain("secret-payload-4711");
        }));
        checks.put(Fault.INVOKE_TO_SHUTDOWN_ONLY, h -> {
            DeployedFunctionHandle f = h.deployWithExtensions(Duration.ofSeconds(3), Map.of(), Map.of("e1", ExtScript.simple("\"SHUTDOWN\"")));
            invoke(f, "one");
            invoke(f, "two");
            f.close(); // spindown: the SHUTDOWN event is the extension's first
            assertThat(awaitLine(f, EXT + "event", WAIT)).contains("SHUTDOWN").doesNotContain("INVOKE");
        });
        checks.put(Fault.NO_WAIT_FOR_EXTENSIONS, with(ExtScript.of("\"INVOKE\"", "", "", "sleep 1"), f -> {
            invoke(f, "warm");
            invoke(f, "a");
            long t0 = System.nanoTime();
            invoke(f, "b"); // not delivered before the extension called event/next after a's INVOKE (1 s later)
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(700));
        }));
        checks.put(Fault.NO_SHUTDOWN_EVENT, h -> {
            DeployedFunctionHandle f = h.deployWithExtensions(Duration.ofSeconds(3), Map.of(), Map.of("e1", ExtScript.simple(ExtScript.BOTH)));
            invoke(f, "x");
            f.close();
            String line = awaitLine(f, EXT + "event 200", WAIT); // the INVOKE
            assertThat(line).contains("INVOKE");
            Harness.await("the SHUTDOWN event", WAIT, () -> ExtScript.count(f, EXT + "event 200") == 2);
            assertThat(f.logs()).contains("\"eventType\":\"SHUTDOWN\",\"shutdownReason\":\"spindown\"");
        });
        checks.put(Fault.EXTENSION_ERROR_ANSWERS_200, with(ExtScript.of("\"INVOKE\"", "",
                "call POST exit/error -H \"Lambda-Extension-Identifier: $ID\" -H 'Lambda-Extension-Function-Error-Type: Extension.Test';"
                        + " say exiterror $S $B; exec sleep 30", ":"), f -> {
            invokeAsync(f.invokeUrl(), "x".getBytes());
            assertThat(awaitLine(f, EXT + "exiterror", WAIT)).contains(" 202 ");
        }));
        checks.put(Fault.CALLS_AFTER_EXIT_ERROR_ACCEPTED, with(ExtScript.of("\"INVOKE\"", "",
                "call POST exit/error -H \"Lambda-Extension-Identifier: $ID\" -H 'Lambda-Extension-Function-Error-Type: Extension.Test';"
                        + " TMO=2 call GET event/next -H \"Lambda-Extension-Identifier: $ID\"; say after $S $B; exec sleep 30", ":"), f -> {
            invokeAsync(f.invokeUrl(), "x".getBytes());
            assertThat(awaitLine(f, EXT + "after", WAIT)).contains(" 403 ");
        }));
        checks.put(Fault.EXTENSION_INIT_ERROR_IGNORED, with(ExtScript.of("\"INVOKE\"", "",
                "call POST init/error -H \"Lambda-Extension-Identifier: $ID\" -H 'Lambda-Extension-Function-Error-Type: Extension.TestInit';"
                        + " say initerror $S; exit 1", ":"), f -> {
            var r = invokeAsync(f.invokeUrl(), "x".getBytes()).get(10, TimeUnit.SECONDS);
            assertThat(r.headers().firstValue("X-Amz-Function-Error")).isPresent();
            assertThat(text(r)).contains("Extension.TestInit");
        }));
        checks.put(Fault.EXTENSION_API_ADDRESS_WITH_SCHEME, h -> assertThat(extensionEnv(h)).containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9"));
        checks.put(Fault.HANDLER_LEAKED_TO_EXTENSIONS, h -> assertThat(extensionEnv(h))
                .doesNotContainKeys("_HANDLER", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_EXECUTION_ENV")
                .containsKey("AWS_LAMBDA_FUNCTION_NAME"));
    }
}

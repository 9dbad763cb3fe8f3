package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How the runtime echoes Lambda-Runtime-Invocation-Id (chapter rtc-invid). */
class RuntimeInvocationIdTest {

    static Event plain(String text) {
        return Probes.text(text);
    }

    static String newId() {
        return "tck-invocation-" + UUID.randomUUID();
    }

    @RuleTest("RTC-INVID-001")
    void echoesTheInvocationId(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            String a = newId();
            RecordedRequest response = s.serve(plain("with an invocation id").invocationId(a));
            assertThat(response.header(Event.INVOCATION_ID)).as("%s on %s", Event.INVOCATION_ID, response).contains(a);
            String b = newId();
            RecordedRequest error = s.serve(Event.json(Script.of(Step.error("Function.TckScriptedError", "with an invocation id")).bytes()).invocationId(b));
            assertThat(error.header(Event.INVOCATION_ID)).as("%s on %s", Event.INVOCATION_ID, error).contains(b);
        }
    }

    @RuleTest("RTC-INVID-002")
    void inventsNoInvocationId(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            RecordedRequest response = s.serve(plain("without an invocation id"));
            assertThat(response.header(Event.INVOCATION_ID)).as("%s on %s for an event without one", Event.INVOCATION_ID, response).isEmpty();
        }
    }

    @RuleTest("RTC-INVID-003")
    void sendsNoStaleInvocationId(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            String a = newId();
            s.serve(plain("first, with an invocation id").invocationId(a));
            RecordedRequest without = s.serve(plain("second, without one"));
            assertThat(without.header(Event.INVOCATION_ID)).as("%s on the answer to a later invocation without one", Event.INVOCATION_ID)
                    .isNotEqualTo(java.util.Optional.of(a));
            String b = newId();
            RecordedRequest later = s.serve(plain("third, with another").invocationId(b));
            assertThat(later.wire().headers(Event.INVOCATION_ID)).as("%s values on the answer to the third invocation", Event.INVOCATION_ID)
                    .doesNotContain(a);
        }
    }
}

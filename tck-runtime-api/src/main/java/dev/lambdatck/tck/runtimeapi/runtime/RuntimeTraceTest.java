package dev.lambdatck.tck.runtimeapi.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.support.FixtureResult;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the runtime exposes the trace header through {@code _X_AMZN_TRACE_ID} (chapter rtc-trace): the
 * handler's {@code echo} step reports the variable it sees ({@code traceEnv}, null when unset).
 */
class RuntimeTraceTest {

    /** What the handler saw in {@code _X_AMZN_TRACE_ID} for an invocation with (or, for null, without) the trace header. */
    record Seen(String header, String variable) {
    }

    static Seen invoke(RuntimeSession s, String traceId) {
        Event e = Event.json(Script.of(Step.echo()).bytes());
        if (traceId == null) e.without(Event.TRACE_ID);
        else e.traceId(traceId);
        FixtureResult r = s.result(s.serve(e));
        JsonNode v = r.first("echo").path("traceEnv");
        if (r.first("echo").isMissingNode()) throw new AssertionError("the result document has no echo step result: " + r);
        return new Seen(traceId, v.isNull() || v.isMissingNode() ? null : v.asText());
    }

    static List<Seen> sequence(TargetDescriptor d, TckTimeouts t, String... traceIds) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            s.awaitFirstNext();
            List<Seen> out = new ArrayList<>();
            for (String id : traceIds) out.add(invoke(s, id));
            return out;
        }
    }

    /** The rules about clearing apply to a runtime that sets the variable; otherwise they are not applicable. */
    static void requireSetsVariable(List<Seen> seen) {
        if (seen.stream().noneMatch(x -> x.header() != null && x.header().equals(x.variable()))) {
            throw new NotApplicable("the runtime never set _X_AMZN_TRACE_ID to the invocation's trace header (see RTC-TRACE-001)");
        }
    }

    @RuleTest("RTC-TRACE-001")
    void setsTheTraceVariablePerInvocation(TargetDescriptor d, TckTimeouts t) {
        String a = Event.newTraceId();
        String b = Event.newTraceId();
        List<Seen> seen = sequence(d, t, a, b);
        assertThat(seen.get(0).variable()).as("_X_AMZN_TRACE_ID in the first invocation").isEqualTo(a);
        assertThat(seen.get(1).variable()).as("_X_AMZN_TRACE_ID in the second invocation").isEqualTo(b);
    }

    @RuleTest("RTC-TRACE-002")
    void neverShowsAPreviousTraceId(TargetDescriptor d, TckTimeouts t) {
        String a = Event.newTraceId();
        String c = Event.newTraceId();
        List<Seen> seen = sequence(d, t, a, null, c, c.replace("Sampled=0", "Sampled=1"));
        requireSetsVariable(seen);
        for (int i = 1; i < seen.size(); i++) {
            for (int j = 0; j < i; j++) {
                String earlier = seen.get(j).header();
                if (earlier == null || Objects.equals(earlier, seen.get(i).header())) continue;
                assertThat(seen.get(i).variable()).as("_X_AMZN_TRACE_ID in invocation %d must not be invocation %d's trace id", i + 1, j + 1)
                        .isNotEqualTo(earlier);
            }
        }
    }

    @RuleTest("RTC-TRACE-003")
    void absentHeaderClearsTheVariable(TargetDescriptor d, TckTimeouts t) {
        String a = Event.newTraceId();
        List<Seen> seen = sequence(d, t, a, null);
        requireSetsVariable(seen.subList(0, 1));
        assertThat(seen.get(1).variable()).as("_X_AMZN_TRACE_ID in an invocation without Lambda-Runtime-Trace-Id").isNotEqualTo(a);
    }

    @RuleTest("RTC-TRACE-004")
    void absentHeaderUnsetsTheVariable(TargetDescriptor d, TckTimeouts t) {
        String a = Event.newTraceId();
        List<Seen> seen = sequence(d, t, a, null);
        requireSetsVariable(seen.subList(0, 1));
        assertThat(seen.get(1).variable()).as("_X_AMZN_TRACE_ID in an invocation without Lambda-Runtime-Trace-Id (unset, not empty)").isNull();
    }
}

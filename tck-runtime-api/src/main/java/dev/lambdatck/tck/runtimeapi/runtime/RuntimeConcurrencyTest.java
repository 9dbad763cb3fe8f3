package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.Event;
import dev.lambdatck.tck.runtimeapi.support.Script;
import dev.lambdatck.tck.runtimeapi.support.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A runtime in a multi-concurrency environment (Lambda Managed Instances, chapter lmi-concurrency). */
class RuntimeConcurrencyTest {

    static final int CONCURRENCY = 3;

    /** Queues slow invocations and watches how many GET /next the runtime keeps outstanding. */
    private static int mostOutstanding(RuntimeSession s, TckTimeouts t, int events) {
        s.awaitFirstNext();
        s.api().awaitCondition(() -> s.api().waitingNext() > CONCURRENCY, t.quiet());
        List<Event> queued = new ArrayList<>();
        for (int i = 0; i < events; i++) queued.add(s.invoke(Script.of(Step.sleep(t.quiet().toMillis()), Step.respond())));
        for (Event e : queued) s.awaitAnswer(e);
        s.api().awaitCondition(() -> s.api().waitingNext() > CONCURRENCY, t.quiet());
        return s.api().maxWaitingNext();
    }

    @RuleTest("LMI-RT-001")
    void respectsTheConcurrencyLimit(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t, Map.of("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(CONCURRENCY)))) {
            assertThat(mostOutstanding(s, t, CONCURRENCY * 2)).as("most GET /next outstanding with AWS_LAMBDA_MAX_CONCURRENCY=%d", CONCURRENCY)
                    .isLessThanOrEqualTo(CONCURRENCY);
        }
        try (RuntimeSession s = RuntimeSession.start(d, t, java.util.Collections.singletonMap("AWS_LAMBDA_MAX_CONCURRENCY", null))) {
            assertThat(mostOutstanding(s, t, 2)).as("most GET /next outstanding without AWS_LAMBDA_MAX_CONCURRENCY").isLessThanOrEqualTo(1);
        }
    }

    @RuleTest("LMI-RT-002")
    void usesItsConcurrency(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t, Map.of("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(CONCURRENCY)))) {
            s.awaitFirstNext();
            boolean all = s.api().awaitCondition(() -> s.api().waitingNext() >= CONCURRENCY, t.invoke());
            assertThat(all).as("GET /next outstanding at once with AWS_LAMBDA_MAX_CONCURRENCY=%d (seen at most %d)",
                    CONCURRENCY, s.api().maxWaitingNext()).isTrue();
        }
    }
}

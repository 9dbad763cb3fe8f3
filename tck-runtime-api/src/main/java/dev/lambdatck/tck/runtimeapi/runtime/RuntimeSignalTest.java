package dev.lambdatck.tck.runtimeapi.runtime;

import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest.Kind.NEXT;
import static org.assertj.core.api.Assertions.assertThat;

/** How the runtime reacts to SIGTERM while it waits on GET /next (chapter rtc-sig). */
class RuntimeSignalTest {

    /** The shutdown budget the runtime gets before SIGKILL. */
    static final Duration BUDGET = Duration.ofMillis(300);

    /** Serves one event, then waits until the runtime is idle on its next GET /next; returns that request. */
    static RecordedRequest idle(RuntimeSession s) {
        s.awaitFirstNext();
        RecordedRequest answer = s.serve(Probes.text("before SIGTERM"));
        // any unanswered /next will do: one sent before the answer (RTC-LOOP-003's concern) is still a runtime idle on /next
        Optional<RecordedRequest> waiting = s.watch(r -> r.kind() == NEXT && !r.answered() && r != answer,
                s.timeouts().invoke());
        assertThat(waiting).as("the runtime must be waiting on GET /next after its result; %s", s.explain()).isPresent();
        // let any late post of the served invocation land before the signal
        s.api().awaitCondition(() -> false, s.timeouts().quiet());
        return waiting.get();
    }

    /** Attempts at SIG-001: one exit within the budget passes, so a busy test host does not fail a quick runtime. */
    static final int ATTEMPTS = 2;

    @RuleTest("RTC-SIG-001")
    void sigtermEndsTheRuntimeQuickly(TargetDescriptor d, TckTimeouts t) {
        List<String> misses = new java.util.ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (RuntimeSession s = RuntimeSession.start(d, t)) {
                idle(s);
                long sent = System.nanoTime();
                s.process().terminate();
                OptionalInt code = s.process().awaitExit(BUDGET);
                long took = (System.nanoTime() - sent) / 1_000_000;
                if (code.isPresent()) return;
                OptionalInt later = s.process().awaitExit(t.quiet());
                misses.add("attempt " + attempt + ": " + (later.isPresent() ? "exited after about " + (System.nanoTime() - sent) / 1_000_000 + " ms"
                        : "still running " + took + " ms after SIGTERM") + "; " + s.process().describe());
            }
        }
        throw new AssertionError("the runtime must exit within " + BUDGET.toMillis() + " ms of SIGTERM while idle on GET /next; "
                + String.join("\n", misses));
    }

    @RuleTest("RTC-SIG-002")
    void sigtermWhileIdlePostsNothing(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            RecordedRequest waiting = idle(s);
            long signalled = System.currentTimeMillis();
            s.process().terminate();
            s.process().awaitExit(BUDGET.plus(t.quiet()));
            Optional<RecordedRequest> post = s.watch(r -> r.isPost() && r.sequence() > waiting.sequence()
                    && r.receivedAtMs() >= signalled, t.quiet());
            assertThat(post).as("a post after SIGTERM while the runtime was idle").isEmpty();
        }
    }

    @RuleTest("RTC-SIG-003")
    void leavesNoChildrenBehind(TargetDescriptor d, TckTimeouts t) {
        try (RuntimeSession s = RuntimeSession.start(d, t)) {
            idle(s);
            List<ProcessHandle> children = s.process().descendants();
            s.process().terminate();
            if (s.process().awaitExit(BUDGET.plus(t.quiet())).isEmpty()) {
                throw new NotApplicable("the runtime did not exit on SIGTERM (RTC-SIG-001 judges that)");
            }
            if (children.isEmpty()) throw new NotApplicable("the runtime had no child processes when SIGTERM came");
            long end = System.nanoTime() + t.quiet().toNanos();
            while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
                try {
                    Thread.sleep(Math.max(1, t.poll().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<String> alive = children.stream().filter(ProcessHandle::isAlive)
                    .map(p -> p.pid() + " " + p.info().command().orElse("?")).toList();
            assertThat(alive).as("child processes still running after the runtime exited on SIGTERM").isEmpty();
        }
    }
}

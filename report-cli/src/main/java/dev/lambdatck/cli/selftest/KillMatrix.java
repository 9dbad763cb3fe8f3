package dev.lambdatck.cli.selftest;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.run.RuleFilter;
import dev.lambdatck.core.run.RunRequest;
import dev.lambdatck.core.run.TckRunner;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Shows that a suite really checks its rules: runs it clean (the baseline: everything must pass), then
 * once per seeded fault, and compares the rules whose tests failed with the rules the fault declares.
 * Runs go through the run engine ({@link TckRunner}), without retries, a few at a time; within a run the
 * test classes run concurrently (each class deploys its own functions), which keeps the matrix short.
 */
public final class KillMatrix {

    /**
     * Runs at a time. A suite run mostly waits (on runtimes, sleeps and deadlines; about a third of one core in a
     * platform run), so three at a time keep two cores busy without starving the timing-sensitive tests.
     */
    public static final int DEFAULT_PARALLELISM = 3;
    /** JUnit parameters for concurrent test classes within one run (methods of a class stay sequential). */
    static final Map<String, String> CONCURRENT_CLASSES = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "same_thread",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "6",
            "junit.jupiter.execution.parallel.config.fixed.max-pool-size", "6");

    private final FaultSource source;
    private final int parallelism;
    private final Consumer<String> progress;

    public KillMatrix(FaultSource source, int parallelism, Consumer<String> progress) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        this.source = source;
        this.parallelism = parallelism;
        this.progress = progress == null ? s -> { } : progress;
    }

    public MatrixResult run() {
        long t0 = System.nanoTime();
        List<SeededFault> faults = source.faults();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "kill-matrix-" + source.suite());
            t.setDaemon(true);
            return t;
        });
        try {
            Future<RunResults> baseline = pool.submit(() -> run(source.baseline()));
            Map<SeededFault, Future<RunResults>> runs = new LinkedHashMap<>();
            for (SeededFault f : faults) runs.put(f, pool.submit(() -> run(source.withFault(f))));

            RunResults clean = get(baseline);
            List<String> problems = baselineProblems(clean);
            if (!problems.isEmpty() && !clean.tests().isEmpty()) {
                // as for faults: a timing-sensitive test may fail once on a loaded machine; a real one fails again
                Set<String> rules = new TreeSet<>();
                for (TestResult t : clean.tests()) if (!passed(t)) rules.addAll(t.rules());
                List<String> again = baselineProblems(run(source.baseline().filter(new RuleFilter(rules, null, null, null))));
                progress.accept(source.suite() + " baseline: " + problems + " on the first run, "
                        + (again.isEmpty() ? "passed on the rerun" : again + " on the rerun"));
                problems = again;
            }
            progress.accept(source.suite() + " baseline: " + (problems.isEmpty() ? "passed" : problems.size() + " problems"));

            List<FaultRow> rows = new ArrayList<>();
            Set<String> killed = new TreeSet<>();
            for (Map.Entry<SeededFault, Future<RunResults>> e : runs.entrySet()) {
                SeededFault f = e.getKey();
                long started = System.nanoTime();
                RunResults r;
                try {
                    r = get(e.getValue());
                } catch (RuntimeException ex) {
                    rows.add(FaultRow.error(f, ex.getMessage(), 0));
                    continue;
                }
                long ms = durationOf(r, started);
                if (r.tests().stream().noneMatch(t -> t.outcome() == Outcome.PASS || t.outcome() == Outcome.FAIL)) {
                    rows.add(FaultRow.error(f, "nothing was verified: " + r.verdictReason(), ms));
                    continue;
                }
                List<String> failed = failedRules(r);
                FaultRow row = FaultRow.of(f, failed, source.unobservableRules(), ms);
                if (!row.exact() && !row.accepted()) {
                    // A timing-sensitive test can fail once on a loaded machine; a wrong declaration fails twice.
                    RunResults again = run(source.withFault(f));
                    FaultRow second = FaultRow.of(f, failedRules(again), source.unobservableRules(), durationOf(again, started));
                    progress.accept(source.suite() + " fault " + f.name() + ": " + row.verdict() + " " + row.failed()
                            + " on the first run, " + second.verdict() + " on the rerun");
                    if (second.exact()) {
                        row = second;
                        failed = second.failed();
                    }
                }
                // a rule counts as killed only by a fault that declares it: collateral failures prove nothing
                failed.stream().filter(f.declaredRules()::contains).forEach(killed::add);
                rows.add(row);
                progress.accept(source.suite() + " fault " + f.name() + ": " + row.verdict());
            }
            return new MatrixResult(source.suite(), problems.isEmpty(), problems, rows,
                    unkilled(RuleCatalogue.bundled(), clean, killed), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            pool.shutdownNow();
        }
    }

    private static RunResults run(RunRequest.Builder b) {
        return TckRunner.run(b.retryLimit(0).parameters(CONCURRENT_CLASSES).build());
    }

    private static boolean passed(TestResult t) {
        return t.outcome() == Outcome.PASS || t.outcome() == Outcome.NOT_APPLICABLE;
    }

    /** What keeps a clean run from being a baseline: any test that neither passed nor was not applicable. */
    static List<String> baselineProblems(RunResults clean) {
        List<String> problems = new ArrayList<>();
        for (TestResult t : clean.tests()) {
            if (!passed(t)) {
                problems.add(t.id() + ": " + t.outcome() + (t.message() == null ? "" : " " + t.message().lines().findFirst().orElse("")));
            }
        }
        if (clean.tests().isEmpty()) problems.add("no test ran: " + clean.verdictReason());
        return problems;
    }

    /** Rules cited by a test that failed or errored. */
    static List<String> failedRules(RunResults r) {
        Set<String> out = new TreeSet<>();
        for (TestResult t : r.tests()) {
            if (t.outcome() == Outcome.FAIL || t.outcome() == Outcome.ERROR || t.outcome() == Outcome.FLAKY) out.addAll(t.rules());
        }
        return new ArrayList<>(out);
    }

    /**
     * Automated MUST / MUST NOT rules binding the sides the suite's tests bind (platform, runtime, layers, ...) that no
     * fault made fail. By side, not by chapter: a chapter whose rules have no test at all must show up here too.
     */
    static List<String> unkilled(RuleCatalogue catalogue, RunResults clean, Set<String> killed) {
        Set<String> binds = new TreeSet<>();
        for (TestResult t : clean.tests()) {
            for (String id : t.rules()) catalogue.find(id).ifPresent(rule -> binds.add(rule.binds().text()));
        }
        List<String> out = new ArrayList<>();
        for (Rule rule : catalogue.rules()) {
            if (rule.isAutomated() && rule.level() != null && rule.level().isMandatory()
                    && binds.contains(rule.binds().text()) && !killed.contains(rule.id())) {
                out.add(rule.id());
            }
        }
        return out;
    }

    private static long durationOf(RunResults r, long fallbackStart) {
        try {
            return java.time.Duration.between(java.time.Instant.parse(r.startedAt()), java.time.Instant.parse(r.finishedAt())).toMillis();
        } catch (RuntimeException e) {
            return (System.nanoTime() - fallbackStart) / 1_000_000;
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException(c.getMessage(), c);
        }
    }
}

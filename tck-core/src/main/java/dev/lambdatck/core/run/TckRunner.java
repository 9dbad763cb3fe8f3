package dev.lambdatck.core.run;

import dev.lambdatck.core.junit.RuleTagFilter;
import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestResult;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.spec.Binds;
import dev.lambdatck.spec.Level;
import dev.lambdatck.spec.Rule;
import org.apiguardian.api.API;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs TCK suites through the JUnit Platform Launcher and turns what happened into {@link RunResults}.
 *
 * <p>Each suite is discovered and executed in its own launcher pass, so each gets a fresh target (the
 * run's {@code TargetContext} lives in the engine's root store). Failed tests are then run once more in
 * a second pass; a test that passes there is FLAKY. Listener auto-registration is off: only the
 * listeners in the request observe the run (Allure on the class path must not write files uninvited).
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class TckRunner {

    private TckRunner() {
    }

    /**
     * @throws IllegalArgumentException for a bad request (missing descriptor, bad timeout, bad
     *                                  expectations file): nothing has run yet
     */
    public static RunResults run(RunRequest request) {
        String startedAt = now();
        TargetDescriptor target = ResolvedTarget.resolve(request);
        Map<String, String> config = ConfigParameters.of(request, target);
        Expectations expectations = request.expectations() == null ? Expectations.none()
                : Expectations.read(request.expectations(), request.catalogue());
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());

        Map<TckSuite, TestPlan> plans = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TckSuite suite : request.suites()) {
            TestPlan plan = launcher.discover(discovery(suite.selectors(), forSuite(suite, config), request));
            plans.put(suite, plan);
            counts.put(suite.name(), (int) plan.countTestIdentifiers(t -> t.isTest()));
        }
        request.listener().discovered(counts);

        List<ResultCollector.Collected> collected = new ArrayList<>();
        for (Map.Entry<TckSuite, TestPlan> e : plans.entrySet()) {
            String name = e.getKey().name();
            request.listener().suiteStarted(name);
            ResultCollector collector = new ResultCollector(name, request.listener(), false);
            launcher.execute(e.getValue(), listeners(collector, request));
            collected.addAll(collector.results());
            request.listener().suiteFinished(name);
        }

        List<String> targetFailures = targetFailures(request.suites(), collected);
        List<TestResult> tests = retry(launcher, config, request, collected, targetFailures);
        tests.sort(Comparator.comparingInt((TestResult t) -> suiteIndex(request.suites(), t.suite())).thenComparing(TestResult::id));

        Set<Binds> binds = EnumSet.noneOf(Binds.class);
        for (TckSuite s : request.suites()) binds.addAll(s.binds());
        List<Rule> scope = RuleAggregator.scope(request.catalogue(), binds, request.filter(), tests);
        List<RuleResult> rules = new RuleAggregator(expectations, request.waivers()).aggregate(scope, tests);
        VerdictCalculator.Decision decision = request.suites().isEmpty()
                ? new VerdictCalculator.Decision(dev.lambdatck.core.results.Verdict.VOID, "no TCK suite was selected or found on the class path")
                : VerdictCalculator.decide(rules, tests, targetFailures, request.strict());

        return new RunResults(RunResults.SCHEMA_VERSION, RunMetadata.tckVersion(), request.catalogue().specVersion(),
                startedAt, now(), ResolvedTarget.asMap(target, request), RunMetadata.environment(),
                request.suites().stream().map(TckSuite::name).toList(), decision.verdict(), decision.reason(),
                VerdictCalculator.summary(rules), rules, tests);
    }

    /** Prefix of per-suite overrides: {@code lambdatck.suite.runtime.target} replaces {@code lambdatck.target} for that suite. */
    public static final String SUITE_PREFIX = "lambdatck.suite.";

    /**
     * The configuration of one suite's launcher pass: the run's parameters, with {@code lambdatck.suite.NAME.X}
     * overriding {@code lambdatck.X}. A platform run uses it to give the runtime suite its runtime under test.
     */
    static Map<String, String> forSuite(TckSuite suite, Map<String, String> config) {
        String prefix = SUITE_PREFIX + suite.name() + ".";
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (!k.startsWith(SUITE_PREFIX)) out.put(k, v);
        });
        config.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put("lambdatck." + k.substring(prefix.length()), v);
        });
        return out;
    }

    private static LauncherDiscoveryRequest discovery(List<? extends DiscoverySelector> selectors, Map<String, String> config,
                                                      RunRequest request) {
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors).configurationParameters(config);
        RuleFilter f = request.filter();
        if (!f.isEmpty()) {
            // validates the values too: an unknown rule, level, capability or chapter is an IllegalArgumentException
            b.filters(RuleTagFilter.of(request.catalogue(), f.rules(), f.levels().stream().map(Level::text).toList(),
                    f.capabilities(), f.chapters()));
        }
        return b.build();
    }

    private static TestExecutionListener[] listeners(ResultCollector collector, RunRequest request) {
        List<TestExecutionListener> l = new ArrayList<>();
        l.add(collector);
        l.addAll(request.listeners());
        return l.toArray(TestExecutionListener[]::new);
    }

    /** A suite whose every executed test is an ERROR caused by the target never got a target to test. */
    static List<String> targetFailures(List<TckSuite> suites, List<ResultCollector.Collected> collected) {
        List<String> out = new ArrayList<>();
        for (TckSuite s : suites) {
            List<ResultCollector.Collected> mine = collected.stream().filter(c -> c.result().suite().equals(s.name())).toList();
            boolean anyVerdict = mine.stream().anyMatch(c -> c.result().outcome() == Outcome.PASS || c.result().outcome() == Outcome.FAIL);
            ResultCollector.Collected firstTargetError = mine.stream().filter(ResultCollector.Collected::targetError).findFirst().orElse(null);
            if (!anyVerdict && firstTargetError != null) {
                String msg = firstTargetError.result().message();
                out.add("suite " + s.name() + ": the target never started or could not be reached: "
                        + (msg == null ? "" : msg.lines().findFirst().orElse("")));
            }
        }
        return out;
    }

    private static List<TestResult> retry(Launcher launcher, Map<String, String> config, RunRequest request,
                                          List<ResultCollector.Collected> first, List<String> targetFailures) {
        List<ResultCollector.Collected> failed = first.stream()
                .filter(c -> c.result().outcome() == Outcome.FAIL || c.result().outcome() == Outcome.ERROR)
                .filter(c -> !c.targetError())
                .toList();
        Map<String, TestResult> byUid = new LinkedHashMap<>();
        for (ResultCollector.Collected c : first) byUid.put(c.uniqueId(), c.result());
        if (failed.isEmpty() || failed.size() > request.retryLimit() || !targetFailures.isEmpty()) {
            return new ArrayList<>(byUid.values());
        }
        request.listener().retryStarted(failed.size());
        for (TckSuite suite : request.suites()) {
            List<DiscoverySelector> selectors = failed.stream().filter(c -> c.result().suite().equals(suite.name()))
                    .map(c -> (DiscoverySelector) DiscoverySelectors.selectUniqueId(c.uniqueId())).toList();
            if (selectors.isEmpty()) continue;
            ResultCollector collector = new ResultCollector(suite.name(), request.listener(), true);
            LauncherDiscoveryRequest again = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectors).configurationParameters(forSuite(suite, config)).build();
            launcher.execute(launcher.discover(again), listeners(collector, request));
            for (ResultCollector.Collected c : collector.results()) {
                TestResult before = byUid.get(c.uniqueId());
                if (before == null) continue;
                TestResult after = c.result().outcome() == Outcome.PASS ? flaky(before, c.result()) : before;
                byUid.put(c.uniqueId(), after);
                request.listener().retryFinished(after);
            }
        }
        return new ArrayList<>(byUid.values());
    }

    /** Keeps the first attempt's evidence (it shows the failure) and says that a retry passed. */
    private static TestResult flaky(TestResult first, TestResult retried) {
        String msg = "passed only on retry; first attempt " + first.outcome() + ": " + first.message();
        return new TestResult(first.id(), first.suite(), first.displayName(), first.rules(), Outcome.FLAKY,
                first.durationMs() + retried.durationMs(), ResultCollector.firstLines(msg), first.evidence());
    }

    private static int suiteIndex(List<TckSuite> suites, String name) {
        for (int i = 0; i < suites.size(); i++) if (suites.get(i).name().equals(name)) return i;
        return suites.size();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}

package dev.lambdatck.core.run;

import dev.lambdatck.spec.RuleCatalogue;
import org.apiguardian.api.API;
import org.junit.platform.launcher.TestExecutionListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one run needs. Build it with {@link #builder()}; every field has a sensible default except
 * the suites.
 *
 * @param target        adapter name or path of a target descriptor YAML ({@code lambdatck.target})
 * @param capabilities  capabilities the target declares, overriding its descriptor; {@code null} = keep them
 * @param options       target options ({@code lambdatck.option.K}), e.g. {@code faults}
 * @param timeouts      {@code lambdatck.timeout.<name>} values, e.g. {@code test -> 30s}
 * @param fixture       absolute path of the fixture runtime's bootstrap ({@code lambdatck.fixture}); may be null
 * @param parameters    further JUnit configuration parameters, passed as given
 * @param expectations  the target's expectations file; may be null
 * @param strict        an UNEXPECTED_PASS makes the run NOT_CONFORMANT
 * @param retryLimit    failed tests are retried once when there are at most this many (0 = never retry);
 *                      a target failing more than that is broken, not flaky, and retrying would only double the wait
 * @param listeners     extra JUnit listeners (e.g. Allure's), attached to every launcher pass
 */
@API(status = API.Status.STABLE, since = "0.1")
public record RunRequest(List<TckSuite> suites, String target, List<String> capabilities, Map<String, String> options,
                         Map<String, String> timeouts, Path fixture, Map<String, String> parameters, RuleFilter filter,
                         Path expectations, boolean strict, int retryLimit, RunListener listener,
                         List<TestExecutionListener> listeners, RuleCatalogue catalogue, Waivers waivers) {

    public static final int DEFAULT_RETRY_LIMIT = 25;

    public RunRequest {
        suites = List.copyOf(suites);
        target = target == null || target.isBlank() ? "embedded" : target;
        capabilities = capabilities == null ? null : List.copyOf(capabilities);
        options = Map.copyOf(options == null ? Map.of() : options);
        timeouts = Map.copyOf(timeouts == null ? Map.of() : timeouts);
        parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
        filter = filter == null ? RuleFilter.ALL : filter;
        listener = listener == null ? RunListener.NONE : listener;
        listeners = List.copyOf(listeners == null ? List.of() : listeners);
        catalogue = catalogue == null ? RuleCatalogue.bundled() : catalogue;
        waivers = waivers == null ? Waivers.bundled() : waivers;
        if (retryLimit < 0) throw new IllegalArgumentException("retryLimit must be >= 0");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A mutable builder; {@link #build()} validates nothing beyond nulls, the runner checks the rest. */
    public static final class Builder {
        private final List<TckSuite> suites = new ArrayList<>();
        private String target = "embedded";
        private List<String> capabilities;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Map<String, String> timeouts = new LinkedHashMap<>();
        private Path fixture;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private RuleFilter filter = RuleFilter.ALL;
        private Path expectations;
        private boolean strict;
        private int retryLimit = DEFAULT_RETRY_LIMIT;
        private RunListener listener = RunListener.NONE;
        private final List<TestExecutionListener> listeners = new ArrayList<>();
        private RuleCatalogue catalogue;
        private Waivers waivers;

        public Builder suites(List<TckSuite> s) { suites.addAll(s); return this; }
        public Builder suite(TckSuite s) { suites.add(s); return this; }
        public Builder target(String t) { target = t; return this; }
        public Builder capabilities(List<String> c) { capabilities = c; return this; }
        public Builder option(String k, String v) { options.put(k, v); return this; }
        public Builder options(Map<String, String> o) { options.putAll(o); return this; }
        public Builder timeout(String name, String value) { timeouts.put(name, value); return this; }
        public Builder timeouts(Map<String, String> t) { timeouts.putAll(t); return this; }
        public Builder fixture(Path p) { fixture = p; return this; }
        public Builder parameter(String k, String v) { parameters.put(k, v); return this; }
        public Builder parameters(Map<String, String> p) { parameters.putAll(p); return this; }
        public Builder filter(RuleFilter f) { filter = Objects.requireNonNull(f); return this; }
        public Builder expectations(Path p) { expectations = p; return this; }
        public Builder strict(boolean s) { strict = s; return this; }
        public Builder retryLimit(int n) { retryLimit = n; return this; }
        public Builder listener(RunListener l) { listener = Objects.requireNonNull(l); return this; }
        public Builder junitListener(TestExecutionListener l) { listeners.add(l); return this; }
        public Builder catalogue(RuleCatalogue c) { catalogue = c; return this; }
        public Builder waivers(Waivers w) { waivers = w; return this; }

        public RunRequest build() {
            return new RunRequest(suites, target, capabilities, options, timeouts, fixture, parameters, filter,
                    expectations, strict, retryLimit, listener, listeners, catalogue, waivers);
        }
    }
}

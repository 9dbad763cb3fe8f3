package dev.lambdatck.core.run;

import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.junit.TargetContext;
import dev.lambdatck.core.target.TargetDescriptor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The JUnit configuration parameters of a run, as {@link TargetContext} and the suites read them. */
final class ConfigParameters {

    static final String FIXTURE = "lambdatck.fixture";
    static final String OPTIONS = "lambdatck.options";
    static final String TIMEOUT_PREFIX = "lambdatck.timeout.";
    static final Set<String> TIMEOUT_NAMES = Set.of("start", "invoke", "poll", "quiet", "test");

    private ConfigParameters() {
    }

    static Map<String, String> of(RunRequest request, TargetDescriptor resolved) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TargetContext.TARGET, ResolvedTarget.targetParameter(request.target()));
        if (request.capabilities() != null) m.put(TargetContext.CAPABILITIES, String.join(",", request.capabilities()));
        Map<String, String> options = new TreeMap<>(request.options());
        if (!options.isEmpty()) {
            m.put(OPTIONS, String.join(",", options.keySet()));
            options.forEach((k, v) -> m.put(TargetContext.OPTION_PREFIX + k, v));
        }
        request.timeouts().forEach((name, value) -> {
            if (!TIMEOUT_NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown timeout '" + name + "' (known: " + new java.util.TreeSet<>(TIMEOUT_NAMES) + ")");
            }
            TckTimeouts.parse(name, value); // fails early with a clear message
            m.put(TIMEOUT_PREFIX + name, value);
        });
        if (request.fixture() != null) m.put(FIXTURE, request.fixture().toAbsolutePath().normalize().toString());
        TckTimeouts timeouts = TckTimeouts.resolve(k -> Optional.ofNullable(m.get(k)), System.getenv(), resolved.timeouts());
        // a hung target ends the test, not the run; lifecycle methods get the same bound
        String perTest = timeouts.test().toMillis() + " ms";
        m.put("junit.jupiter.execution.timeout.testable.method.default", perTest);
        m.put("junit.jupiter.execution.timeout.default", perTest);
        m.put("junit.jupiter.execution.parallel.enabled", "false");
        m.putAll(request.parameters());
        return m;
    }
}

package dev.lambdatck.core;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * All timing of the TCK in one place (the Reactive Streams TCK lesson). Each value is resolved with this
 * precedence, first found wins: JUnit configuration parameter {@code lambdatck.timeout.<name>} (set by
 * the CLI flag {@code --timeout name=duration}), environment variable {@code LAMBDA_TCK_TIMEOUT_<NAME>},
 * the target descriptor's {@code timeouts:} map, the default here. Durations are ISO-8601
 * ({@code PT5S}) or a number with a unit ({@code 500ms}, {@code 5s}, {@code 2m}).
 *
 * @param start   how long a target or runtime may take to come up
 * @param invoke  how long one invocation may take end to end, beyond its function timeout
 * @param poll    interval between polls while waiting for a condition
 * @param quiet   how long to watch for something that must NOT happen (e.g. a second /next)
 * @param test    hard limit for one test; a hung target ends the test, not the run
 */
@API(status = API.Status.STABLE, since = "0.1")
public record TckTimeouts(Duration start, Duration invoke, Duration poll, Duration quiet, Duration test) {

    public static final TckTimeouts DEFAULTS = new TckTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(15),
            Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofSeconds(60));

    public static TckTimeouts resolve(Function<String, Optional<String>> configParameters,
                                      Map<String, String> environment, Map<String, String> descriptorTimeouts) {
        return new TckTimeouts(
                one("start", DEFAULTS.start, configParameters, environment, descriptorTimeouts),
                one("invoke", DEFAULTS.invoke, configParameters, environment, descriptorTimeouts),
                one("poll", DEFAULTS.poll, configParameters, environment, descriptorTimeouts),
                one("quiet", DEFAULTS.quiet, configParameters, environment, descriptorTimeouts),
                one("test", DEFAULTS.test, configParameters, environment, descriptorTimeouts));
    }

    private static Duration one(String name, Duration dflt, Function<String, Optional<String>> config,
                                Map<String, String> env, Map<String, String> descriptor) {
        Optional<String> v = config.apply("lambdatck.timeout." + name);
        if (v.isEmpty()) v = Optional.ofNullable(env.get("LAMBDA_TCK_TIMEOUT_" + name.toUpperCase(java.util.Locale.ROOT)));
        if (v.isEmpty() && descriptor != null) v = Optional.ofNullable(descriptor.get(name));
        return v.map(s -> parse(name, s)).orElse(dflt);
    }

    /** Parses {@code PT5S}, {@code 5s}, {@code 500ms}, {@code 2m}; a bare number means seconds. */
    public static Duration parse(String name, String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            if (s.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000));
            if (s.endsWith("m")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()) * 60);
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("timeout '" + name + "': cannot read '" + text
                    + "' as a duration (examples: 500ms, 5s, 2m, PT5S)", e);
        }
    }

    /** Scales the invoke allowance for a function with the given timeout. */
    public Duration invokeFor(Duration functionTimeout) {
        return functionTimeout.plus(invoke);
    }
}

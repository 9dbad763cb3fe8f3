package dev.lambdatck.core.run;

import dev.lambdatck.core.results.TestResult;
import org.apiguardian.api.API;

import java.util.Map;

/**
 * Progress of a run, for a console or a UI. Called on the thread that runs the tests; implementations
 * must be quick and must not throw.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface RunListener {

    RunListener NONE = new RunListener() { };

    /** Discovery is done: how many tests each suite will run, in run order. */
    default void discovered(Map<String, Integer> testsPerSuite) { }

    default void suiteStarted(String suite) { }

    /** One test ended (first attempt). */
    default void testFinished(TestResult result) { }

    /** A test class (or other container) ended in the given suite. */
    default void containerFinished(String suite, String displayName) { }

    default void suiteFinished(String suite) { }

    /** Failed tests are about to be run once more. */
    default void retryStarted(int tests) { }

    /** The outcome of a retried test (FLAKY when it passed, otherwise its first outcome). */
    default void retryFinished(TestResult result) { }
}

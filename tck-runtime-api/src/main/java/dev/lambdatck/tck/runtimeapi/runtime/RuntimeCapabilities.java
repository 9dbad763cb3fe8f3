package dev.lambdatck.tck.runtimeapi.runtime;

/**
 * Capabilities a runtime target declares for the runtime suite, besides those of the catalogue
 * ({@link dev.lambdatck.core.target.Capabilities}).
 */
public final class RuntimeCapabilities {

    /**
     * The runtime is a fixture runtime (spec/fixture-protocol.md): it runs every step of a script, including
     * the fixture-only ones ({@code stream}, {@code http}, {@code list}, {@code read}, {@code exec}, steps after
     * the answer step) and the {@code TCK_FIXTURE_INIT} start-up modes. A language client with a conformance
     * handler runs only the handler-level steps; tests that need more are NOT_APPLICABLE for it.
     */
    public static final String FIXTURE_PROTOCOL = "fixture-protocol";

    private RuntimeCapabilities() {
    }
}

package dev.lambdatck.refimpl.invoke;

import dev.lambdatck.refimpl.http.Json;

/**
 * How an invocation failed, as the invoker will see it.
 *
 * @param errorType   the error type (Runtime.ExitError, Sandbox.Timedout, the runtime's own type, ...)
 * @param body        the body the invoker receives
 * @param contentType content type of {@code body}
 * @param flagged     false only under faults that report a failure as a plain 200 (no X-Amz-Function-Error)
 */
public record FunctionError(String errorType, byte[] body, String contentType, boolean flagged) {

    public static final String EXIT_ERROR = "Runtime.ExitError";
    public static final String TIMEDOUT = "Sandbox.Timedout";
    public static final String INVALID_ENTRYPOINT = "Runtime.InvalidEntrypoint";
    public static final String RESPONSE_TOO_LARGE = "Function.ResponseSizeTooLarge";
    public static final String TRUNCATED_RESPONSE = "Runtime.TruncatedResponse";
    public static final String INVALID_RESPONSE_MODE = "Runtime.InvalidResponseModeHeader";

    /** An error the platform itself reports: {@code {"errorMessage":"RequestId: ID Error: MSG","errorType":T}}. */
    public static FunctionError platform(String requestId, String errorType, String message) {
        return new FunctionError(errorType, Json.error(errorType, "RequestId: " + requestId + " Error: " + message),
                "application/json", true);
    }

    /** True for the error types the platform itself reports (not an error the runtime posted to /error). */
    public boolean platformDetected() {
        return java.util.Set.of(EXIT_ERROR, TIMEDOUT, INVALID_ENTRYPOINT, RESPONSE_TOO_LARGE, TRUNCATED_RESPONSE,
                INVALID_RESPONSE_MODE, "Sandbox.Failure").contains(errorType);
    }

    /** A failure reported without the function-error flag (used only by faults). */
    public static FunctionError unflagged(String errorType, byte[] body, String contentType) {
        return new FunctionError(errorType, body, contentType, false);
    }
}

package dev.lambdatck.refimpl.environment;

/** The environment could not be prepared or started; {@link #errorType()} is what the invoker sees. */
public class EnvironmentException extends RuntimeException {

    private final String errorType;

    public EnvironmentException(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public EnvironmentException(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}

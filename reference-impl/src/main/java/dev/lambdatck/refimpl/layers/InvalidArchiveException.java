package dev.lambdatck.refimpl.layers;

/**
 * A function package or layer was refused: not a zip, hostile entries, or over a limit. {@link #errorType()} is the
 * AWS error code a control plane would answer with (e.g. {@code InvalidParameterValueException}).
 */
public class InvalidArchiveException extends RuntimeException {

    /** AWS answers every archive problem at CreateFunction/PublishLayerVersion with this code. */
    public static final String INVALID_PARAMETER = "InvalidParameterValueException";

    private final String errorType;

    public InvalidArchiveException(String message) {
        this(INVALID_PARAMETER, message, null);
    }

    public InvalidArchiveException(String message, Throwable cause) {
        this(INVALID_PARAMETER, message, cause);
    }

    public InvalidArchiveException(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}

package dev.qsafe.relay;

/**
 * A relay refused a request or could not be reached after the client's retries: the HTTP status
 * (0 when no answer came), the relay's error code and its message.
 */
public final class RelayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public RelayException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public RelayException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = "unreachable";
    }

    /** The HTTP status, or 0 when the relay did not answer. */
    public int status() {
        return status;
    }

    /** The relay's error code ({@code "queue_full"}, {@code "bad_signature"}, ...). */
    public String code() {
        return code;
    }
}

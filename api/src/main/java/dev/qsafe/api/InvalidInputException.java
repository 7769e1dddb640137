package dev.qsafe.api;

/**
 * Input other than a key is malformed: truncated or oversized data, a wrong nonce length, a bad
 * parameter such as a signature context that is too long.
 *
 * @since 0.1.0
 */
public class InvalidInputException extends QSafeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and how to fix it; never secret bytes */
    public InvalidInputException(String message) {
        super(message);
    }

    /** @param message what failed and how to fix it; never secret bytes
     *  @param cause the underlying failure */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

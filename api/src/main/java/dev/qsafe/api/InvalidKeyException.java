package dev.qsafe.api;

/**
 * A key is malformed, of the wrong length, of another algorithm, or destroyed.
 *
 * @since 0.1.0
 */
public class InvalidKeyException extends QSafeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and how to fix it; never secret bytes */
    public InvalidKeyException(String message) {
        super(message);
    }

    /** @param message what failed and how to fix it; never secret bytes
     *  @param cause the underlying failure */
    public InvalidKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}

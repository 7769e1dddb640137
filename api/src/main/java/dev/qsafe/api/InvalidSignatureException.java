package dev.qsafe.api;

/**
 * A signature did not verify (wrong key, message, context or a malformed signature).
 *
 * @since 0.1.0
 */
public class InvalidSignatureException extends QSafeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and how to fix it; never secret bytes */
    public InvalidSignatureException(String message) {
        super(message);
    }

    /** @param message what failed and how to fix it; never secret bytes
     *  @param cause the underlying failure */
    public InvalidSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}

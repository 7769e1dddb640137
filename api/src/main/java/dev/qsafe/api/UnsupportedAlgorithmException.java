package dev.qsafe.api;

/**
 * An algorithm is unknown, not allowed, or has no available engine. The message names the algorithm
 * and what was tried; the failures of the engines that were tried are attached as suppressed exceptions.
 *
 * @since 0.1.0
 */
public class UnsupportedAlgorithmException extends QSafeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and how to fix it; never secret bytes */
    public UnsupportedAlgorithmException(String message) {
        super(message);
    }

    /** @param message what failed and how to fix it; never secret bytes
     *  @param cause the underlying failure */
    public UnsupportedAlgorithmException(String message, Throwable cause) {
        super(message, cause);
    }
}

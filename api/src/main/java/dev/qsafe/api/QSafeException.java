package dev.qsafe.api;

/**
 * The root of every error qsafe reports. Unchecked; the subclasses say what kind of thing went wrong.
 * Messages say what failed and how to fix it and never contain secret bytes.
 *
 * @since 0.1.0
 */
public class QSafeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and how to fix it; never secret bytes */
    public QSafeException(String message) {
        super(message);
    }

    /** @param message what failed and how to fix it; never secret bytes
     *  @param cause the underlying failure */
    public QSafeException(String message, Throwable cause) {
        super(message, cause);
    }
}

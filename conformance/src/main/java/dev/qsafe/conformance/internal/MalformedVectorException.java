package dev.qsafe.conformance.internal;

import dev.qsafe.api.QSafeException;

/**
 * A file that matched a vector schema breaks it: a missing or mistyped field, bad hex, a value over the
 * size limits, an unreadable or oversized file. The runner reports the file as malformed; it is raised
 * only while reading and parsing, never while engines run, so it cannot pass for an engine's rejection.
 */
public final class MalformedVectorException extends QSafeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, and where */
    public MalformedVectorException(String message) {
        super(message);
    }

    /** @param message what is wrong, and where
     *  @param cause the underlying failure */
    public MalformedVectorException(String message, Throwable cause) {
        super(message, cause);
    }
}

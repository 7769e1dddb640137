package dev.qsafe.conformance.internal;

/**
 * An engine's output differs from the vector's. Deliberately not a {@link dev.qsafe.api.QSafeException}:
 * a wrong answer must never count as the rejection an invalid case expects.
 */
final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
        super(message, null, false, false);
    }
}

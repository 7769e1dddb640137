package dev.qsafe.runtime.keys;

import dev.qsafe.api.InvalidInputException;

/**
 * An identity file (see {@link IdentityFiles}) is malformed or inconsistent: not JSON, an unknown
 * format or version, a missing, extra or wrongly typed field, a key that does not match its key id or
 * its suite, an out-of-bounds size or cost. {@link #field()} names the offending field.
 *
 * @since 0.1.0
 */
public final class IdentityFileException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** The JSON path of the offending field, e.g. {@code keys.kem.publicKey}; {@code (file)} for the whole file. */
    private final String field;

    IdentityFileException(String field, String message) {
        super("identity file: " + field + ": " + message);
        this.field = field;
    }

    IdentityFileException(String field, String message, Throwable cause) {
        super("identity file: " + field + ": " + message, cause);
        this.field = field;
    }

    /** The JSON path of the offending field, e.g. {@code keys.kem.publicKey}, or {@code (file)}. */
    public String field() {
        return field;
    }
}

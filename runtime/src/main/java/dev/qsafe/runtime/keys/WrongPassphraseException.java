package dev.qsafe.runtime.keys;

import dev.qsafe.api.QSafeException;

/**
 * A protected identity file did not open: the passphrase is wrong, or the file's protected contents or
 * authenticated header fields were modified. The two cannot be told apart, so the message is always
 * {@value #MESSAGE}.
 *
 * @since 0.1.0
 */
public final class WrongPassphraseException extends QSafeException {
    private static final long serialVersionUID = 1L;

    /** The one message this exception carries. */
    public static final String MESSAGE = "wrong passphrase or modified identity file";

    WrongPassphraseException(Throwable cause) {
        super(MESSAGE, cause);
    }
}

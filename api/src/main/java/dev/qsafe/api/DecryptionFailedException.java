package dev.qsafe.api;

/**
 * Authenticated decryption failed. Whatever was wrong (key, nonce, ciphertext, tag, associated data),
 * the message is the same, and no part of the plaintext is released.
 *
 * @since 0.1.0
 */
public class DecryptionFailedException extends QSafeException {
    private static final long serialVersionUID = 1L;

    /** The one message every decryption failure carries. */
    public static final String MESSAGE = "decryption failed: the data was not sealed for this key, or it was modified";

    /** Creates the uniform decryption failure. */
    public DecryptionFailedException() {
        super(MESSAGE);
    }

    /** Creates the uniform decryption failure, keeping the cause for debugging (its message may differ). */
    public DecryptionFailedException(Throwable cause) {
        super(MESSAGE, cause);
    }
}

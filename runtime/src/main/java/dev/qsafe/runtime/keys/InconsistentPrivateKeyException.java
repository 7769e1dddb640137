package dev.qsafe.runtime.keys;

import dev.qsafe.api.InvalidKeyException;

/**
 * A PKCS#8 ML-KEM or ML-DSA private key in the {@code both} form (RFC 9935, RFC 9881) whose
 * {@code expandedKey} is not the one its {@code seed} derives. The two RFCs require a receiver to
 * check this (or to use only the seed); a key that fails it was corrupted or assembled from two keys,
 * and is refused rather than used with either half.
 *
 * @since 0.1.0
 */
public final class InconsistentPrivateKeyException extends InvalidKeyException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed; never secret bytes */
    public InconsistentPrivateKeyException(String message) {
        super(message);
    }
}

package dev.qsafe.runtime.keys;

import dev.qsafe.api.InvalidKeyException;
import java.util.Objects;

/**
 * An envelope was sealed to a key of this identity that no longer opens: a {@linkplain KeyStatus#RETIRED
 * retired} key (its private key is kept, unused; the owner can make it active again) or a
 * {@linkplain KeyStatus#DESTROYED destroyed} one (its private key is gone).
 *
 * @since 0.1.0
 */
public final class KeyStatusException extends InvalidKeyException {
    private static final long serialVersionUID = 1L;

    private final String keyId;
    private final KeyStatus status;

    KeyStatusException(String keyId, KeyStatus status, String message) {
        super(message);
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.status = Objects.requireNonNull(status, "status");
    }

    /** The id of the key concerned. */
    public String keyId() {
        return keyId;
    }

    /** Its status. */
    public KeyStatus status() {
        return status;
    }
}

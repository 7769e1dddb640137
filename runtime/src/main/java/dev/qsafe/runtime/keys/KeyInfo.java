package dev.qsafe.runtime.keys;

import dev.qsafe.api.PublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an identity says about one KEM key of its keyset: the public key (and so its id), its status and
 * when it was made. No private key.
 *
 * @param publicKey the KEM public key
 * @param status    its life-cycle state
 * @param created   when it was generated (whole seconds, UTC); empty for the key of an identity written
 *                  before keysets, whose files did not record it
 * @since 0.1.0
 */
public record KeyInfo(PublicKey publicKey, KeyStatus status, Optional<Instant> created) {
    /** Checks the fields are present. */
    public KeyInfo {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
    }

    /** The key id, as envelopes name their recipient key. */
    public String keyId() {
        return publicKey.keyId();
    }

    KeyInfo withStatus(KeyStatus s) {
        return new KeyInfo(publicKey, s, created);
    }
}

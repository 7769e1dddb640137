package dev.qsafe.runtime.keys;

import java.util.Locale;
import java.util.Optional;

/**
 * The life-cycle state of one KEM key of an identity's keyset (see {@code docs/KEYS.md}, "Keysets"). The
 * states follow Tink's keyset model: {@link #PRIMARY} is Tink's primary key, {@link #ACTIVE} an
 * {@code ENABLED} key, {@link #RETIRED} a {@code DISABLED} key and {@link #DESTROYED} a {@code DESTROYED}
 * key.
 *
 * @since 0.1.0
 */
public enum KeyStatus {
    /** The one key senders seal to; also opens. Exactly one key of a keyset is primary. */
    PRIMARY,
    /** A former primary: opens envelopes sealed to it, is still published, is never sealed to by this identity's own tools. */
    ACTIVE,
    /**
     * Kept but unused: opening an envelope sealed to it fails with {@link KeyStatusException}; the private
     * key stays in the identity file so that the owner can make it active again. Not published.
     */
    RETIRED,
    /** Its private key is gone from the identity file; only its id and public key remain. Not published. */
    DESTROYED;

    /** The name as identity files write it: {@code primary}, {@code active}, {@code retired}, {@code destroyed}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a {@link #label()}, exactly as written. */
    public static Optional<KeyStatus> fromLabel(String label) {
        for (KeyStatus s : values()) {
            if (s.label().equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether a key of this status opens envelopes (primary and active keys). */
    public boolean opens() {
        return this == PRIMARY || this == ACTIVE;
    }
}

package dev.qsafe.api;

import java.util.Locale;

/**
 * The three protection modes qsafe offers. Each mode is a named, frozen suite of algorithms
 * (see {@code docs} and the runtime's suite table); the mode only says which family of algorithms
 * protects a message.
 *
 * @since 0.1.0
 */
public enum CryptoMode {
    /** Pre-quantum algorithms only: X25519, Ed25519, AES-GCM / ChaCha20-Poly1305. Not quantum safe. */
    CLASSICAL,
    /** Classical and post-quantum algorithms combined by published constructions (X-Wing, composite ML-DSA). */
    HYBRID,
    /** Post-quantum algorithms only: ML-KEM, ML-DSA, SLH-DSA. Also accepted as {@code quantum} or {@code pq}. */
    PQC;

    /**
     * Parses a mode name, case-insensitively, accepting the aliases {@code quantum} and {@code pq} for
     * {@link #PQC}.
     *
     * @throws InvalidInputException if the name is not a mode
     */
    public static CryptoMode parse(String name) {
        if (name == null) {
            throw new InvalidInputException("mode is missing: use one of classical, hybrid, pqc");
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "classical" -> CLASSICAL;
            case "hybrid" -> HYBRID;
            case "pqc", "pq", "quantum" -> PQC;
            default -> throw new InvalidInputException(
                    "unknown mode '" + name + "': use one of classical, hybrid, pqc (aliases: quantum, pq)");
        };
    }
}

package dev.qsafe.runtime.suite;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.PolicyViolationException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a mode promises about its algorithms, checked wherever a suite or a message's algorithms enter
 * (the {@link Suite} constructor, hence configuration files and identity files; the facade's seal and
 * open, for the algorithms an envelope names), whatever the {@link Policy} says:
 *
 * <table>
 * <caption>The rules of each mode</caption>
 * <tr><th>mode</th><th>KEM</th><th>signature</th><th>AEAD</th><th>KDF</th></tr>
 * <tr><td>CLASSICAL</td><td colspan="4">no rule: the mode promises nothing against a quantum adversary</td></tr>
 * <tr><td>HYBRID</td><td>a hybrid KEM (X-Wing)</td><td>a composite signature (ML-DSA + Ed25519)</td>
 *     <td>NIST category 5 (a 256-bit key)</td><td>category 2 or more</td></tr>
 * <tr><td>PQC</td><td>post-quantum only (category 1 or more, not hybrid)</td><td>post-quantum only</td>
 *     <td>NIST category 5 (a 256-bit key)</td><td>category 2 or more</td></tr>
 * </table>
 *
 * <p>A hybrid algorithm is one of {@link #HYBRID_ALGORITHMS}, the published combinations qsafe knows; an
 * algorithm a third-party provider {@linkplain Algorithm#define defines} is never taken for hybrid, so a
 * HYBRID suite cannot use it. A classical-only algorithm has NIST category 0.
 *
 * @since 0.1.0
 */
public final class ModeRules {
    /** The algorithms that combine a classical and a post-quantum algorithm (one KEM, two signatures). */
    public static final Set<Algorithm> HYBRID_ALGORITHMS =
            Set.of(Algorithm.X_WING, Algorithm.MLDSA65_ED25519, Algorithm.MLDSA44_ED25519);
    /** The least NIST category of the AEAD in HYBRID and PQC: a 256-bit key, so that Grover's search leaves 128 bits. */
    public static final int MIN_AEAD_CATEGORY = 5;
    /** The least NIST category of the KDF in HYBRID and PQC (HKDF-SHA256 is category 2). */
    public static final int MIN_KDF_CATEGORY = 2;

    private ModeRules() {
    }

    /** Whether {@code a} is a published combination of a classical and a post-quantum algorithm. */
    public static boolean isHybrid(Algorithm a) {
        return HYBRID_ALGORITHMS.contains(a);
    }

    /**
     * What breaks the rules of {@code mode}, if anything: a sentence naming the algorithm and the rule.
     * The KEM and signature are checked first, then the AEAD and KDF.
     */
    public static Optional<String> violation(CryptoMode mode, Algorithm kem, Algorithm signature, Algorithm aead, Algorithm kdf) {
        Objects.requireNonNull(mode, "mode");
        for (Algorithm a : List.of(kem, signature, aead, kdf)) {
            Objects.requireNonNull(a, "algorithm");
        }
        switch (mode) {
            case CLASSICAL -> {
                return Optional.empty();
            }
            case HYBRID -> {
                for (Algorithm a : List.of(kem, signature)) {
                    if (!isHybrid(a)) {
                        return Optional.of("HYBRID needs a hybrid " + a.kind().name().toLowerCase(Locale.ROOT)
                                + " (one of " + HYBRID_ALGORITHMS.stream().filter(h -> h.kind() == a.kind()).map(Algorithm::name).sorted().toList()
                                + "), not " + a + (a.isPostQuantum() ? " (post-quantum only)" : " (classical only)"));
                    }
                }
            }
            case PQC -> {
                for (Algorithm a : List.of(kem, signature)) {
                    if (!a.isPostQuantum()) {
                        return Optional.of("PQC allows no classical-only " + a.kind().name().toLowerCase(Locale.ROOT)
                                + ": " + a + " has NIST category 0");
                    }
                    if (isHybrid(a)) {
                        return Optional.of("PQC uses post-quantum algorithms only: " + a + " is hybrid (use mode HYBRID)");
                    }
                }
            }
        }
        if (aead.nistCategory() < MIN_AEAD_CATEGORY) {
            return Optional.of(mode + " needs an AEAD of NIST category " + MIN_AEAD_CATEGORY + " (a 256-bit key): " + aead
                    + " has category " + aead.nistCategory());
        }
        if (kdf.nistCategory() < MIN_KDF_CATEGORY) {
            return Optional.of(mode + " needs a KDF of NIST category " + MIN_KDF_CATEGORY + " or more: " + kdf
                    + " has category " + kdf.nistCategory());
        }
        return Optional.empty();
    }

    /**
     * Checks the algorithms of one message (an envelope's KEM, KDF and AEAD and the sender's signature)
     * against the mode of the identity it is sealed to.
     *
     * @param what how to name it in the error, e.g. "envelope X25519/HKDF-SHA256/AES-128-GCM"
     * @throws PolicyViolationException naming {@code what}, the mode and the rule
     */
    public static void checkMessage(String what, CryptoMode mode, Algorithm kem, Algorithm signature, Algorithm aead,
                                    Algorithm kdf) {
        violation(mode, kem, signature, aead, kdf).ifPresent(v -> {
            throw new PolicyViolationException(what + " does not meet the rules of mode " + mode + ": " + v);
        });
    }
}

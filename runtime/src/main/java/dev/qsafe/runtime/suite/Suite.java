package dev.qsafe.runtime.suite;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.CryptoMode;
import java.util.List;
import java.util.Objects;

/**
 * A named, frozen suite: the KEM, signature, AEAD and KDF that protect a message in one mode.
 *
 * <p>Every suite keeps the {@linkplain ModeRules rules of its mode} (a PQC suite has no classical-only
 * KEM or signature, a HYBRID suite a hybrid KEM and signature, both a 256-bit AEAD), and a suite that
 * takes a built-in suite's name (compared ignoring case) is that built-in suite: the constructor
 * refuses anything else, wherever the suite comes from (code, a configuration file, an identity file).
 *
 * <p>The defaults ({@link #CLASSICAL}, {@link #HYBRID}, {@link #PQC}) follow the design's mode table.
 * A suite never changes once published; a new choice of algorithms is a new suite with a new name,
 * so that messages sealed under an older suite stay identifiable.
 *
 * @param name      the suite's stable name, e.g. {@code classical-v1}
 * @param mode      the mode it belongs to
 * @param kem       key encapsulation
 * @param signature sender signature
 * @param aead      authenticated encryption
 * @param kdf       key derivation
 * @since 0.1.0
 */
public record Suite(String name, CryptoMode mode, Algorithm kem, Algorithm signature, Algorithm aead, Algorithm kdf) {

    /** DHKEM(X25519, HKDF-SHA256), Ed25519, AES-256-GCM, HKDF-SHA256. Not quantum safe. */
    public static final Suite CLASSICAL = new Suite("classical-v1", CryptoMode.CLASSICAL,
            Algorithm.DHKEM_X25519, Algorithm.ED25519, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256);
    /** X-Wing, composite ML-DSA-65 + Ed25519, AES-256-GCM, HKDF-SHA256. */
    public static final Suite HYBRID = new Suite("hybrid-v1", CryptoMode.HYBRID,
            Algorithm.X_WING, Algorithm.MLDSA65_ED25519, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256);
    /** ML-KEM-1024, ML-DSA-87, AES-256-GCM, HKDF-SHA256. */
    public static final Suite PQC = new Suite("pqc-v1", CryptoMode.PQC,
            Algorithm.ML_KEM_1024, Algorithm.ML_DSA_87, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256);

    /** CLASSICAL with ChaCha20-Poly1305, for machines without AES hardware. */
    public static final Suite CLASSICAL_CHACHA20 = new Suite("classical-chacha20-v1", CryptoMode.CLASSICAL,
            Algorithm.DHKEM_X25519, Algorithm.ED25519, Algorithm.CHACHA20_POLY1305, Algorithm.HKDF_SHA256);
    /** PQC at NIST category 3: ML-KEM-768, ML-DSA-65, AES-256-GCM, HKDF-SHA256. */
    public static final Suite PQC_768 = new Suite("pqc-768-v1", CryptoMode.PQC,
            Algorithm.ML_KEM_768, Algorithm.ML_DSA_65, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256);

    /**
     * PQC for NSA's CNSA 2.0: ML-KEM-1024, ML-DSA-87, AES-256-GCM, HKDF-SHA384 (HPKE suite 0x0042, 0x0002,
     * 0x0002). The PQC suite under the {@code cnsa2} policy profile, which refuses HKDF-SHA256; its envelopes
     * open with or without the profile (docs/POLICY.md).
     *
     * @since 0.4.0
     */
    public static final Suite PQC_CNSA2 = new Suite("pqc-cnsa2-v1", CryptoMode.PQC,
            Algorithm.ML_KEM_1024, Algorithm.ML_DSA_87, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA384);

    private static final List<Suite> BUILT_IN = List.of(CLASSICAL, CLASSICAL_CHACHA20, HYBRID, PQC, PQC_768, PQC_CNSA2);

    /**
     * Checks every algorithm has the kind its slot needs, the algorithms keep the rules of the mode, and a
     * built-in suite's name is used only for that suite.
     *
     * @throws IllegalArgumentException naming the rule that is broken
     */
    public Suite {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("suite name must be 1-64 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        Objects.requireNonNull(mode, "mode");
        requireKind(kem, AlgorithmKind.KEM, "kem");
        requireKind(signature, AlgorithmKind.SIGNATURE, "signature");
        requireKind(aead, AlgorithmKind.AEAD, "aead");
        requireKind(kdf, AlgorithmKind.KDF, "kdf");
        ModeRules.violation(mode, kem, signature, aead, kdf).ifPresent(v -> {
            throw new IllegalArgumentException("suite " + name + ": " + v);
        });
        if (BUILT_IN != null) { // null only while the built-in suites themselves are being made
            for (Suite b : BUILT_IN) {
                if (b.name.equalsIgnoreCase(name) && (b.mode != mode || !b.algorithms().equals(List.of(kem, signature, aead, kdf)))) {
                    throw new IllegalArgumentException("'" + name + "' is the name of the built-in suite " + b.name + " ("
                            + b.mode + " " + b.algorithms() + "); built-in suites never change, so a suite of other"
                            + " algorithms needs a name of its own");
                }
            }
        }
    }

    /** The default suite of a mode. */
    public static Suite defaultFor(CryptoMode mode) {
        return switch (mode) {
            case CLASSICAL -> CLASSICAL;
            case HYBRID -> HYBRID;
            case PQC -> PQC;
        };
    }

    /** The suites qsafe ships, by name; they never change. */
    public static List<Suite> builtIn() {
        return BUILT_IN;
    }

    /** The built-in suite of this name, if any. */
    public static java.util.Optional<Suite> builtIn(String name) {
        return BUILT_IN.stream().filter(s -> s.name.equalsIgnoreCase(name)).findFirst();
    }

    /** The algorithms of the suite, in the order KEM, signature, AEAD, KDF. */
    public List<Algorithm> algorithms() {
        return List.of(kem, signature, aead, kdf);
    }

    private static void requireKind(Algorithm a, AlgorithmKind kind, String slot) {
        Objects.requireNonNull(a, slot);
        if (a.kind() != kind) {
            throw new IllegalArgumentException(slot + " must be a " + kind + ", got " + a + " (" + a.kind() + ")");
        }
    }
}

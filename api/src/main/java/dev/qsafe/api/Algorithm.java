package dev.qsafe.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An algorithm identifier: its standard name, kind, NIST post-quantum security category, sizes in
 * bytes and, where one exists, its HPKE (RFC 9180 / draft-ietf-hpke-pq) identifier.
 *
 * <p>Well-known algorithms are constants of this class. A third-party provider may define further
 * algorithms with {@link #define}, built field by named field with {@link #builder}; two algorithms are
 * equal when their names are equal (case-insensitively):
 *
 * <pre>{@code
 * Algorithm kem = Algorithm.define(Algorithm.builder("Example-KEM", AlgorithmKind.KEM)
 *         .nistCategory(1).publicKeySize(800).privateKeySize(64)
 *         .ciphertextSize(768).sharedSecretSize(32)
 *         .build());
 * }</pre>
 *
 * <p>Sizes that do not apply to a kind are 0. {@linkplain #nistCategory() NIST category} 0 means "no
 * security against a quantum adversary" (X25519, Ed25519); 1 to 5 are the categories of the NIST PQC
 * call for proposals (1 = AES-128 key search, 3 = AES-192, 5 = AES-256).
 *
 * <p>Key sizes: {@link #publicKeySize()} is the raw public key; {@link #privateKeySize()} is the raw
 * private key in the form qsafe generates and stores (the 32-byte seed for Ed25519 and ML-DSA, the
 * 64-byte d||z seed for ML-KEM, the scalar for X25519); engines also accept the expanded FIPS 203/204
 * private key where the standard defines one.
 *
 * @param name         standard name, e.g. {@code ML-KEM-768}
 * @param kind         what the algorithm does
 * @param nistCategory NIST post-quantum security category, 0 if none
 * @param publicKeySize raw public key size (KEM, signature), else 0
 * @param privateKeySize raw private key size (KEM, signature), else 0
 * @param ciphertextSize KEM encapsulation size, else 0
 * @param sharedSecretSize KEM shared secret size, else 0
 * @param signatureSize signature size (maximum, for variable-size schemes), else 0
 * @param keySize AEAD key size or KDF hash output size, else 0
 * @param nonceSize AEAD nonce size, else 0
 * @param tagSize AEAD tag size, else 0
 * @param hpkeId HPKE identifier (KEM, KDF or AEAD id), or -1 if none
 * @param oid    the ASN.1 object identifier of its keys in X.509 SubjectPublicKeyInfo and PKCS#8, or
 *               the empty string if it has none
 * @since 0.1.0
 */
public record Algorithm(
        String name,
        AlgorithmKind kind,
        int nistCategory,
        int publicKeySize,
        int privateKeySize,
        int ciphertextSize,
        int sharedSecretSize,
        int signatureSize,
        int keySize,
        int nonceSize,
        int tagSize,
        int hpkeId,
        String oid) {

    private static final Map<String, Algorithm> KNOWN = new LinkedHashMap<>();
    /** Algorithms third parties defined in this process ({@link #define}), by name key, in definition order. */
    private static final Map<String, Algorithm> DEFINED = Collections.synchronizedMap(new LinkedHashMap<>());

    // ---- KEMs ----
    /** DHKEM(X25519, HKDF-SHA256), RFC 9180 section 4.1; HPKE KEM id 0x0020. */
    public static final Algorithm DHKEM_X25519 = known(kem("DHKEM-X25519-HKDF-SHA256", 0, 32, 32, 32, 32, 0x0020, "1.3.101.110"));
    /** ML-KEM-512, FIPS 203; HPKE KEM id 0x0040 (draft-ietf-hpke-pq). */
    public static final Algorithm ML_KEM_512 = known(kem("ML-KEM-512", 1, 800, 64, 768, 32, 0x0040, "2.16.840.1.101.3.4.4.1"));
    /** ML-KEM-768, FIPS 203; HPKE KEM id 0x0041. */
    public static final Algorithm ML_KEM_768 = known(kem("ML-KEM-768", 3, 1184, 64, 1088, 32, 0x0041, "2.16.840.1.101.3.4.4.2"));
    /** ML-KEM-1024, FIPS 203; HPKE KEM id 0x0042. */
    public static final Algorithm ML_KEM_1024 = known(kem("ML-KEM-1024", 5, 1568, 64, 1568, 32, 0x0042, "2.16.840.1.101.3.4.4.3"));
    /** X-Wing (ML-KEM-768 + X25519), draft-connolly-cfrg-xwing-kem; HPKE KEM id 0x647A. */
    public static final Algorithm X_WING = known(kem("X-Wing", 3, 1216, 32, 1120, 32, 0x647A, "1.3.6.1.4.1.62253.25722"));

    // ---- Signatures ----
    /** Ed25519, RFC 8032 (pure). */
    public static final Algorithm ED25519 = known(sig("Ed25519", 0, 32, 32, 64, "1.3.101.112"));
    /** ML-DSA-44, FIPS 204. */
    public static final Algorithm ML_DSA_44 = known(sig("ML-DSA-44", 2, 1312, 32, 2420, "2.16.840.1.101.3.4.3.17"));
    /** ML-DSA-65, FIPS 204. */
    public static final Algorithm ML_DSA_65 = known(sig("ML-DSA-65", 3, 1952, 32, 3309, "2.16.840.1.101.3.4.3.18"));
    /** ML-DSA-87, FIPS 204. */
    public static final Algorithm ML_DSA_87 = known(sig("ML-DSA-87", 5, 2592, 32, 4627, "2.16.840.1.101.3.4.3.19"));
    /** SLH-DSA-SHA2-128s, FIPS 205 (small signatures, slow signing). */
    public static final Algorithm SLH_DSA_SHA2_128S = known(sig("SLH-DSA-SHA2-128s", 1, 32, 64, 7856, "2.16.840.1.101.3.4.3.20"));
    /** SLH-DSA-SHA2-128f, FIPS 205 (fast signing, larger signatures). */
    public static final Algorithm SLH_DSA_SHA2_128F = known(sig("SLH-DSA-SHA2-128f", 1, 32, 64, 17088, "2.16.840.1.101.3.4.3.21"));
    /** Composite ML-DSA-65 + Ed25519 with SHA-512 pre-hash, draft-ietf-lamps-pq-composite-sigs. */
    public static final Algorithm MLDSA65_ED25519 = known(sig("MLDSA65-Ed25519-SHA512", 3, 1952 + 32, 32 + 32, 3309 + 64, "1.3.6.1.5.5.7.6.48"));
    /** Composite ML-DSA-44 + Ed25519 with SHA-512 pre-hash, draft-ietf-lamps-pq-composite-sigs. */
    public static final Algorithm MLDSA44_ED25519 = known(sig("MLDSA44-Ed25519-SHA512", 2, 1312 + 32, 32 + 32, 2420 + 64, "1.3.6.1.5.5.7.6.39"));

    // ---- AEADs ----
    /** AES-128-GCM, 12-byte nonce, 16-byte tag; HPKE AEAD id 0x0001. */
    public static final Algorithm AES_128_GCM = known(aead("AES-128-GCM", 1, 16, 0x0001));
    /** AES-256-GCM, 12-byte nonce, 16-byte tag; HPKE AEAD id 0x0002. */
    public static final Algorithm AES_256_GCM = known(aead("AES-256-GCM", 5, 32, 0x0002));
    /** ChaCha20-Poly1305, RFC 8439, 12-byte nonce, 16-byte tag; HPKE AEAD id 0x0003. */
    public static final Algorithm CHACHA20_POLY1305 = known(aead("ChaCha20-Poly1305", 5, 32, 0x0003));

    // ---- KDFs ----
    /** HKDF-SHA256, RFC 5869; HPKE KDF id 0x0001. */
    public static final Algorithm HKDF_SHA256 = known(
            builder("HKDF-SHA256", AlgorithmKind.KDF).nistCategory(2).keySize(32).hpkeId(0x0001).build());
    /**
     * HKDF-SHA384, RFC 5869 with HMAC-SHA384; HPKE KDF id 0x0002. The KDF of the CNSA 2.0 suite
     * {@code pqc-cnsa2-v1} (CNSA 2.0 admits SHA-384 and SHA-512 only).
     *
     * @since 0.4.0
     */
    public static final Algorithm HKDF_SHA384 = known(
            builder("HKDF-SHA384", AlgorithmKind.KDF).nistCategory(3).keySize(48).hpkeId(0x0002).build());

    // ---- XOFs ----
    /**
     * SHAKE128, FIPS 202; {@link #keySize()} is its security strength in bytes. qsafe does not use it for
     * messages: it is the deterministic stream and the accumulator of C2SP CCTV's accumulated tests.
     */
    public static final Algorithm SHAKE128 = known(
            builder("SHAKE128", AlgorithmKind.XOF).nistCategory(1).keySize(16).oid("2.16.840.1.101.3.4.2.11").build());
    /** SHAKE256, FIPS 202; {@link #keySize()} is its security strength in bytes. */
    public static final Algorithm SHAKE256 = known(
            builder("SHAKE256", AlgorithmKind.XOF).nistCategory(5).keySize(32).oid("2.16.840.1.101.3.4.2.12").build());

    // ---- Password-based KDFs ----
    /** Argon2id, RFC 9106: the memory-hard function qsafe protects private keys with. */
    public static final Algorithm ARGON2ID = known(
            builder("Argon2id", AlgorithmKind.PASSWORD_KDF).keySize(32).build());

    /** Validates the components. */
    public Algorithm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(oid, "oid (use \"\" for none)");
        if (!oid.isEmpty() && !oid.matches("[0-2](\\.(0|[1-9][0-9]*))+")) {
            throw new IllegalArgumentException("'" + oid + "' is not a dotted object identifier");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("algorithm name is blank");
        }
        if (nistCategory < 0 || nistCategory > 5) {
            throw new IllegalArgumentException("NIST category must be 0..5, got " + nistCategory);
        }
        if (publicKeySize < 0 || privateKeySize < 0 || ciphertextSize < 0 || sharedSecretSize < 0
                || signatureSize < 0 || keySize < 0 || nonceSize < 0 || tagSize < 0) {
            throw new IllegalArgumentException("sizes must not be negative");
        }
        if (hpkeId < -1 || hpkeId > 0xFFFF) {
            throw new IllegalArgumentException("HPKE id must be -1 (none) or 0..0xFFFF");
        }
    }

    /**
     * Defines an algorithm that is not one of the constants, for a third-party provider, and makes its
     * name known to the whole process: after this, {@link #forName} finds it, so it can be pinned, named
     * in suites, configuration and identity files, and read from an envelope header by its HPKE id
     * ({@link #forHpkeId}). The registry defines every algorithm a discovered provider offers, so a
     * provider need not call this itself (but may, to get the canonical instance).
     *
     * <p>Refused with {@link IllegalArgumentException} (a provider offering such an algorithm is
     * {@code FAILED} at discovery): a name of a well-known algorithm with other parameters; a name an
     * earlier definition took with other parameters; an HPKE id or an OID that a well-known or earlier
     * defined algorithm of another name already has (an envelope or key must never be read as another
     * algorithm).
     *
     * @return the well-known constant or the first definition of that name (equal parameters), else {@code algorithm}
     */
    public static Algorithm define(Algorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        String key = key(algorithm.name());
        Algorithm known = KNOWN.get(key);
        if (known != null) {
            if (!known.sameParameters(algorithm)) {
                throw new IllegalArgumentException("'" + algorithm.name() + "' is a well-known algorithm with other parameters");
            }
            return known;
        }
        synchronized (DEFINED) {
            Algorithm earlier = DEFINED.get(key);
            if (earlier != null) {
                if (!earlier.sameParameters(algorithm)) {
                    throw new IllegalArgumentException("'" + algorithm.name() + "' is already defined with other parameters: "
                            + earlier.describe() + "; refused: " + algorithm.describe());
                }
                return earlier;
            }
            List<Algorithm> all = new ArrayList<>(KNOWN.values());
            all.addAll(DEFINED.values());
            for (Algorithm o : all) {
                if (algorithm.hpkeId >= 0 && o.kind == algorithm.kind && o.hpkeId == algorithm.hpkeId) {
                    throw new IllegalArgumentException(String.format("'%s' claims HPKE %s id 0x%04X, which is %s's",
                            algorithm.name(), algorithm.kind, algorithm.hpkeId, o.name()));
                }
                if (!algorithm.oid.isEmpty() && algorithm.oid.equals(o.oid)) {
                    throw new IllegalArgumentException("'" + algorithm.name() + "' claims OID " + algorithm.oid + ", which is "
                            + o.name() + "'s");
                }
            }
            DEFINED.put(key, algorithm);
            return algorithm;
        }
    }

    /**
     * The algorithm of this name (case-insensitive): a well-known one, or one a third party
     * {@linkplain #define defined} in this process (which the registry does for every algorithm a
     * discovered provider offers).
     *
     * @throws UnsupportedAlgorithmException if no algorithm has that name
     */
    public static Algorithm forName(String name) {
        Algorithm a = name == null ? null : KNOWN.get(key(name));
        if (a == null && name != null) {
            a = DEFINED.get(key(name));
        }
        if (a == null) {
            List<String> defined;
            synchronized (DEFINED) {
                defined = DEFINED.values().stream().map(Algorithm::name).toList();
            }
            throw new UnsupportedAlgorithmException("unknown algorithm '" + name + "'; known: " + String.join(", ", KNOWN.values().stream().map(Algorithm::name).toList())
                    + (defined.isEmpty() ? "; no provider defines another" : "; defined by providers: " + String.join(", ", defined)));
        }
        return a;
    }

    /** The algorithm of {@code kind} with this HPKE identifier, well-known or {@linkplain #define defined}. */
    public static Optional<Algorithm> forHpkeId(AlgorithmKind kind, int id) {
        for (Algorithm a : KNOWN.values()) {
            if (a.kind == kind && a.hpkeId == id && id >= 0) {
                return Optional.of(a);
            }
        }
        synchronized (DEFINED) {
            for (Algorithm a : DEFINED.values()) {
                if (a.kind == kind && a.hpkeId == id && id >= 0) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /** The algorithms third parties {@linkplain #define defined} in this process, in definition order. */
    public static List<Algorithm> defined() {
        synchronized (DEFINED) {
            return List.copyOf(DEFINED.values());
        }
    }

    /** Whether this is one of the well-known constants (by name). */
    public boolean isWellKnown() {
        return KNOWN.containsKey(key(name));
    }

    /** All well-known algorithms, in declaration order. */
    public static Collection<Algorithm> wellKnown() {
        return Collections.unmodifiableCollection(KNOWN.values());
    }

    /** The HPKE identifier, if the algorithm has one. */
    public OptionalInt hpke() {
        return hpkeId < 0 ? OptionalInt.empty() : OptionalInt.of(hpkeId);
    }

    /** Whether this algorithm resists a quantum adversary (NIST category 1 or more). */
    public boolean isPostQuantum() {
        return nistCategory > 0;
    }

    /** Names compare case-insensitively. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Algorithm a && (a == this || a.name.equals(name) || key(a.name).equals(key(name)));
    }

    /**
     * {@code key(name).hashCode()}, computed without building the key for an ASCII name (this is
     * called on every map lookup of the registry and the caches).
     */
    @Override
    public int hashCode() {
        int start = 0;
        int end = name.length();
        while (start < end && name.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && name.charAt(end - 1) <= ' ') {
            end--;
        }
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = name.charAt(i);
            if (c >= 0x80) {
                return key(name).hashCode();
            }
            h = 31 * h + (c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
        }
        return h;
    }

    @Override
    public String toString() {
        return name;
    }

    private String describe() {
        return String.format("%s %s category %d, sizes pk %d sk %d ct %d ss %d sig %d key %d nonce %d tag %d, HPKE id %d, OID '%s'",
                name, kind, nistCategory, publicKeySize, privateKeySize, ciphertextSize, sharedSecretSize, signatureSize,
                keySize, nonceSize, tagSize, hpkeId, oid);
    }

    private boolean sameParameters(Algorithm o) {
        return kind == o.kind && nistCategory == o.nistCategory && publicKeySize == o.publicKeySize
                && privateKeySize == o.privateKeySize && ciphertextSize == o.ciphertextSize
                && sharedSecretSize == o.sharedSecretSize && signatureSize == o.signatureSize
                && keySize == o.keySize && nonceSize == o.nonceSize && tagSize == o.tagSize && hpkeId == o.hpkeId
                && oid.equals(o.oid);
    }

    private static String key(String name) {
        return name.trim().toUpperCase(Locale.ROOT);
    }

    private static Algorithm known(Algorithm a) {
        KNOWN.put(key(a.name()), a);
        return a;
    }

    private static Algorithm kem(String name, int cat, int pk, int sk, int ct, int ss, int hpke, String oid) {
        return builder(name, AlgorithmKind.KEM).nistCategory(cat).publicKeySize(pk).privateKeySize(sk)
                .ciphertextSize(ct).sharedSecretSize(ss).hpkeId(hpke).oid(oid).build();
    }

    private static Algorithm sig(String name, int cat, int pk, int sk, int sig, String oid) {
        return builder(name, AlgorithmKind.SIGNATURE).nistCategory(cat).publicKeySize(pk).privateKeySize(sk)
                .signatureSize(sig).oid(oid).build();
    }

    private static Algorithm aead(String name, int cat, int key, int hpke) {
        return builder(name, AlgorithmKind.AEAD).nistCategory(cat).keySize(key).nonceSize(12).tagSize(16)
                .hpkeId(hpke).build();
    }

    /**
     * A builder naming each field, so that a definition reads as what it says; every field not set is 0,
     * the HPKE id is -1 (none) and the object identifier empty. {@link Builder#build()} applies the
     * record's validation.
     */
    public static Builder builder(String name, AlgorithmKind kind) {
        return new Builder(name, kind);
    }

    /** Builds an {@link Algorithm} field by named field; see {@link Algorithm#builder}. */
    public static final class Builder {
        private final String name;
        private final AlgorithmKind kind;
        private int nistCategory;
        private int publicKeySize;
        private int privateKeySize;
        private int ciphertextSize;
        private int sharedSecretSize;
        private int signatureSize;
        private int keySize;
        private int nonceSize;
        private int tagSize;
        private int hpkeId = -1;
        private String oid = "";

        private Builder(String name, AlgorithmKind kind) {
            this.name = name;
            this.kind = kind;
        }

        /** NIST post-quantum security category, 0 (none) to 5. */
        public Builder nistCategory(int category) { this.nistCategory = category; return this; }

        /** Raw public key size in bytes (KEM, signature). */
        public Builder publicKeySize(int bytes) { this.publicKeySize = bytes; return this; }

        /** Raw private key size in bytes, in the form qsafe stores (KEM, signature). */
        public Builder privateKeySize(int bytes) { this.privateKeySize = bytes; return this; }

        /** KEM encapsulation size in bytes. */
        public Builder ciphertextSize(int bytes) { this.ciphertextSize = bytes; return this; }

        /** KEM shared secret size in bytes. */
        public Builder sharedSecretSize(int bytes) { this.sharedSecretSize = bytes; return this; }

        /** Signature size in bytes (the maximum, for variable-size schemes). */
        public Builder signatureSize(int bytes) { this.signatureSize = bytes; return this; }

        /** AEAD key size or KDF/XOF output size in bytes. */
        public Builder keySize(int bytes) { this.keySize = bytes; return this; }

        /** AEAD nonce size in bytes. */
        public Builder nonceSize(int bytes) { this.nonceSize = bytes; return this; }

        /** AEAD tag size in bytes. */
        public Builder tagSize(int bytes) { this.tagSize = bytes; return this; }

        /** HPKE identifier (KEM, KDF or AEAD id), -1 for none. */
        public Builder hpkeId(int id) { this.hpkeId = id; return this; }

        /** Dotted ASN.1 object identifier of its keys, or "" for none. */
        public Builder oid(String dotted) { this.oid = dotted; return this; }

        /**
         * The algorithm.
         *
         * @throws IllegalArgumentException if a field is out of range (as the record's constructor)
         */
        public Algorithm build() {
            return new Algorithm(name, kind, nistCategory, publicKeySize, privateKeySize, ciphertextSize,
                    sharedSecretSize, signatureSize, keySize, nonceSize, tagSize, hpkeId, oid);
        }
    }
}

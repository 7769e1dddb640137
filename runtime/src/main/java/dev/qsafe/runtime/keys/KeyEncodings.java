package dev.qsafe.runtime.keys;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Standard encodings of qsafe's keys: X.509 {@code SubjectPublicKeyInfo} (RFC 5280) for public keys,
 * PKCS#8 / {@code OneAsymmetricKey} (RFC 5958) for private keys, both in DER, and their PEM forms
 * (RFC 7468, labels {@code PUBLIC KEY} and {@code PRIVATE KEY}). The raw form needs no help:
 * {@link PublicKey#of} and {@link PrivateKey#of}.
 *
 * <p>Every KEM and signature algorithm among {@link Algorithm#wellKnown()} that has an
 * {@linkplain Algorithm#oid() OID} is supported (see {@link #supports}). The algorithm identifier has
 * no parameters. What the key fields hold:
 * <table class="striped">
 * <caption>Key fields by algorithm</caption>
 * <tr><th>algorithm</th><th>subjectPublicKey (BIT STRING)</th><th>privateKey (OCTET STRING) holds</th></tr>
 * <tr><td>DHKEM-X25519 (the X25519 OID), Ed25519</td><td>the 32-byte key</td>
 *     <td>RFC 8410 {@code CurvePrivateKey}: an OCTET STRING of the 32-byte key</td></tr>
 * <tr><td>ML-KEM-512/768/1024</td><td>the FIPS 203 encapsulation key</td>
 *     <td>RFC 9935 {@code ML-KEM-PrivateKey}: {@code seed [0] IMPLICIT OCTET STRING (64)},
 *     {@code expandedKey OCTET STRING} or {@code both SEQUENCE {seed, expandedKey}}
 *     ({@link PrivateKeyForm}: all three read and written)</td></tr>
 * <tr><td>ML-DSA-44/65/87</td><td>the FIPS 204 public key</td>
 *     <td>RFC 9881 {@code ML-DSA-PrivateKey}: the same CHOICE with a 32-byte seed</td></tr>
 * <tr><td>SLH-DSA</td><td>the FIPS 205 public key</td><td>the raw FIPS 205 private key</td></tr>
 * <tr><td>X-Wing</td><td>the 1216-byte public key</td><td>the raw 32-byte seed
 *     (draft-connolly-cfrg-xwing-kem)</td></tr>
 * <tr><td>MLDSA44/65-Ed25519-SHA512</td><td>ML-DSA public key || Ed25519 public key</td>
 *     <td>ML-DSA seed || Ed25519 private key (draft-ietf-lamps-pq-composite-sigs)</td></tr>
 * </table>
 *
 * <p>Private keys are written as {@code OneAsymmetricKey} version 1 (v1, no attributes, no public
 * key). Reading also accepts version 2 and skips the attributes; an embedded public key is checked for
 * form and length only (derive the public key with an engine to compare it). When an ML-KEM or ML-DSA
 * key holds {@code both} forms, the seed is kept; {@link #decodePkcs8(byte[], CryptoRegistry)} also
 * checks that the expanded key is the seed's ({@link InconsistentPrivateKeyException} if not), the
 * registry-less {@link #decodePkcs8(byte[])} checks its length only. A private key read in the expanded
 * form stays expanded, and is written back in that form; {@link #encodePkcs8(PrivateKey, PrivateKeyForm,
 * CryptoRegistry)} writes a seed in any of the three forms.
 *
 * <p>Decoding is strict and bounded: DER only (see the package's DER reader), at most
 * {@value #MAX_DER_BYTES} bytes, no trailing bytes, exact key lengths. A malformed encoding fails with
 * {@link InvalidKeyException}; a well-formed key of an algorithm qsafe does not know fails with
 * {@link UnsupportedAlgorithmException}; nothing else is thrown (apart from
 * {@link NullPointerException} for {@code null} arguments).
 *
 * <p>Secret bytes: DER private keys are returned in arrays the caller should wipe; PEM text is a
 * {@link String}, which cannot be wiped, so prefer DER where that matters.
 *
 * @since 0.1.0
 */
public final class KeyEncodings {
    /** Largest DER input accepted. */
    public static final int MAX_DER_BYTES = 64 * 1024;
    /** Largest PEM input accepted, in characters. */
    public static final int MAX_PEM_CHARS = 96 * 1024;

    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final int PEM_LINE = 64;
    private static final int PEM_MAX_LINE = 76;
    private static final int CONTEXT_SEED = 0x80;
    private static final int V1 = 0;
    private static final int V2 = 1;
    private static final int ATTRIBUTES = 0xA0;
    private static final int PUBLIC_KEY_V2 = 0x81;

    /**
     * The three forms of an ML-KEM or ML-DSA private key in PKCS#8, the {@code CHOICE} of RFC 9935
     * (ML-KEM) and RFC 9881 (ML-DSA):
     * <pre>
     * ML-KEM-512-PrivateKey ::= CHOICE {            -- likewise for the other parameter sets
     *   seed        [0] OCTET STRING (SIZE (64)),   -- ML-DSA: 32
     *   expandedKey OCTET STRING (SIZE (1632)),
     *   both        SEQUENCE {
     *     seed        OCTET STRING (SIZE (64)),
     *     expandedKey OCTET STRING (SIZE (1632)) } }
     * </pre>
     * Both RFCs recommend the seed: it is the smallest, and the expanded key follows from it.
     *
     * @since 0.1.0
     */
    public enum PrivateKeyForm {
        /** {@code seed [0]}: the FIPS 203 {@code d || z} (64 bytes) or FIPS 204 {@code xi} (32 bytes). */
        SEED,
        /** {@code expandedKey}: the FIPS 203 decapsulation key or FIPS 204 private key {@code sk}. */
        EXPANDED,
        /** {@code both}: the seed and the expanded key it derives. */
        BOTH;

        /** The lower-case name used on the command line ({@code seed}, {@code expanded}, {@code both}). */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How an algorithm's private key sits inside the PKCS#8 privateKey OCTET STRING. */
    private enum Form {
        /** RFC 8410: an OCTET STRING of the raw key. */
        CURVE,
        /** RFC 9935 / RFC 9881: the seed / expandedKey / both CHOICE. */
        SEED_CHOICE,
        /** The raw private key, no inner encoding. */
        RAW
    }

    /** @param expandedSize the FIPS 203/204 expanded private key size (SEED_CHOICE only) */
    private record Format(Algorithm algorithm, Form form, int expandedSize) {
    }

    private static final Map<Algorithm, Format> FORMATS = new LinkedHashMap<>();
    private static final Map<String, Algorithm> BY_OID = new LinkedHashMap<>();

    static {
        format(Algorithm.DHKEM_X25519, Form.CURVE, 0);
        format(Algorithm.ED25519, Form.CURVE, 0);
        format(Algorithm.ML_KEM_512, Form.SEED_CHOICE, 1632);
        format(Algorithm.ML_KEM_768, Form.SEED_CHOICE, 2400);
        format(Algorithm.ML_KEM_1024, Form.SEED_CHOICE, 3168);
        format(Algorithm.ML_DSA_44, Form.SEED_CHOICE, 2560);
        format(Algorithm.ML_DSA_65, Form.SEED_CHOICE, 4032);
        format(Algorithm.ML_DSA_87, Form.SEED_CHOICE, 4896);
        format(Algorithm.SLH_DSA_SHA2_128S, Form.RAW, 0);
        format(Algorithm.SLH_DSA_SHA2_128F, Form.RAW, 0);
        format(Algorithm.X_WING, Form.RAW, 0);
        format(Algorithm.MLDSA44_ED25519, Form.RAW, 0);
        format(Algorithm.MLDSA65_ED25519, Form.RAW, 0);
    }

    private static void format(Algorithm algorithm, Form form, int expandedSize) {
        FORMATS.put(algorithm, new Format(algorithm, form, expandedSize));
        BY_OID.put(algorithm.oid(), algorithm);
    }

    private KeyEncodings() {
    }

    /** Whether keys of {@code algorithm} can be encoded and decoded here. */
    public static boolean supports(Algorithm algorithm) {
        return FORMATS.containsKey(Objects.requireNonNull(algorithm, "algorithm"));
    }

    /** The algorithm whose keys carry {@code oid} (dotted form), if qsafe knows one. */
    public static Optional<Algorithm> algorithmForOid(String oid) {
        return Optional.ofNullable(BY_OID.get(Objects.requireNonNull(oid, "oid")));
    }

    // ---- public keys ----

    /**
     * The DER {@code SubjectPublicKeyInfo} of {@code key}.
     *
     * @throws UnsupportedAlgorithmException if the key's algorithm has no encoding here
     * @throws InvalidKeyException           if the key has the wrong length
     */
    public static byte[] encodeSpki(PublicKey key) {
        Objects.requireNonNull(key, "key");
        Format f = format(key.algorithm());
        byte[] raw = key.encoded();
        if (raw.length != f.algorithm().publicKeySize()) {
            throw new InvalidKeyException(f.algorithm() + " public key must be " + f.algorithm().publicKeySize()
                    + " bytes, got " + raw.length);
        }
        return Der.sequence(algorithmIdentifier(f.algorithm()), Der.bitString(raw));
    }

    /**
     * The public key in a DER {@code SubjectPublicKeyInfo}.
     *
     * @throws InvalidKeyException           if the encoding is malformed or the key has the wrong length
     * @throws UnsupportedAlgorithmException if the OID is not one of qsafe's algorithms
     */
    public static PublicKey decodeSpki(byte[] der) {
        Objects.requireNonNull(der, "der");
        requireSize(der.length, "SubjectPublicKeyInfo");
        Der.Reader outer = Der.Reader.of("SubjectPublicKeyInfo", der);
        Der.Reader spki = outer.sequence("SubjectPublicKeyInfo");
        outer.requireEnd();
        Algorithm algorithm = readAlgorithmIdentifier(spki);
        byte[] raw = spki.bitString("subjectPublicKey");
        spki.requireEnd();
        if (raw.length != algorithm.publicKeySize()) {
            throw new InvalidKeyException("SubjectPublicKeyInfo is malformed: " + algorithm + " public key must be "
                    + algorithm.publicKeySize() + " bytes, got " + raw.length);
        }
        return PublicKey.of(algorithm, raw);
    }

    /**
     * The public key in a DER {@code SubjectPublicKeyInfo}, which must be of {@code expected}.
     *
     * @throws InvalidKeyException           if malformed or of another algorithm
     * @throws UnsupportedAlgorithmException if the OID is not one of qsafe's algorithms
     */
    public static PublicKey decodeSpki(byte[] der, Algorithm expected) {
        Objects.requireNonNull(expected, "expected");
        PublicKey key = decodeSpki(der);
        if (!key.algorithm().equals(expected)) {
            throw new InvalidKeyException("expected a " + expected + " public key, got a " + key.algorithm() + " key");
        }
        return key;
    }

    // ---- private keys ----

    /**
     * The DER PKCS#8 ({@code OneAsymmetricKey} v1) encoding of {@code key}; the caller should wipe it.
     * ML-KEM and ML-DSA keys held as seeds are written in the seed form, expanded keys in the
     * expandedKey form.
     *
     * @throws UnsupportedAlgorithmException if the key's algorithm has no encoding here
     * @throws InvalidKeyException           if the key has a length its algorithm does not define, or was destroyed
     */
    public static byte[] encodePkcs8(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        Format f = format(key.algorithm());
        byte[] raw = key.rawBytes(SecretAccess.INSECURE);
        byte[] inner = null;
        byte[] octets = null;
        try {
            Algorithm a = f.algorithm();
            inner = switch (f.form()) {
                case CURVE -> {
                    requireLength(a, raw.length, a.privateKeySize());
                    yield Der.octetString(raw);
                }
                case SEED_CHOICE -> {
                    if (raw.length == a.privateKeySize()) {
                        yield Der.tlv(CONTEXT_SEED, raw);
                    }
                    if (raw.length != f.expandedSize()) {
                        throw new InvalidKeyException(a + " private key of " + raw.length + " bytes has no standard"
                                + " encoding (expected the " + a.privateKeySize() + "-byte seed or the "
                                + f.expandedSize() + "-byte expanded key)");
                    }
                    yield Der.octetString(raw);
                }
                case RAW -> {
                    requireLength(a, raw.length, a.privateKeySize());
                    yield raw.clone();
                }
            };
            octets = Der.octetString(inner);
            return Der.sequence(Der.integer(V1), algorithmIdentifier(a), octets);
        } finally {
            wipe(raw, inner, octets);
        }
    }

    /**
     * The DER PKCS#8 ({@code OneAsymmetricKey} v1) encoding of an ML-KEM or ML-DSA key in the chosen
     * {@code form}; the caller should wipe it. The expanded key is computed from the seed with an engine
     * of {@code registry}. For any other algorithm, only {@link PrivateKeyForm#SEED} is accepted and means
     * {@link #encodePkcs8(PrivateKey)}.
     *
     * @throws InvalidKeyException           if the key holds only the expanded form and {@code form} needs
     *                                       the seed (it cannot be recovered), has a length its algorithm
     *                                       does not define, or was destroyed; or if the algorithm has no
     *                                       choice of form and {@code form} is not {@code SEED}
     * @throws UnsupportedAlgorithmException if the key's algorithm has no encoding here, or no engine of
     *                                       {@code registry} can expand the seed
     */
    public static byte[] encodePkcs8(PrivateKey key, PrivateKeyForm form, CryptoRegistry registry) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(registry, "registry");
        Format f = format(key.algorithm());
        Algorithm a = f.algorithm();
        if (f.form() != Form.SEED_CHOICE) {
            if (form != PrivateKeyForm.SEED) {
                throw new InvalidKeyException(a + " private keys have one PKCS#8 form; the seed/expanded/both choice"
                        + " is for ML-KEM and ML-DSA only");
            }
            return encodePkcs8(key);
        }
        byte[] raw = key.rawBytes(SecretAccess.INSECURE);
        byte[] expanded = null;
        byte[] inner = null;
        byte[] octets = null;
        try {
            boolean isSeed = raw.length == a.privateKeySize();
            if (!isSeed && raw.length != f.expandedSize()) {
                throw new InvalidKeyException(a + " private key of " + raw.length + " bytes has no standard encoding");
            }
            if (!isSeed && form != PrivateKeyForm.EXPANDED) {
                throw new InvalidKeyException("this " + a + " private key holds only the expanded key, so it can be"
                        + " written only in the 'expanded' form: the seed cannot be recovered from it");
            }
            inner = switch (form) {
                case SEED -> Der.tlv(CONTEXT_SEED, raw);
                case EXPANDED -> {
                    expanded = isSeed ? expand(key, registry) : raw.clone();
                    yield Der.octetString(expanded);
                }
                case BOTH -> {
                    expanded = expand(key, registry);
                    yield Der.sequence(Der.octetString(raw), Der.octetString(expanded));
                }
            };
            octets = Der.octetString(inner);
            return Der.sequence(Der.integer(V1), algorithmIdentifier(a), octets);
        } finally {
            wipe(raw, expanded, inner, octets);
        }
    }

    /**
     * The PEM ({@code -----BEGIN PRIVATE KEY-----}) form of
     * {@link #encodePkcs8(PrivateKey, PrivateKeyForm, CryptoRegistry)}, unencrypted, in a {@link String}.
     */
    public static String encodePem(PrivateKey key, PrivateKeyForm form, CryptoRegistry registry) {
        byte[] der = encodePkcs8(key, form, registry);
        try {
            return pem(PRIVATE_LABEL, der);
        } finally {
            wipe(der);
        }
    }

    /**
     * The private key in a {@code PRIVATE KEY} PEM block, read as {@link #decodePrivatePem(String)} with
     * the consistency check of {@link #decodePkcs8(byte[], CryptoRegistry)}.
     */
    public static PrivateKey decodePrivatePem(String pem, CryptoRegistry registry) {
        byte[] der = unpem(pem, PRIVATE_LABEL);
        try {
            return decodePkcs8(der, registry);
        } finally {
            wipe(der);
        }
    }

    /**
     * The private key in a DER PKCS#8 / {@code OneAsymmetricKey} (version 1 or 2). The caller may wipe
     * {@code der} afterwards: the key holds its own copy.
     *
     * @throws InvalidKeyException           if the encoding is malformed or the key has the wrong length
     * @throws UnsupportedAlgorithmException if the OID is not one of qsafe's algorithms
     */
    public static PrivateKey decodePkcs8(byte[] der) {
        Decoded d = decode(der);
        wipe(d.expanded());
        return d.key();
    }

    /**
     * The private key in a DER PKCS#8 / {@code OneAsymmetricKey}, as {@link #decodePkcs8(byte[])}, and
     * for an ML-KEM or ML-DSA key in the {@code both} form the check RFC 9935 and RFC 9881 ask of a
     * receiver: the {@code expandedKey} must be the one the {@code seed} derives, computed with an
     * engine of {@code registry} and compared in constant time. The seed is kept.
     *
     * @throws InconsistentPrivateKeyException if the expanded key is not the seed's
     * @throws InvalidKeyException             if the encoding is malformed or the key has the wrong length
     * @throws UnsupportedAlgorithmException   if the OID is not one of qsafe's algorithms, or no engine
     *                                         of {@code registry} can expand the seed to check it
     */
    public static PrivateKey decodePkcs8(byte[] der, CryptoRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Decoded d = decode(der);
        byte[] derived = null;
        try {
            if (d.form() == PrivateKeyForm.BOTH) {
                derived = expand(d.key(), registry);
                if (!MessageDigest.isEqual(derived, d.expanded())) {
                    d.key().destroy();
                    throw new InconsistentPrivateKeyException("PKCS#8 " + d.key().algorithm() + " private key in the"
                            + " 'both' form is inconsistent: its expandedKey is not the one its seed derives (RFC "
                            + (d.key().algorithm().kind() == AlgorithmKind.KEM ? "9935" : "9881")
                            + "); refusing it rather than using either half");
                }
            }
            return d.key();
        } finally {
            wipe(derived, d.expanded());
        }
    }

    /**
     * Which of the three forms an ML-KEM or ML-DSA PKCS#8 private key is in, or empty for an
     * algorithm without that choice. Reads the encoding as strictly as {@link #decodePkcs8(byte[])}.
     *
     * @throws InvalidKeyException           if the encoding is malformed
     * @throws UnsupportedAlgorithmException if the OID is not one of qsafe's algorithms
     */
    public static Optional<PrivateKeyForm> privateKeyForm(byte[] der) {
        Decoded d = decode(der);
        d.key().destroy();
        wipe(d.expanded());
        return Optional.ofNullable(d.form());
    }

    /** A decoded key, its form (null unless ML-KEM/ML-DSA) and the expanded key of a {@code both} (the caller wipes). */
    private record Decoded(PrivateKey key, PrivateKeyForm form, byte[] expanded) {
    }

    private static Decoded decode(byte[] der) {
        Objects.requireNonNull(der, "der");
        requireSize(der.length, "PKCS#8 private key");
        Der.Reader outer = Der.Reader.of("PKCS#8 private key", der);
        Der.Reader key = outer.sequence("OneAsymmetricKey");
        outer.requireEnd();
        int version = key.smallInteger("version");
        if (version != V1 && version != V2) {
            throw key.error("version must be 0 (v1) or 1 (v2), got " + version);
        }
        Algorithm algorithm = readAlgorithmIdentifier(key);
        byte[] octets = key.octetString("privateKey");
        try {
            if (key.hasMore() && key.peekTag() == ATTRIBUTES) {
                key.skip("attributes");
            }
            if (key.hasMore() && key.peekTag() == PUBLIC_KEY_V2) {
                if (version != V2) {
                    throw key.error("a public key [1] needs version 1 (v2), the version is 0 (v1)");
                }
                byte[] pub = key.primitive(PUBLIC_KEY_V2, "publicKey");
                if (pub.length != algorithm.publicKeySize() + 1 || pub[0] != 0) {
                    throw key.error("publicKey [1] is not a BIT STRING of a " + algorithm + " public key");
                }
            }
            key.requireEnd();
            return privateKey(algorithm, octets);
        } finally {
            wipe(octets);
        }
    }

    /**
     * The private key in a DER PKCS#8 encoding, which must be of {@code expected}.
     *
     * @throws InvalidKeyException           if malformed or of another algorithm
     * @throws UnsupportedAlgorithmException if the OID is not one of qsafe's algorithms
     */
    public static PrivateKey decodePkcs8(byte[] der, Algorithm expected) {
        Objects.requireNonNull(expected, "expected");
        PrivateKey key = decodePkcs8(der);
        if (!key.algorithm().equals(expected)) {
            key.destroy();
            throw new InvalidKeyException("expected a " + expected + " private key, got a " + key.algorithm() + " key");
        }
        return key;
    }

    private static Decoded privateKey(Algorithm algorithm, byte[] octets) {
        Format f = FORMATS.get(algorithm);
        String context = "PKCS#8 " + algorithm + " privateKey";
        byte[] raw = null;
        byte[] expanded = null;
        PrivateKeyForm form = null;
        boolean kept = false;
        try {
            switch (f.form()) {
                case CURVE -> {
                    Der.Reader r = Der.Reader.of(context, octets);
                    raw = r.primitive(Der.OCTET_STRING, "CurvePrivateKey", algorithm.privateKeySize());
                    r.requireEnd();
                }
                case SEED_CHOICE -> {
                    Der.Reader r = Der.Reader.of(context, octets);
                    int tag = r.peekTag();
                    if (tag == CONTEXT_SEED) {
                        form = PrivateKeyForm.SEED;
                        raw = r.primitive(CONTEXT_SEED, "seed [0]", algorithm.privateKeySize());
                    } else if (tag == Der.OCTET_STRING) {
                        form = PrivateKeyForm.EXPANDED;
                        raw = r.primitive(Der.OCTET_STRING, "expandedKey", f.expandedSize());
                    } else if (tag == Der.SEQUENCE) {
                        form = PrivateKeyForm.BOTH;
                        Der.Reader both = r.sequence("both");
                        raw = both.primitive(Der.OCTET_STRING, "both.seed", algorithm.privateKeySize());
                        expanded = both.primitive(Der.OCTET_STRING, "both.expandedKey", f.expandedSize());
                        both.requireEnd();
                    } else {
                        throw r.error(String.format("expected seed [0] (0x80), expandedKey (0x04) or both (0x30), found tag 0x%02X", tag));
                    }
                    r.requireEnd();
                }
                case RAW -> {
                    if (octets.length != algorithm.privateKeySize()) {
                        throw new InvalidKeyException(context + " is malformed: must be " + algorithm.privateKeySize()
                                + " bytes, got " + octets.length);
                    }
                    raw = octets.clone();
                }
            }
            Decoded d = new Decoded(PrivateKey.of(algorithm, raw), form, expanded);
            kept = true;
            return d;
        } finally {
            wipe(raw);
            if (!kept) {
                wipe(expanded);
            }
        }
    }

    /** The expanded key of a seed-form ML-KEM or ML-DSA key, from the first engine of the registry that exports it. */
    private static byte[] expand(PrivateKey seedKey, CryptoRegistry registry) {
        Algorithm a = seedKey.algorithm();
        List<String> providers = registry.providersOf(a);
        UnsupportedAlgorithmException failure = new UnsupportedAlgorithmException("no engine for " + a
                + " can expand its seed to the expanded private key (tried " + providers + ")");
        for (String provider : providers) {
            try {
                return a.kind() == AlgorithmKind.KEM
                        ? registry.kem(a, provider).engineExpandedPrivateKey(seedKey)
                        : registry.signature(a, provider).engineExpandedPrivateKey(seedKey);
            } catch (UnsupportedAlgorithmException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    // ---- PEM ----

    /** The PEM ({@code -----BEGIN PUBLIC KEY-----}) form of {@link #encodeSpki(PublicKey)}. */
    public static String encodePem(PublicKey key) {
        return pem(PUBLIC_LABEL, encodeSpki(key));
    }

    /**
     * The PEM ({@code -----BEGIN PRIVATE KEY-----}) form of {@link #encodePkcs8(PrivateKey)}. The result
     * is an unencrypted private key in a {@link String}, which cannot be wiped.
     */
    public static String encodePem(PrivateKey key) {
        byte[] der = encodePkcs8(key);
        try {
            return pem(PRIVATE_LABEL, der);
        } finally {
            wipe(der);
        }
    }

    /**
     * The public key in a {@code PUBLIC KEY} PEM block (RFC 7468, strict: nothing before or after the
     * block apart from whitespace, no headers, lines of at most 76 base64 characters, canonical base64).
     *
     * @throws InvalidKeyException           if the text or the key is malformed
     * @throws UnsupportedAlgorithmException if the OID is not one of qsafe's algorithms
     */
    public static PublicKey decodePublicPem(String pem) {
        return decodeSpki(unpem(pem, PUBLIC_LABEL));
    }

    /**
     * The private key in a {@code PRIVATE KEY} PEM block, read as strictly as {@link #decodePublicPem}.
     *
     * @throws InvalidKeyException           if the text or the key is malformed
     * @throws UnsupportedAlgorithmException if the OID is not one of qsafe's algorithms
     */
    public static PrivateKey decodePrivatePem(String pem) {
        byte[] der = unpem(pem, PRIVATE_LABEL);
        try {
            return decodePkcs8(der);
        } finally {
            wipe(der);
        }
    }

    private static String pem(String label, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder(b64.length() + b64.length() / PEM_LINE + 64);
        out.append("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < b64.length(); i += PEM_LINE) {
            out.append(b64, i, Math.min(b64.length(), i + PEM_LINE)).append('\n');
        }
        return out.append("-----END ").append(label).append("-----\n").toString();
    }

    private static byte[] unpem(String pem, String label) {
        Objects.requireNonNull(pem, "pem");
        String what = "PEM " + label;
        if (pem.length() > MAX_PEM_CHARS) {
            throw new InvalidKeyException(what + " is " + pem.length() + " characters, more than the " + MAX_PEM_CHARS + " accepted");
        }
        String[] lines = pem.strip().replace("\r\n", "\n").split("\n", -1);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        if (!lines[0].equals(begin)) {
            String found = lines[0].startsWith("-----BEGIN ") && lines[0].length() <= 80 ? ": found '" + lines[0] + "'" : "";
            throw new InvalidKeyException(what + " must start with '" + begin + "'" + found);
        }
        if (lines.length < 3 || !lines[lines.length - 1].equals(end)) {
            throw new InvalidKeyException(what + " must end with '" + end + "' after at least one line of base64");
        }
        StringBuilder body = new StringBuilder(pem.length());
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.length() > PEM_MAX_LINE) {
                throw new InvalidKeyException(what + ": line " + (i + 1) + " must hold 1 to " + PEM_MAX_LINE
                        + " base64 characters, it has " + line.length());
            }
            for (int j = 0; j < line.length(); j++) {
                char c = line.charAt(j);
                boolean base64 = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=';
                if (!base64) {
                    throw new InvalidKeyException(what + ": line " + (i + 1) + " has a character outside the base64 alphabet"
                            + " (headers and explanatory text are not accepted)");
                }
            }
            body.append(line);
        }
        String b64 = body.toString();
        byte[] der;
        try {
            der = Base64.getDecoder().decode(b64.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException(what + ": the base64 is malformed", e);
        }
        // Re-encoding rejects what the decoder tolerates: missing padding, non-zero padding bits.
        if (!Base64.getEncoder().encodeToString(der).equals(b64)) {
            wipe(der);
            throw new InvalidKeyException(what + ": the base64 is not canonical (padding missing or padding bits set)");
        }
        return der;
    }

    // ---- helpers ----

    private static Format format(Algorithm algorithm) {
        Format f = FORMATS.get(algorithm);
        if (f == null) {
            String why = algorithm.kind() != AlgorithmKind.KEM && algorithm.kind() != AlgorithmKind.SIGNATURE
                    ? "it is a " + algorithm.kind() + ", which has no key pairs"
                    : algorithm.oid().isEmpty() ? "it has no OID" : "qsafe defines no key encoding for it";
            throw new UnsupportedAlgorithmException("cannot encode a " + algorithm + " key: " + why
                    + "; encodable: " + FORMATS.keySet());
        }
        return f;
    }

    private static byte[] algorithmIdentifier(Algorithm algorithm) {
        return Der.sequence(Der.oid(algorithm.oid()));
    }

    private static Algorithm readAlgorithmIdentifier(Der.Reader in) {
        Der.Reader id = in.sequence("AlgorithmIdentifier");
        String oid = id.oid("algorithm");
        Algorithm algorithm = BY_OID.get(oid);
        if (algorithm == null) {
            throw new UnsupportedAlgorithmException("the key's algorithm (OID " + oid + ") is not one qsafe supports; "
                    + "supported: " + BY_OID.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
        }
        if (id.hasMore()) {
            throw id.error("the " + algorithm + " AlgorithmIdentifier must have no parameters");
        }
        return algorithm;
    }

    private static void requireSize(int length, String what) {
        if (length > MAX_DER_BYTES) {
            throw new InvalidKeyException(what + " is " + length + " bytes, more than the " + MAX_DER_BYTES + " accepted");
        }
    }

    private static void requireLength(Algorithm algorithm, int length, int expected) {
        if (length != expected) {
            throw new InvalidKeyException(algorithm + " private key of " + length + " bytes has no standard encoding"
                    + " (expected " + expected + " bytes)");
        }
    }

    private static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}

package dev.qsafe.runtime.hpke;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.Xof;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javax.security.auth.Destroyable;

/**
 * Hybrid Public Key Encryption, RFC 9180, in base mode (no PSK, no sender authentication), over the
 * engines a {@link CryptoRegistry} selects.
 *
 * <p>A suite is a KEM, a KDF and an AEAD that each have an HPKE identifier in {@link Algorithm}:
 * <ul>
 *   <li>KEM: DHKEM(X25519, HKDF-SHA256) {@code 0x0020} (RFC 9180), ML-KEM-768 {@code 0x0041} and
 *       ML-KEM-1024 {@code 0x0042}, X-Wing {@code 0x647A} (draft-ietf-hpke-pq: {@code enc} is the KEM
 *       ciphertext and {@code shared_secret} the KEM's shared secret as it is);</li>
 *   <li>KDF: HKDF-SHA256 {@code 0x0001} (any two-stage HKDF of RFC 9180 that has an engine);</li>
 *   <li>AEAD: AES-128-GCM {@code 0x0001}, AES-256-GCM {@code 0x0002}, ChaCha20-Poly1305 {@code 0x0003}.</li>
 * </ul>
 * The key schedule is RFC 9180 section 5.1 exactly, so the output opens with any conforming HPKE
 * implementation given the key, and the other way round.
 *
 * {@snippet :
 * Hpke hpke = Hpke.of(registry, Algorithm.ML_KEM_1024, Algorithm.HKDF_SHA256, Algorithm.AES_256_GCM);
 * Hpke.Sender sender = hpke.setupBaseSender(recipientPublicKey, info);
 * byte[] ciphertext = sender.seal(aad, plaintext);
 * // send sender.enc() and ciphertext; the recipient:
 * Hpke.Recipient recipient = hpke.setupBaseRecipient(recipientPrivateKey, enc, info);
 * byte[] opened = recipient.open(aad, ciphertext);
 * }
 *
 * <p>An {@code Hpke} instance is immutable and thread-safe. The {@link Sender} and {@link Recipient}
 * contexts it sets up are stateful: each message uses the next sequence number, so messages must be
 * opened in the order they were sealed, and a context should be used by one thread. (Their methods
 * are synchronized, so sharing one cannot reuse a nonce, but the order of messages is then up to the
 * scheduler.) Destroy a context when done to wipe its keys.
 *
 * <p>Lengths are bounded before anything is allocated: {@code info} and exporter contexts to
 * {@value #MAX_INFO_LENGTH} bytes, associated data to {@value #MAX_AAD_LENGTH} bytes.
 *
 * @since 0.1.0
 */
public final class Hpke {
    /** The longest {@code info} and exporter context accepted, in bytes (RFC 9180 section 7.2.1 allows limits). */
    public static final int MAX_INFO_LENGTH = 64 * 1024;
    /** The longest associated data accepted by seal and open, in bytes. */
    public static final int MAX_AAD_LENGTH = 1024 * 1024;

    /** The HKDF KDF ids of RFC 9180 (SHA-256, SHA-384, SHA-512): two-stage KDFs, which {@link Kdf} models. */
    private static final Set<Integer> TWO_STAGE_KDF_IDS = Set.of(0x0001, 0x0002, 0x0003);

    /**
     * The KEMs of draft-ietf-hpke-pq (ML-KEM-512/768/1024, MLKEM768-P256, MLKEM1024-P384, X-Wing =
     * MLKEM768-X25519), whose {@code DeriveKeyPair(ikm)} first derives the KEM's seed with
     * {@code SHAKE256.LabeledDerive(ikm, "DeriveKeyPair", "", Nsk)}.
     */
    private static final Set<Integer> SHAKE_DERIVED_KEM_IDS = Set.of(0x0040, 0x0041, 0x0042, 0x0050, 0x0051, 0x647A);
    private static final byte[] HPKE_V1 = "HPKE-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DERIVE_KEY_PAIR = "DeriveKeyPair".getBytes(StandardCharsets.US_ASCII);

    private final Algorithm kemAlgorithm;
    private final Algorithm kdfAlgorithm;
    private final Algorithm aeadAlgorithm;
    private final KemSpi kem;
    private final Kdf kdf;
    private final AeadSpi aead;
    private final byte[] suiteId;
    /** SHAKE256, for DeriveKeyPair of the post-quantum KEMs; asked for only when needed. */
    private final Supplier<Xof> shake256;
    /**
     * Base mode's {@code psk_id_hash}, a constant of the suite (RFC 9180 section 5.1: the extract of the
     * empty {@code psk_id}), computed by the first key schedule and read by every later one. Two threads
     * may both compute it; they compute the same bytes. Never handed out.
     */
    private volatile byte[] pskIdHash;

    private Hpke(Algorithm kemAlgorithm, Algorithm kdfAlgorithm, Algorithm aeadAlgorithm, KemSpi kem, Kdf kdf, AeadSpi aead,
                 Supplier<Xof> shake256) {
        this.shake256 = shake256;
        this.kemAlgorithm = kemAlgorithm;
        this.kdfAlgorithm = kdfAlgorithm;
        this.aeadAlgorithm = aeadAlgorithm;
        this.kem = kem;
        this.kdf = kdf;
        this.aead = aead;
        this.suiteId = new byte[] {'H', 'P', 'K', 'E',
                (byte) (kemAlgorithm.hpkeId() >>> 8), (byte) kemAlgorithm.hpkeId(),
                (byte) (kdfAlgorithm.hpkeId() >>> 8), (byte) kdfAlgorithm.hpkeId(),
                (byte) (aeadAlgorithm.hpkeId() >>> 8), (byte) aeadAlgorithm.hpkeId()};
    }

    /**
     * The HPKE suite of {@code kem}, {@code kdf} and {@code aead}, with the engines {@code registry}
     * selects for them.
     *
     * @param registry where the engines come from
     * @param kem      a KEM with an HPKE id, e.g. {@link Algorithm#X_WING}
     * @param kdf      a two-stage KDF with an HPKE id: {@link Algorithm#HKDF_SHA256} or {@link Algorithm#HKDF_SHA384}
     * @param aead     an AEAD with an HPKE id, e.g. {@link Algorithm#AES_256_GCM}
     * @throws UnsupportedAlgorithmException if an algorithm is of the wrong kind, has no HPKE identifier,
     *                                       is not a two-stage KDF, or has no engine in the registry
     */
    public static Hpke of(CryptoRegistry registry, Algorithm kem, Algorithm kdf, Algorithm aead) {
        Objects.requireNonNull(registry, "registry");
        checkSuite(kem, kdf, aead);
        return new Hpke(kem, kdf, aead, registry.kem(kem), registry.kdf(kdf), registry.aead(aead),
                () -> registry.xof(Algorithm.SHAKE256));
    }

    /**
     * The HPKE suite over the given engines instead of the ones a registry selects: for conformance
     * runs that check each engine (or combination of engines) on its own, with engines from
     * {@link CryptoRegistry#kem(Algorithm, String)} and its siblings.
     *
     * @param kem  a KEM engine whose algorithm has an HPKE id
     * @param kdf  a KDF engine of a two-stage KDF with an HPKE id
     * @param aead an AEAD engine whose algorithm has an HPKE id
     * @throws UnsupportedAlgorithmException if an engine's algorithm is of the wrong kind, has no HPKE
     *                                       identifier, or is not a two-stage KDF
     */
    public static Hpke of(KemSpi kem, Kdf kdf, AeadSpi aead) {
        return of(kem, kdf, aead, null);
    }

    /**
     * {@link #of(KemSpi, Kdf, AeadSpi)} with the SHAKE256 engine that {@link #deriveKeyPair} uses for the
     * post-quantum KEMs of draft-ietf-hpke-pq.
     *
     * @param shake256 a SHAKE256 engine, or {@code null} if {@link #deriveKeyPair} will not be needed for them
     * @throws UnsupportedAlgorithmException as {@link #of(KemSpi, Kdf, AeadSpi)}, or if {@code shake256} is
     *                                       not SHAKE256
     */
    public static Hpke of(KemSpi kem, Kdf kdf, AeadSpi aead, Xof shake256) {
        Objects.requireNonNull(kem, "kem");
        Objects.requireNonNull(kdf, "kdf");
        Objects.requireNonNull(aead, "aead");
        checkSuite(kem.algorithm(), kdf.algorithm(), aead.algorithm());
        if (shake256 != null && !Algorithm.SHAKE256.equals(shake256.algorithm())) {
            throw new UnsupportedAlgorithmException("HPKE DeriveKeyPair needs a SHAKE256 engine, got " + shake256.algorithm());
        }
        return new Hpke(kem.algorithm(), kdf.algorithm(), aead.algorithm(), kem, kdf, aead, () -> {
            if (shake256 == null) {
                throw new UnsupportedAlgorithmException("HPKE DeriveKeyPair for " + kem.algorithm()
                        + " needs SHAKE256 (draft-ietf-hpke-pq): pass a SHAKE256 engine to Hpke.of");
            }
            return shake256;
        });
    }

    private static void checkSuite(Algorithm kem, Algorithm kdf, Algorithm aead) {
        requireHpke(kem, AlgorithmKind.KEM);
        requireHpke(kdf, AlgorithmKind.KDF);
        requireHpke(aead, AlgorithmKind.AEAD);
        if (!TWO_STAGE_KDF_IDS.contains(kdf.hpkeId())) {
            throw new UnsupportedAlgorithmException("HPKE KDF " + kdf + " (id " + String.format("0x%04X", kdf.hpkeId())
                    + ") is not one of RFC 9180's two-stage HKDFs; qsafe's HPKE supports HKDF-SHA256 (0x0001)");
        }
        if (kem.ciphertextSize() <= 0 || kdf.keySize() <= 0 || aead.keySize() <= 0 || aead.nonceSize() <= 0) {
            throw new UnsupportedAlgorithmException("HPKE needs the sizes Nenc, Nh, Nk and Nn, and "
                    + kem + ", " + kdf + " or " + aead + " does not declare them");
        }
    }

    /** The KEM of this suite. */
    public Algorithm kem() {
        return kemAlgorithm;
    }

    /** The KDF of this suite. */
    public Algorithm kdf() {
        return kdfAlgorithm;
    }

    /** The AEAD of this suite. */
    public Algorithm aead() {
        return aeadAlgorithm;
    }

    /**
     * HPKE {@code DeriveKeyPair(ikm)} of this suite's KEM: the key pair the HPKE specification derives
     * from input keying material. For DHKEM it is RFC 9180 section 7.1.3 (done by the KEM engine); for
     * the post-quantum KEMs of draft-ietf-hpke-pq (ML-KEM, X-Wing) the KEM's seed is first derived as
     * {@code SHAKE256.LabeledDerive(ikm, "DeriveKeyPair", "", Nsk)}, then expanded by the KEM (64-byte
     * {@code d || z} for ML-KEM, 32-byte seed for X-Wing). Use it for deterministic keys from a secret,
     * or to reproduce the specifications' test vectors; {@code ikm} should hold at least {@code Nsk}
     * bytes of entropy.
     *
     * @param ikm input keying material, at most {@value #MAX_INFO_LENGTH} bytes
     * @throws InvalidInputException         if {@code ikm} is longer than that
     * @throws UnsupportedAlgorithmException if the KEM needs SHAKE256 and none is available
     */
    public KeyPair deriveKeyPair(byte[] ikm) {
        Objects.requireNonNull(ikm, "ikm");
        if (ikm.length > MAX_INFO_LENGTH) {
            throw new InvalidInputException("HPKE DeriveKeyPair ikm must be at most " + MAX_INFO_LENGTH
                    + " bytes, got " + ikm.length);
        }
        if (!SHAKE_DERIVED_KEM_IDS.contains(kemAlgorithm.hpkeId())) {
            return kem.deriveKeyPair(ikm);
        }
        byte[] seed = labeledDerive(shake256.get(), ikm, DERIVE_KEY_PAIR, kemAlgorithm.privateKeySize());
        try {
            return kem.deriveKeyPair(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * {@code SHAKE256.LabeledDerive(ikm, label, "", L)} of draft-ietf-hpke-hpke / draft-ietf-hpke-pq with
     * the KEM's {@code suite_id = "KEM" || I2OSP(kem_id, 2)}: {@code SHAKE256(ikm || "HPKE-v1" || suite_id
     * || I2OSP(len(label), 2) || label || I2OSP(L, 2) || context, L)}.
     */
    private byte[] labeledDerive(Xof shake, byte[] ikm, byte[] label, int length) {
        int kemId = kemAlgorithm.hpkeId();
        byte[] input = new byte[ikm.length + HPKE_V1.length + 5 + 2 + label.length + 2];
        int at = 0;
        System.arraycopy(ikm, 0, input, at, ikm.length);
        at += ikm.length;
        System.arraycopy(HPKE_V1, 0, input, at, HPKE_V1.length);
        at += HPKE_V1.length;
        input[at++] = 'K';
        input[at++] = 'E';
        input[at++] = 'M';
        input[at++] = (byte) (kemId >>> 8);
        input[at++] = (byte) kemId;
        input[at++] = (byte) (label.length >>> 8);
        input[at++] = (byte) label.length;
        System.arraycopy(label, 0, input, at, label.length);
        at += label.length;
        input[at++] = (byte) (length >>> 8);
        input[at] = (byte) length;
        try {
            return shake.digest(input, length);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /** {@code suite_id = "HPKE" || I2OSP(kem_id, 2) || I2OSP(kdf_id, 2) || I2OSP(aead_id, 2)}, a copy. */
    public byte[] suiteId() {
        return suiteId.clone();
    }

    /**
     * {@code SetupBaseS(pkR, info)}: encapsulates a fresh shared secret to {@code recipient} and derives
     * the sender's context. Send {@link Sender#enc()} along with the ciphertexts.
     *
     * @param recipient the recipient's public key, of this suite's KEM
     * @param info      application context bound into the key schedule; empty for none
     * @throws InvalidKeyException   if the key is not a valid public key of this suite's KEM
     * @throws InvalidInputException if {@code info} is longer than {@value #MAX_INFO_LENGTH} bytes
     */
    public Sender setupBaseSender(PublicKey recipient, byte[] info) {
        checkSenderInputs(recipient, info);
        return sender(kem.encapsulate(recipient), info);
    }

    /**
     * {@code SetupBaseS} with the KEM's encapsulation randomness given instead of drawn: the
     * {@code ikmE} of RFC 9180 for DHKEM, the 32-byte {@code m} of FIPS 203 for ML-KEM, the 64-byte
     * {@code eseed} of X-Wing. Only for known-answer tests: reusing randomness breaks confidentiality.
     *
     * @param recipient               the recipient's public key, of this suite's KEM
     * @param info                    application context bound into the key schedule; empty for none
     * @param encapsulationRandomness the KEM's encapsulation randomness
     * @throws InvalidKeyException   if the key is not a valid public key of this suite's KEM
     * @throws InvalidInputException if {@code info} is too long or the randomness has the wrong length
     */
    public Sender setupBaseSenderDerandomized(PublicKey recipient, byte[] info, byte[] encapsulationRandomness) {
        checkSenderInputs(recipient, info);
        Objects.requireNonNull(encapsulationRandomness, "encapsulationRandomness");
        return sender(kem.engineEncapsulateDerandomized(recipient, encapsulationRandomness), info);
    }

    /**
     * {@code SetupBaseR(enc, skR, info)}: decapsulates {@code enc} and derives the recipient's context.
     *
     * @param recipient the recipient's private key, of this suite's KEM
     * @param enc       the sender's {@link Sender#enc()}
     * @param info      the sender's info
     * @throws InvalidKeyException       if the key is not a private key of this suite's KEM, or is destroyed
     * @throws InvalidInputException     if {@code enc} does not have the KEM's encapsulation length
     *                                   ({@link Algorithm#ciphertextSize()}) or {@code info} is too long
     * @throws DecryptionFailedException if the KEM rejects {@code enc} (for DHKEM, a low-order point);
     *                                   a well-formed but wrong {@code enc} is detected by {@link Recipient#open}
     */
    public Recipient setupBaseRecipient(PrivateKey recipient, byte[] enc, byte[] info) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(enc, "enc");
        checkInfo(info);
        if (!kemAlgorithm.equals(recipient.algorithm())) {
            throw new InvalidKeyException("HPKE suite " + this + " needs a " + kemAlgorithm
                    + " private key, got a " + recipient.algorithm() + " key");
        }
        if (enc.length != kemAlgorithm.ciphertextSize()) {
            throw new InvalidInputException("HPKE enc for " + kemAlgorithm + " must be " + kemAlgorithm.ciphertextSize()
                    + " bytes, got " + enc.length);
        }
        SecretBytes sharedSecret;
        try {
            sharedSecret = kem.decapsulate(recipient, enc);
        } catch (InvalidInputException e) {
            // The KEM refused the encapsulation: from the outside, one more way of not opening.
            throw new DecryptionFailedException();
        }
        try {
            return new Recipient(this, HpkeContext.keySchedule(kdf, aead, suiteId, pskIdHash(), sharedSecret, info));
        } finally {
            sharedSecret.destroy();
        }
    }

    /** Names the suite's algorithms. */
    @Override
    public String toString() {
        return "Hpke[" + kemAlgorithm + ", " + kdfAlgorithm + ", " + aeadAlgorithm + "]";
    }

    private Sender sender(Encapsulation encapsulation, byte[] info) {
        SecretBytes sharedSecret = encapsulation.sharedSecret();
        try {
            return new Sender(this, encapsulation.ciphertext(),
                    HpkeContext.keySchedule(kdf, aead, suiteId, pskIdHash(), sharedSecret, info));
        } finally {
            sharedSecret.destroy();
        }
    }

    /** {@link #pskIdHash}, computed on first use. */
    private byte[] pskIdHash() {
        byte[] h = pskIdHash;
        if (h == null) {
            h = HpkeContext.pskIdHash(kdf, suiteId);
            pskIdHash = h;
        }
        return h;
    }

    private void checkSenderInputs(PublicKey recipient, byte[] info) {
        Objects.requireNonNull(recipient, "recipient");
        checkInfo(info);
        if (!kemAlgorithm.equals(recipient.algorithm())) {
            throw new InvalidKeyException("HPKE suite " + this + " needs a " + kemAlgorithm
                    + " public key, got a " + recipient.algorithm() + " key");
        }
    }

    private static void checkInfo(byte[] info) {
        Objects.requireNonNull(info, "info (pass an empty array for none)");
        if (info.length > MAX_INFO_LENGTH) {
            throw new InvalidInputException("HPKE info must be at most " + MAX_INFO_LENGTH + " bytes, got " + info.length);
        }
    }

    private static void checkAad(byte[] aad) {
        Objects.requireNonNull(aad, "aad (pass an empty array for none)");
        if (aad.length > MAX_AAD_LENGTH) {
            throw new InvalidInputException("HPKE associated data must be at most " + MAX_AAD_LENGTH
                    + " bytes, got " + aad.length);
        }
    }

    private byte[] export(HpkeContext context, byte[] exporterContext, int length) {
        Objects.requireNonNull(exporterContext, "exporterContext (pass an empty array for none)");
        if (exporterContext.length > MAX_INFO_LENGTH) {
            throw new InvalidInputException("HPKE exporter context must be at most " + MAX_INFO_LENGTH
                    + " bytes, got " + exporterContext.length);
        }
        int max = 255 * kdfAlgorithm.keySize();
        if (length < 0 || length > max) {
            throw new InvalidInputException("HPKE export length must be 0.." + max + " bytes (255 * Nh of "
                    + kdfAlgorithm + "), got " + length);
        }
        return context.export(exporterContext, length);
    }

    private static void requireHpke(Algorithm algorithm, AlgorithmKind kind) {
        if (algorithm == null) { // not requireNonNull(algorithm, message): the message would be built on every call
            throw new NullPointerException(kind.name().toLowerCase(Locale.ROOT));
        }
        if (algorithm.kind() != kind) {
            throw new UnsupportedAlgorithmException(algorithm + " is a " + algorithm.kind() + ", not a " + kind
                    + "; an HPKE suite needs a KEM, a KDF and an AEAD");
        }
        if (algorithm.hpkeId() < 0) { // hpke() is empty exactly then; hpkeId() builds no Optional
            throw new UnsupportedAlgorithmException(algorithm + " has no HPKE " + kind
                    + " identifier; HPKE " + kind + "s with one: " + Algorithm.wellKnown().stream()
                    .filter(a -> a.kind() == kind && a.hpke().isPresent()).map(Algorithm::name).toList());
        }
    }

    /**
     * What the sender's and the recipient's contexts share: the secret export, destruction and a string
     * form that names the suite, never a secret.
     */
    public abstract static sealed class Context implements Destroyable permits Sender, Recipient {
        final Hpke suite;
        final HpkeContext context;

        private Context(Hpke suite, HpkeContext context) {
            this.suite = suite;
            this.context = context;
        }

        /**
         * {@code Export(exporter_context, L)}: a secret of {@code length} bytes that the other side's
         * context derives identically for the same inputs.
         *
         * @throws InvalidInputException if the context is too long or {@code length} is not 0..255*Nh
         * @throws InvalidKeyException   if the context was destroyed
         */
        public byte[] export(byte[] exporterContext, int length) {
            return suite.export(context, exporterContext, length);
        }

        /** Wipes the AEAD key, base nonce and exporter secret; later use fails with {@link InvalidKeyException}. */
        @Override
        public void destroy() {
            context.destroy();
        }

        @Override
        public boolean isDestroyed() {
            return context.isDestroyed();
        }

        /** Names the suite, never a secret. */
        @Override
        public String toString() {
            return "Hpke." + getClass().getSimpleName() + "[" + suite.kemAlgorithm + ", " + suite.kdfAlgorithm + ", "
                    + suite.aeadAlgorithm + (isDestroyed() ? ", destroyed" : "") + "]";
        }
    }

    /**
     * The sender's context ({@code ContextS}): seals messages in order and exports secrets. Not meant to
     * be shared between threads; destroy it when done.
     */
    public static final class Sender extends Context {
        private final byte[] enc;

        private Sender(Hpke suite, byte[] enc, HpkeContext context) {
            super(suite, context);
            this.enc = enc;
        }

        /** The encapsulation to send to the recipient (HPKE {@code enc}), a copy. */
        public byte[] enc() {
            return enc.clone();
        }

        /**
         * {@code Seal(aad, pt)}: encrypts {@code plaintext} with the next nonce and returns
         * {@code ciphertext || tag}.
         *
         * @param aad       associated data, authenticated but not encrypted; empty for none
         * @param plaintext the message
         * @throws InvalidInputException if {@code aad} is longer than {@value Hpke#MAX_AAD_LENGTH} bytes
         * @throws InvalidKeyException   if the context was destroyed
         * @throws QSafeException       if the context has sealed {@code 2^63 - 1} messages (RFC 9180's
         *                               MessageLimitReachedError)
         */
        public byte[] seal(byte[] aad, byte[] plaintext) {
            checkAad(aad);
            Objects.requireNonNull(plaintext, "plaintext");
            return context.seal(aad, plaintext);
        }

        /**
         * {@link #seal} of {@code plaintext[offset, +length)}, writing {@code ciphertext || tag} to {@code out}
         * from {@code outOffset} without an intermediate array; returns the bytes written.
         *
         * @throws InvalidInputException if {@code aad} is too long, a range lies outside its array or
         *                               {@code out} has no room for the result (nothing is written then)
         */
        public int sealInto(byte[] aad, byte[] plaintext, int offset, int length, byte[] out, int outOffset) {
            checkAad(aad);
            return context.sealInto(aad, plaintext, offset, length, out, outOffset);
        }

    }

    /**
     * The recipient's context ({@code ContextR}): opens messages in the order they were sealed and
     * exports secrets. Not meant to be shared between threads; destroy it when done.
     */
    public static final class Recipient extends Context {
        private Recipient(Hpke suite, HpkeContext context) {
            super(suite, context);
        }

        /**
         * {@code Open(aad, ct)}: checks and decrypts the next message. A failure does not move the
         * sequence number on, so the expected message can still be opened after a forged one.
         *
         * @param aad        the associated data the sender used; empty for none
         * @param ciphertext {@code ciphertext || tag}
         * @throws DecryptionFailedException if anything does not match (key, enc, info, order, ciphertext,
         *                                   tag, associated data), always with the same message
         * @throws InvalidInputException     if {@code aad} is longer than {@value Hpke#MAX_AAD_LENGTH} bytes
         * @throws InvalidKeyException       if the context was destroyed
         * @throws QSafeException            if the context has opened {@code 2^63 - 1} messages
         */
        public byte[] open(byte[] aad, byte[] ciphertext) {
            checkAad(aad);
            Objects.requireNonNull(ciphertext, "ciphertext");
            return context.open(aad, ciphertext);
        }

        /**
         * {@link #open} of {@code ciphertext[offset, +length)}, writing the plaintext to {@code out} from
         * {@code outOffset}; on failure that range of {@code out} is zero. Returns the plaintext length.
         *
         * @throws DecryptionFailedException as {@link #open}
         * @throws InvalidInputException     if {@code aad} is too long, a range lies outside its array or
         *                                   {@code out} has no room for the plaintext
         */
        public int openInto(byte[] aad, byte[] ciphertext, int offset, int length, byte[] out, int outOffset) {
            checkAad(aad);
            return context.openInto(aad, ciphertext, offset, length, out, outOffset);
        }

    }
}

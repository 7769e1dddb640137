package dev.qsafe.provider.hybrid.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.KeyAgreementSpi;
import dev.qsafe.api.spi.XofSpi;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * X-Wing (draft-connolly-cfrg-xwing-kem), the hybrid of ML-KEM-768 and X25519, over component engines.
 *
 * <p>The private key is the 32-byte seed; on its first use it is expanded with
 * {@code SHAKE256(seed, 96)} into the ML-KEM-768 seed {@code d || z} (bytes 0 to 64) and the X25519
 * scalar (bytes 64 to 96), and the component keys and {@code pk_X} are kept on the X-Wing key as engine
 * state (see {@link PrivateKey#engineState}), so later decapsulations skip the SHAKE256 and the X25519
 * base-point multiplication; destroying the X-Wing key destroys them. The public key is {@code pk_M || pk_X} (1216 bytes), the encapsulation
 * {@code ct_M || ct_X} (1120 bytes), and the shared secret
 * {@code SHA3-256(ss_M || ss_X || ct_X || pk_X || XWingLabel)}.
 *
 * <p>ML-KEM-768 and X25519 come from the engines the registry selects; SHA3-256 from the JDK. A
 * randomized encapsulation takes its ephemeral X25519 key pair from the DHKEM-X25519 engine's
 * {@code generateKeyPair} (on {@code conscrypt}: one fixed-base multiplication, the key object kept
 * for {@code ss_X}) and ML-KEM's randomized encapsulation; the derandomized one ({@code eseed}, the
 * vectors') computes both from {@code eseed} as the draft writes it. Key and
 * ciphertext checks are the components': ML-KEM-768's modulus check on {@code pk_M}, and the refusal of
 * an all-zero X25519 result, which means a low-order {@code pk_X} is an invalid key and a low-order
 * {@code ct_X} an invalid encapsulation (a conforming sender never produces either). Otherwise a
 * modified encapsulation gives an unrelated secret, as ML-KEM's implicit rejection does.
 *
 * <p>Thread-safe: the components are, the state kept on a key is created once per key by
 * {@link PrivateKey#engineState} and only read afterwards, and the other intermediate secrets live on
 * the stack of one call, wiped before it returns.
 */
final class XWingEngine implements KemSpi {
    private static final Algorithm XWING = Algorithm.X_WING;
    private static final Algorithm MLKEM = Algorithm.ML_KEM_768;
    private static final Algorithm DHKEM = Algorithm.DHKEM_X25519;
    /** {@code XWingLabel}, the six ASCII characters {@code \.//^\}. */
    private static final byte[] LABEL = {0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c};
    /** The u-coordinate 9 of RFC 7748's base point, little-endian. */
    private static final byte[] X25519_BASE = {9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                               0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** X25519 scalars, points and shared values are 32 bytes. */
    private static final int X25519_LENGTH = 32;
    /** Length of the ML-KEM-768 seed {@code d || z} in the expanded key. */
    private static final int MLKEM_SEED_LENGTH = 64;
    /** Length of {@code SHAKE256(seed, 96)}. */
    private static final int EXPANDED_LENGTH = MLKEM_SEED_LENGTH + X25519_LENGTH;
    /** Length of ML-KEM's encapsulation randomness {@code m}, the first part of {@code eseed}. */
    private static final int M_LENGTH = 32;
    /** Length of the encapsulation randomness {@code eseed}: ML-KEM's {@code m}, then the X25519 scalar. */
    private static final int ESEED_LENGTH = M_LENGTH + X25519_LENGTH;

    /** Owner of the expanded private key kept on an X-Wing {@link PrivateKey} (see {@link PrivateKey#engineState}). */
    static final Object PRIVATE_STATE = new Object();
    /** Owner of the split public key kept on an X-Wing {@link PublicKey}. */
    static final Object PUBLIC_STATE = new Object();

    private final KemSpi mlKem;
    private final KemSpi dhKem;
    private final KeyAgreementSpi x25519;
    private final XofSpi shake256;
    private final SecureRandom random;

    /**
     * @param mlKem    the ML-KEM-768 engine
     * @param dhKem    the DHKEM-X25519 engine, whose key pairs are X25519 key pairs (the private key is
     *                 the scalar); it makes the ephemeral key of a randomized encapsulation
     * @param x25519   the raw X25519 function of that engine
     * @param shake256 the SHAKE256 engine
     * @param random   the source of key seeds
     */
    XWingEngine(KemSpi mlKem, KemSpi dhKem, KeyAgreementSpi x25519, XofSpi shake256, SecureRandom random) {
        this.mlKem = mlKem;
        this.dhKem = dhKem;
        this.x25519 = x25519;
        this.shake256 = shake256;
        this.random = random;
    }

    @Override
    public Algorithm algorithm() {
        return XWING;
    }

    /** The key pair of a fresh random 32-byte seed (X-Wing GenerateKeyPair). */
    @Override
    public KeyPair generateKeyPair() {
        byte[] seed = new byte[XWING.privateKeySize()];
        random.nextBytes(seed);
        try {
            return deriveKeyPair(seed);
        } finally {
            Bytes.wipe(seed);
        }
    }

    /** X-Wing GenerateKeyPairDerand(seed): the private key is the 32-byte seed itself. */
    @Override
    public KeyPair deriveKeyPair(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != XWING.privateKeySize()) {
            throw new InvalidKeyException("X-Wing seed must be " + XWING.privateKeySize() + " bytes, got " + seed.length);
        }
        PrivateKey privateKey = PrivateKey.of(XWING, seed);
        return new KeyPair(derivePublicKey(privateKey), privateKey);
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        Expanded key = expand(privateKey);
        return PublicKey.of(XWING, Bytes.concat(mlKem.derivePublicKey(key.mlKem()).encoded(), key.publicX()));
    }

    /**
     * X-Wing Encapsulate(pk), which is EncapsulateDerand(pk, eseed) for a uniformly random 64-byte
     * {@code eseed}: its two halves are independent, so the ML-KEM-768 half is the component's own
     * randomized encapsulation (ML-KEM's {@code m} drawn by that engine) and the X25519 half is an
     * ephemeral key pair of the DHKEM-X25519 component ({@code ek_X} uniform, {@code ct_X = X25519(ek_X, 9)}).
     * Same distribution, and it lets a native component make the ephemeral key with one fixed-base
     * multiplication and keep its key object for {@code ss_X}, where importing 32 bytes of
     * {@code eseed} would cost two full multiplications. The combiner is the same as the derandomized path's.
     */
    @Override
    public Encapsulation encapsulate(PublicKey recipient) {
        PublicParts pk = publicParts(recipient);
        byte[] pkX = pk.publicX();
        KeyPair ephemeral = dhKem.generateKeyPair();
        byte[] ssM = null;
        byte[] ssX = null;
        try {
            byte[] ctX = ephemeral.publicKey().encoded();
            if (ctX.length != X25519_LENGTH) {
                throw new IllegalStateException("the DHKEM-X25519 engine gave a " + ctX.length + "-byte public key");
            }
            try {
                ssX = x25519.engineAgree(ephemeral.privateKey(), pkX.clone());
            } catch (InvalidKeyException e) {
                throw new InvalidKeyException("X-Wing public key rejected: its X25519 part is a low-order point", e);
            }
            Encapsulation encapsulationM = mlKem.encapsulate(pk.mlKem());
            ssM = secret(encapsulationM.sharedSecret());
            byte[] ct = Bytes.concat(encapsulationM.ciphertext(), ctX);
            return new Encapsulation(ct, SecretBytes.wrap(combine(ssM, ssX, ctX, pkX)));
        } finally {
            Bytes.wipe(ssM, ssX);
            ephemeral.privateKey().destroy();
        }
    }

    /** X-Wing EncapsulateDerand(pk, eseed) with the caller's 64-byte {@code eseed}. */
    @Override
    public Encapsulation engineEncapsulateDerandomized(PublicKey recipient, byte[] eseed) {
        PublicParts pk = publicParts(recipient);
        Objects.requireNonNull(eseed, "eseed");
        if (eseed.length != ESEED_LENGTH) {
            throw new InvalidInputException("X-Wing encapsulation randomness eseed must be " + ESEED_LENGTH
                    + " bytes, got " + eseed.length);
        }
        return encapsulate(pk, eseed);
    }

    /**
     * X-Wing Decapsulate.
     *
     * @throws InvalidInputException if the encapsulation is not 1120 bytes or its X25519 part is a
     *                               low-order point
     */
    @Override
    public SecretBytes decapsulate(PrivateKey privateKey, byte[] encapsulation) {
        Objects.requireNonNull(encapsulation, "encapsulation");
        Expanded key = expand(privateKey);
        if (encapsulation.length != XWING.ciphertextSize()) {
            throw new InvalidInputException("X-Wing ciphertext must be " + XWING.ciphertextSize() + " bytes, got "
                    + encapsulation.length);
        }
        byte[] ctM = Arrays.copyOfRange(encapsulation, 0, MLKEM.ciphertextSize());
        byte[] ctX = Arrays.copyOfRange(encapsulation, MLKEM.ciphertextSize(), encapsulation.length);
        byte[] ssM = null;
        byte[] ssX = null;
        try {
            ssM = secret(mlKem.decapsulate(key.mlKem(), ctM));
            try {
                ssX = x25519.engineAgree(key.x25519(), ctX);
            } catch (InvalidKeyException e) {
                throw new InvalidInputException("X-Wing ciphertext rejected: its X25519 part is a low-order point", e);
            }
            return SecretBytes.wrap(combine(ssM, ssX, ctX, key.publicX()));
        } finally {
            Bytes.wipe(ssM, ssX);
        }
    }

    /** EncapsulateDerand with a checked public key and 64-byte {@code eseed}. */
    private Encapsulation encapsulate(PublicParts pk, byte[] eseed) {
        PublicKey pkM = pk.mlKem();
        byte[] pkX = pk.publicX();
        byte[] m = Arrays.copyOfRange(eseed, 0, M_LENGTH);
        PrivateKey ekX = Keys.component(DHKEM, eseed, M_LENGTH, ESEED_LENGTH);
        byte[] ssM = null;
        byte[] ssX = null;
        try {
            Encapsulation encapsulationM = mlKem.engineEncapsulateDerandomized(pkM, m);
            ssM = secret(encapsulationM.sharedSecret());
            byte[] ctX = x25519.engineAgree(ekX, X25519_BASE.clone());
            try {
                ssX = x25519.engineAgree(ekX, pkX.clone());
            } catch (InvalidKeyException e) {
                throw new InvalidKeyException("X-Wing public key rejected: its X25519 part is a low-order point", e);
            }
            byte[] ct = Bytes.concat(encapsulationM.ciphertext(), ctX);
            return new Encapsulation(ct, SecretBytes.wrap(combine(ssM, ssX, ctX, pkX)));
        } finally {
            Bytes.wipe(m, ssM, ssX);
            ekX.destroy();
        }
    }

    /** The X-Wing combiner: {@code SHA3-256(ss_M || ss_X || ct_X || pk_X || XWingLabel)}. */
    private static byte[] combine(byte[] ssM, byte[] ssX, byte[] ctX, byte[] pkX) {
        return Bytes.hash("SHA3-256", ssM, ssX, ctX, pkX, LABEL);
    }

    /** The raw bytes of a component's shared secret, which is destroyed; the caller wipes the copy. */
    private static byte[] secret(SecretBytes sharedSecret) {
        try {
            return sharedSecret.rawBytes(SecretAccess.INSECURE);
        } finally {
            sharedSecret.destroy();
        }
    }

    /**
     * The component keys and {@code pk_X} of a checked X-Wing private key, expanded on first use and kept
     * on the key (so the ML-KEM component engine can keep its own expanded key on the component key);
     * destroying the X-Wing key destroys them.
     */
    private Expanded expand(PrivateKey privateKey) {
        Keys.checkPrivate(privateKey, XWING);
        return privateKey.engineState(SecretAccess.INSECURE, PRIVATE_STATE, Expanded.class, this::expandNow);
    }

    /** The ML-KEM-768 public key and {@code pk_X} of a checked X-Wing public key, split once and kept on the key. */
    private PublicParts publicParts(PublicKey publicKey) {
        Keys.checkPublic(publicKey, XWING);
        return publicKey.engineState(PUBLIC_STATE, PublicParts.class, key -> {
            byte[] pk = key.encoded();
            return new PublicParts(Keys.componentPublic(MLKEM, pk, 0, MLKEM.publicKeySize()),
                    Arrays.copyOfRange(pk, MLKEM.publicKeySize(), pk.length));
        });
    }

    private Expanded expandNow(PrivateKey privateKey) {
        byte[] seed = Keys.privateBytes(privateKey, XWING);
        byte[] expanded = null;
        try {
            expanded = shake256.digest(seed, EXPANDED_LENGTH);
            PrivateKey skX = Keys.component(DHKEM, expanded, MLKEM_SEED_LENGTH, EXPANDED_LENGTH);
            byte[] pkX;
            try {
                pkX = x25519.engineAgree(skX, X25519_BASE.clone());
            } catch (RuntimeException e) {
                skX.destroy();
                throw e;
            }
            return new Expanded(Keys.component(MLKEM, expanded, 0, MLKEM_SEED_LENGTH), skX, pkX);
        } finally {
            Bytes.wipe(seed, expanded);
        }
    }

    /**
     * An expanded X-Wing private key, kept on the X-Wing key and destroyed with it.
     *
     * @param mlKem   the ML-KEM-768 private key {@code d || z}
     * @param x25519  the X25519 private scalar {@code sk_X}
     * @param publicX {@code pk_X = X25519(sk_X, 9)}; read only
     */
    record Expanded(PrivateKey mlKem, PrivateKey x25519, byte[] publicX) implements Destroyable {
        @Override
        public void destroy() {
            mlKem.destroy();
            x25519.destroy();
        }

        @Override
        public boolean isDestroyed() {
            return mlKem.isDestroyed() && x25519.isDestroyed();
        }
    }

    /**
     * A split X-Wing public key, kept on the key.
     *
     * @param mlKem   the ML-KEM-768 encapsulation key
     * @param publicX {@code pk_X}; read only
     */
    record PublicParts(PublicKey mlKem, byte[] publicX) {
    }
}

package dev.qsafe.provider.toolkit;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.KeyAgreementSpi;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * DHKEM(X25519, HKDF-SHA256), RFC 9180 sections 4.1 and 7.1, built once over a provider's
 * {@link X25519Function} and HKDF engine. Private keys are the 32-byte X25519 scalar; the
 * encapsulation is the sender's ephemeral public key.
 */
public final class DhKemX25519 implements KemSpi, KeyAgreementSpi {
    private static final Algorithm DHKEM = Algorithm.DHKEM_X25519;
    /** Nsk = Npk = Nenc = Nsecret = 32 for DHKEM(X25519, HKDF-SHA256). */
    private static final int N = 32;
    /** suite_id = "KEM" || I2OSP(kem_id, 2). */
    private static final byte[] SUITE_ID = {'K', 'E', 'M', 0x00, 0x20};
    private static final byte[] HPKE_V1 = ascii("HPKE-v1");
    private static final byte[] EAE_PRK = ascii("eae_prk");
    private static final byte[] SHARED_SECRET = ascii("shared_secret");
    private static final byte[] DKP_PRK = ascii("dkp_prk");
    private static final byte[] SK = ascii("sk");
    private static final byte[] EMPTY = new byte[0];

    /** The X25519 function of RFC 7748 as one library computes it. */
    public interface X25519Function {
        /** The u-coordinate of RFC 7748 section 5's base point. */
        byte[] BASE_POINT = {9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

        /**
         * {@code X25519(scalar, u)}: both 32 bytes; the scalar is clamped and the top bit of {@code u}
         * masked as RFC 7748 section 5 says. May throw for a low-order {@code u} (all-zero result).
         */
        byte[] apply(byte[] scalar, byte[] u) throws GeneralSecurityException;

        /** {@code X25519(scalar, 9)}, the public key of a scalar. */
        default byte[] publicKey(byte[] scalar) throws GeneralSecurityException {
            return apply(scalar, BASE_POINT.clone());
        }

        /**
         * Whether {@link #prepare} makes a key object worth keeping (a native library, where importing
         * a scalar costs about one multiplication); {@code false}, the default, means {@link #apply} is
         * used with the raw scalar on every call.
         */
        default boolean prepares() {
            return false;
        }

        /**
         * The scalar made ready for repeated agreements (a native library's imported key object);
         * called only when {@link #prepares()}. {@link DhKemX25519} keeps it on the qsafe private key
         * as engine state, destroyed with the key.
         */
        default Prepared prepare(byte[] scalar) throws GeneralSecurityException {
            throw new UnsupportedOperationException("this X25519 function prepares no key objects");
        }

        /**
         * A fresh random key pair as the library makes it fastest. The default draws the scalar from
         * {@code random} and computes {@link #publicKey}; a native library may make the pair itself
         * from its own CSPRNG (a fixed-base multiplication, and a key object ready for the agreement
         * that follows, where importing a scalar costs a multiplication of its own).
         */
        default Generated generate(SecureRandom random) throws GeneralSecurityException {
            byte[] scalar = new byte[N];
            random.nextBytes(scalar);
            try {
                return new Generated(scalar, publicKey(scalar), null);
            } catch (GeneralSecurityException | RuntimeException e) {
                Checks.wipe(scalar);
                throw e;
            }
        }
    }

    /** A scalar prepared by one library for repeated agreements; thread-safe; destroyed with its key. */
    public interface Prepared extends Destroyable {
        /** {@code X25519(scalar, u)}, as {@link X25519Function#apply}. */
        byte[] agree(byte[] u) throws GeneralSecurityException;
    }

    /**
     * A freshly generated X25519 key pair.
     *
     * @param scalar    the 32-byte private scalar (the caller wipes it)
     * @param publicKey {@code X25519(scalar, 9)}
     * @param prepared  the scalar prepared for agreements, or {@code null}
     */
    public record Generated(byte[] scalar, byte[] publicKey, Prepared prepared) {
    }

    /** Owner of the {@link Prepared} scalar kept on a qsafe private key. */
    private final Object preparedOwner = new Object();

    private final X25519Function x25519;
    private final Kdf hkdf;
    private final SecureRandom random = new SecureRandom();

    public DhKemX25519(X25519Function x25519, Kdf hkdf) {
        this.x25519 = x25519;
        this.hkdf = hkdf;
    }

    @Override
    public Algorithm algorithm() {
        return DHKEM;
    }

    /**
     * RFC 9180 GenerateKeyPair for X25519: a random 32-byte scalar, made by the library's
     * {@link X25519Function#generate}; its prepared key object and public key are kept on the private
     * key, so the agreements that follow (X-Wing's ephemeral key, a recipient's decapsulations) skip
     * importing the scalar and deriving {@code pkR}.
     */
    @Override
    public KeyPair generateKeyPair() {
        Generated g = generated();
        byte[] sk = g.scalar();
        try {
            PrivateKey privateKey = PrivateKey.of(DHKEM, sk);
            byte[] pk = g.publicKey();
            privateKey.engineState(SecretAccess.INSECURE, this, byte[].class, k -> pk.clone());
            if (g.prepared() != null) {
                privateKey.engineState(SecretAccess.INSECURE, preparedOwner, Prepared.class, k -> g.prepared());
            }
            return new KeyPair(PublicKey.of(DHKEM, pk), privateKey);
        } catch (RuntimeException e) {
            destroy(g.prepared());
            throw e;
        } finally {
            Checks.wipe(sk);
        }
    }

    /** RFC 9180 DeriveKeyPair(ikm), section 7.1.3; {@code ikm} must have at least 32 bytes. */
    @Override
    public KeyPair deriveKeyPair(byte[] ikm) {
        Objects.requireNonNull(ikm, "ikm");
        if (ikm.length < N) {
            throw new InvalidKeyException("DHKEM(X25519) key derivation needs at least " + N
                    + " bytes of input keying material, got " + ikm.length);
        }
        byte[] sk = deriveScalar(ikm);
        try {
            return keyPair(sk);
        } finally {
            Checks.wipe(sk);
        }
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        byte[] sk = Checks.privateKey(privateKey, DHKEM, N);
        try {
            return PublicKey.of(DHKEM, publicKeyBytes(sk));
        } finally {
            Checks.wipe(sk);
        }
    }

    /** RFC 9180 Encap with an ephemeral key pair of {@link X25519Function#generate}. */
    @Override
    public Encapsulation encapsulate(PublicKey recipient) {
        byte[] pkR = Checks.publicKey(recipient, DHKEM);
        Generated g = generated();
        byte[] dh = null;
        try {
            dh = g.prepared() != null ? dh(g.prepared(), pkR) : dh(g.scalar(), pkR);
            byte[] enc = g.publicKey();
            return new Encapsulation(enc, SecretBytes.wrap(extractAndExpand(dh, Checks.concat(enc, pkR))));
        } finally {
            Checks.wipe(g.scalar(), dh);
            destroy(g.prepared());
        }
    }

    /** RFC 9180 Encap with the ephemeral key pair DeriveKeyPair(ikmE); {@code ikmE} has at least 32 bytes. */
    @Override
    public Encapsulation engineEncapsulateDerandomized(PublicKey recipient, byte[] ikmE) {
        byte[] pkR = Checks.publicKey(recipient, DHKEM);
        Objects.requireNonNull(ikmE, "ikmE");
        if (ikmE.length < N) {
            throw new InvalidInputException("DHKEM(X25519) ephemeral input keying material must be at least "
                    + N + " bytes, got " + ikmE.length);
        }
        return encap(deriveScalar(ikmE), pkR);
    }

    /**
     * RFC 9180 Decap.
     *
     * @throws InvalidInputException if {@code enc} is not 32 bytes or is a low-order point
     */
    @Override
    public SecretBytes decapsulate(PrivateKey privateKey, byte[] enc) {
        Objects.requireNonNull(enc, "encapsulation");
        byte[] skR = Checks.privateKey(privateKey, DHKEM, N);
        byte[] dh = null;
        try {
            if (enc.length != N) {
                throw new InvalidInputException("DHKEM(X25519) encapsulation must be " + N + " bytes, got " + enc.length);
            }
            try {
                dh = dh(privateKey, skR, enc);
            } catch (InvalidKeyException e) {
                throw new InvalidInputException("DHKEM(X25519) encapsulation rejected: " + e.getMessage(), e);
            }
            return SecretBytes.wrap(extractAndExpand(dh, Checks.concat(enc, ownPublicKey(privateKey, skR))));
        } finally {
            Checks.wipe(skR, dh);
        }
    }

    /** The raw X25519 shared value, refusing the all-zero result of a low-order peer point. */
    @Override
    public byte[] engineAgree(PrivateKey privateKey, byte[] peerPublicKey) {
        Objects.requireNonNull(peerPublicKey, "peerPublicKey");
        byte[] sk = Checks.privateKey(privateKey, DHKEM, N);
        try {
            if (peerPublicKey.length != N) {
                throw new InvalidKeyException("X25519 public key must be " + N + " bytes, got " + peerPublicKey.length);
            }
            return dh(privateKey, sk, peerPublicKey);
        } finally {
            Checks.wipe(sk);
        }
    }

    /** Encap with the ephemeral scalar {@code skE}, which it wipes. */
    private Encapsulation encap(byte[] skE, byte[] pkR) {
        byte[] dh = null;
        try {
            dh = dh(skE, pkR);
            byte[] enc = publicKeyBytes(skE);
            return new Encapsulation(enc, SecretBytes.wrap(extractAndExpand(dh, Checks.concat(enc, pkR))));
        } finally {
            Checks.wipe(skE, dh);
        }
    }

    /** {@link X25519Function#generate} on this engine's random source. */
    private Generated generated() {
        try {
            Generated g = x25519.generate(random);
            if (g.scalar().length != N || g.publicKey().length != N) {
                destroy(g.prepared());
                Checks.wipe(g.scalar());
                throw new IllegalStateException("X25519 key generation gave a " + g.scalar().length + "-byte scalar and a "
                        + g.publicKey().length + "-byte public key");
            }
            return g;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure("X25519 key generation", e);
        }
    }

    /**
     * DH with a qsafe private key whose raw scalar is {@code sk}: through the library's prepared key
     * object, made once per key and kept on it, where the library has one.
     */
    private byte[] dh(PrivateKey privateKey, byte[] sk, byte[] pk) {
        if (!x25519.prepares()) {
            return dh(sk, pk);
        }
        return dh(privateKey.engineState(SecretAccess.INSECURE, preparedOwner, Prepared.class, k -> {
            try {
                return x25519.prepare(sk);
            } catch (GeneralSecurityException e) {
                throw new InvalidKeyException("X25519 private key rejected: " + e.getMessage(), e);
            }
        }), pk);
    }

    private static void destroy(Prepared prepared) {
        if (prepared != null) {
            try {
                prepared.destroy();
            } catch (DestroyFailedException | RuntimeException e) {
                // Best effort: the reference is dropped.
            }
        }
    }

    private KeyPair keyPair(byte[] sk) {
        return new KeyPair(PublicKey.of(DHKEM, publicKeyBytes(sk)), PrivateKey.of(DHKEM, sk));
    }

    /** DeriveKeyPair's scalar: LabeledExpand(LabeledExtract("", "dkp_prk", ikm), "sk", "", Nsk). */
    private byte[] deriveScalar(byte[] ikm) {
        byte[] prk = labeledExtract(EMPTY, DKP_PRK, ikm);
        try {
            return labeledExpand(prk, SK, EMPTY, N);
        } finally {
            Checks.wipe(prk);
        }
    }

    /** ExtractAndExpand(dh, kem_context) of RFC 9180 section 4.1. */
    private byte[] extractAndExpand(byte[] dh, byte[] kemContext) {
        byte[] prk = labeledExtract(EMPTY, EAE_PRK, dh);
        try {
            return labeledExpand(prk, SHARED_SECRET, kemContext, N);
        } finally {
            Checks.wipe(prk);
        }
    }

    /** LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" || suite_id || label || ikm). */
    private byte[] labeledExtract(byte[] salt, byte[] label, byte[] ikm) {
        byte[] labeledIkm = Checks.concat(HPKE_V1, SUITE_ID, label, ikm);
        try {
            return hkdf.extract(salt, labeledIkm);
        } finally {
            Checks.wipe(labeledIkm);
        }
    }

    /** LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L). */
    private byte[] labeledExpand(byte[] prk, byte[] label, byte[] info, int length) {
        byte[] lengthBytes = {(byte) (length >>> 8), (byte) length};
        return hkdf.expand(prk, Checks.concat(lengthBytes, HPKE_V1, SUITE_ID, label, info), length);
    }

    /**
     * pkR of a recipient's key, derived once per key and kept as its engine state (it is public): every
     * decapsulation needs it for the KEM context, and X25519(sk, 9) is as costly as the DH itself.
     * Never modified by the caller (it is only copied into the context).
     */
    private byte[] ownPublicKey(PrivateKey privateKey, byte[] sk) {
        return privateKey.engineState(SecretAccess.INSECURE, this, byte[].class, k -> publicKeyBytes(sk));
    }

    private byte[] publicKeyBytes(byte[] sk) {
        try {
            return x25519.publicKey(sk);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure("X25519 public key derivation", e);
        }
    }

    /** DH(sk, pk) with the RFC 9180 section 7.1.4 check: an all-zero result is refused. */
    private byte[] dh(byte[] sk, byte[] pk) {
        return checked(() -> x25519.apply(sk, pk));
    }

    /** DH with a prepared scalar, checked as {@link #dh(byte[], byte[])}. */
    private static byte[] dh(Prepared sk, byte[] pk) {
        return checked(() -> sk.agree(pk));
    }

    /** One X25519 computation. */
    private interface Agreement {
        byte[] run() throws GeneralSecurityException;
    }

    /** Runs an agreement, refusing a failure or an all-zero result as an invalid key. */
    private static byte[] checked(Agreement agreement) {
        byte[] z;
        try {
            z = agreement.run();
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("X25519 public key rejected: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw Checks.engineFailure("X25519", e);
        }
        if (Checks.isAllZero(z)) {
            throw new InvalidKeyException("X25519 public key rejected: it is a low-order point "
                    + "(all-zero shared value, RFC 9180 section 7.1.4)");
        }
        return z;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.DhKemX25519;
import dev.qsafe.provider.toolkit.PerThread;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.security.auth.DestroyFailedException;

/**
 * X25519 from Conscrypt's XDH {@link KeyAgreement} (BoringSSL's X25519, which clamps the scalar and
 * masks the top bit of u as RFC 7748 says). BoringSSL refuses an all-zero result itself, which
 * {@link DhKemX25519} reports as an invalid key. The public key of a scalar is X25519(scalar, 9).
 *
 * <p>Where the time goes (plain loop, this machine): importing a scalar into Conscrypt (PKCS#8
 * through its {@code KeyFactory}) costs about as much as the agreement itself, because BoringSSL
 * computes the key's public half on import; Conscrypt's {@code KeyPairGenerator} makes a key pair with
 * a fixed-base multiplication in about a quarter of an agreement. So the scalar is
 * {@linkplain #prepare prepared} once per qsafe key (the Conscrypt key object, kept on the key by
 * {@link DhKemX25519}), and fresh key pairs (DHKEM's ephemeral key, X-Wing's ephemeral X25519 key,
 * {@code generateKeyPair}) come from Conscrypt's generator, drawing on BoringSSL's CSPRNG rather than
 * the engine's {@link SecureRandom}, with the key object ready for the agreement that follows.
 * Derandomized calls (the vectors) still import the scalar they are given.
 *
 * <p>Each thread reuses one {@code KeyAgreement}, {@code KeyFactory} and {@code KeyPairGenerator}
 * ({@link PerThread}), initialised for every call and dropped after any failure.
 */
final class ConscryptX25519 implements DhKemX25519.X25519Function {
    /** Scalars, points and shared values are 32 bytes. */
    private static final int N = 32;
    /** The PKCS#8 header of an X25519 private key (RFC 8410): everything before the 32-byte scalar. */
    private static final byte[] PKCS8_PREFIX = Arrays.copyOf(Der.privateKeyInfo(Der.X25519, new byte[N]),
            Der.privateKeyInfo(Der.X25519, new byte[N]).length - N);
    /** The X.509 header of an X25519 public key: everything before the 32-byte u-coordinate. */
    private static final byte[] X509_PREFIX = Arrays.copyOf(Der.subjectPublicKeyInfo(Der.X25519, new byte[N]),
            Der.subjectPublicKeyInfo(Der.X25519, new byte[N]).length - N);

    private final PerThread<KeyFactory> keyFactories;
    private final PerThread<KeyAgreement> agreements;
    private final PerThread<KeyPairGenerator> generators;

    ConscryptX25519(Provider provider) {
        this.keyFactories = new PerThread<>(() -> KeyFactory.getInstance("XDH", provider));
        this.agreements = new PerThread<>(() -> KeyAgreement.getInstance("XDH", provider));
        this.generators = new PerThread<>(() -> KeyPairGenerator.getInstance("XDH", provider));
    }

    @Override
    public byte[] apply(byte[] scalar, byte[] u) throws GeneralSecurityException {
        PrivateKey key = importScalar(scalar);
        try {
            return agree(key, u);
        } finally {
            destroy(key);
        }
    }

    @Override
    public boolean prepares() {
        return true;
    }

    /** The Conscrypt key object of the scalar. */
    @Override
    public DhKemX25519.Prepared prepare(byte[] scalar) throws GeneralSecurityException {
        return new Prepared(importScalar(scalar));
    }

    /**
     * A key pair of Conscrypt's generator (BoringSSL's {@code X25519_keypair}: CSPRNG scalar, fixed-base
     * multiplication); {@code random} is not used. The scalar and public key are read back from the
     * standard encodings and checked to be X25519 keys.
     */
    @Override
    public DhKemX25519.Generated generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = generators.get();
        KeyPair pair;
        try {
            pair = generator.generateKeyPair();
            generators.release(generator);
        } catch (RuntimeException e) {
            generators.discard();
            throw e;
        }
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        try {
            byte[] scalar = suffix(pkcs8, PKCS8_PREFIX, "private");
            try {
                byte[] publicKey = suffix(pair.getPublic().getEncoded(), X509_PREFIX, "public");
                return new DhKemX25519.Generated(scalar, publicKey, new Prepared(pair.getPrivate()));
            } catch (GeneralSecurityException | RuntimeException e) {
                Checks.wipe(scalar);
                throw e;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            destroy(pair.getPrivate());
            throw e;
        } finally {
            Checks.wipe(pkcs8);
        }
    }

    private PrivateKey importScalar(byte[] scalar) throws GeneralSecurityException {
        KeyFactory kf = keyFactories.get();
        byte[] pkcs8 = Der.privateKeyInfo(Der.X25519, scalar);
        try {
            PrivateKey key = kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            keyFactories.release(kf);
            return key;
        } catch (GeneralSecurityException | RuntimeException e) {
            keyFactories.discard();
            throw e;
        } finally {
            Checks.wipe(pkcs8);
        }
    }

    /** X25519 of a Conscrypt private key object and a raw u-coordinate. */
    private byte[] agree(PrivateKey key, byte[] u) throws GeneralSecurityException {
        return keyFactories.with(kf -> agreements.with(ka -> {
            ka.init(key);
            ka.doPhase(kf.generatePublic(new X509EncodedKeySpec(Der.subjectPublicKeyInfo(Der.X25519, u))), true);
            return ka.generateSecret();
        }));
    }

    /** The 32 bytes after {@code prefix} in a standard encoding, or an error if it is not that form. */
    private static byte[] suffix(byte[] encoded, byte[] prefix, String what) throws GeneralSecurityException {
        if (encoded == null || encoded.length != prefix.length + N
                || !MessageDigest.isEqual(Arrays.copyOf(encoded, prefix.length), prefix)) {
            throw new GeneralSecurityException("Conscrypt's X25519 key generation gave a " + what
                    + " key that is not an RFC 8410 X25519 encoding");
        }
        return Arrays.copyOfRange(encoded, prefix.length, encoded.length);
    }

    private static void destroy(PrivateKey key) {
        try {
            key.destroy();
        } catch (DestroyFailedException | RuntimeException e) {
            // Best effort: the reference is dropped.
        }
    }

    /** A Conscrypt X25519 private key object, kept on a qsafe key and destroyed with it. */
    private final class Prepared implements DhKemX25519.Prepared {
        private final PrivateKey key;

        Prepared(PrivateKey key) {
            this.key = key;
        }

        @Override
        public byte[] agree(byte[] u) throws GeneralSecurityException {
            return ConscryptX25519.this.agree(key, u);
        }

        @Override
        public void destroy() {
            ConscryptX25519.destroy(key);
        }

        @Override
        public boolean isDestroyed() {
            return key.isDestroyed();
        }
    }
}

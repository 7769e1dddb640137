package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.SecretKey;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;

/**
 * ML-KEM (FIPS 203) on the JDK's own implementation ({@code javax.crypto.KEM} "ML-KEM" of SunJCE,
 * JDK 24+), one instance per parameter set.
 *
 * <p>qsafe stores an ML-KEM private key as its 64-byte seed {@code d || z}; the JDK (25) reads only the
 * expanded decapsulation key. So a seed is expanded once with Bouncy Castle's FIPS 203
 * {@code KeyGen_internal} (the same code bc-pqc runs) and the JDK key object and its
 * {@link KEM.Decapsulator} are kept on the qsafe key as its engine state; {@link PrivateKey#destroy()}
 * destroys the JDK key. An expanded key given directly must pass the FIPS 203 section 7.3 hash check
 * (Bouncy Castle checks it, and the JDK again). Public keys are parsed once into the JDK's key object and
 * kept on the qsafe key; the JDK runs the section 7.2 modulus check when an encapsulator is made.
 * Key generation draws a seed from the engine's {@link SecureRandom} and derives the pair from it,
 * so the private key stays a seed that every engine reads.
 *
 * <p>Derandomized encapsulation hands the JDK the caller's {@code m} through a {@link FixedRandom}: the
 * JDK draws exactly one 32-byte {@code m}, and the FIPS 203 encapsulation vectors run against this engine
 * prove the result is {@code Encaps_internal(ek, m)}.
 *
 * <p>Thread-safe: the JDK's {@link KEM.Encapsulator} and {@link KEM.Decapsulator} are immutable and may be
 * used by several threads at once.
 */
final class JdkMlKemEngine implements KemSpi {
    /** Owner of the JDK private key kept on a {@link PrivateKey}; a key's algorithm fixes the parameter set. */
    static final Object PRIVATE_STATE = new Object();
    /** Owner of the JDK public key kept on a {@link PublicKey}. */
    static final Object PUBLIC_STATE = new Object();

    private static final int SEED_LENGTH = 64;
    private static final int M_LENGTH = 32;

    private final Algorithm algorithm;
    private final MLKEMParameters parameters;
    private final byte[] oid;
    private final int expandedKeyLength;
    private final Provider jdk;
    private final SecureRandom random;

    /**
     * @param algorithm  one of the ML-KEM constants
     * @param parameters the matching Bouncy Castle parameter set (for seed expansion)
     * @param oidLastArc the last arc of the parameter set's NIST OID 2.16.840.1.101.3.4.4.x
     * @param jdk        the JDK provider that has "ML-KEM" KEM and KeyFactory services (SunJCE)
     * @param random     the source of key generation and encapsulation randomness
     */
    JdkMlKemEngine(Algorithm algorithm, MLKEMParameters parameters, int oidLastArc, Provider jdk, SecureRandom random) {
        this.algorithm = algorithm;
        this.parameters = parameters;
        this.oid = new byte[] {0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, (byte) oidLastArc};
        this.expandedKeyLength = 768 * parameters.getK() + 96;
        this.jdk = jdk;
        this.random = random;
    }

    @Override
    public Algorithm algorithm() {
        return algorithm;
    }

    @Override
    public KeyPair generateKeyPair() {
        byte[] seed = new byte[SEED_LENGTH];
        random.nextBytes(seed);
        try {
            return deriveKeyPair(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The key pair of FIPS 203 ML-KEM.KeyGen_internal(d, z); the private key is the seed itself. */
    @Override
    public KeyPair deriveKeyPair(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != SEED_LENGTH) {
            throw new InvalidKeyException(algorithm.name() + " seed must be " + SEED_LENGTH
                    + " bytes (d || z), got " + seed.length);
        }
        PrivateKey privateKey = PrivateKey.of(algorithm, seed);
        return new KeyPair(derivePublicKey(privateKey), privateKey);
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        return PublicKey.of(algorithm, privateState(privateKey).encapsulationKey().clone());
    }

    @Override
    public Encapsulation encapsulate(PublicKey recipient) {
        return encapsulate(recipient, random);
    }

    /** FIPS 203 ML-KEM.Encaps_internal(ek, m) with the caller's 32-byte {@code m}. */
    @Override
    public Encapsulation engineEncapsulateDerandomized(PublicKey recipient, byte[] randomness) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(randomness, "randomness");
        if (randomness.length != M_LENGTH) {
            throw new InvalidInputException(algorithm.name() + " encapsulation randomness m must be " + M_LENGTH
                    + " bytes, got " + randomness.length);
        }
        return encapsulate(recipient, new FixedRandom(randomness));
    }

    @Override
    public SecretBytes decapsulate(PrivateKey privateKey, byte[] encapsulation) {
        Objects.requireNonNull(encapsulation, "encapsulation");
        JdkPrivate key = privateState(privateKey);
        if (encapsulation.length != algorithm.ciphertextSize()) {
            throw new InvalidInputException(algorithm.name() + " ciphertext must be "
                    + algorithm.ciphertextSize() + " bytes, got " + encapsulation.length);
        }
        try {
            return secret(key.decapsulator().decapsulate(encapsulation));
        } catch (DecapsulateException | RuntimeException e) {
            // A well-formed ciphertext never fails (implicit rejection); a destroyed JDK key does.
            if (privateKey.isDestroyed()) {
                throw new InvalidKeyException(algorithm.name() + " private key has been destroyed and cannot be used", e);
            }
            throw new InvalidInputException(algorithm.name() + " decapsulation failed", e);
        }
    }

    private Encapsulation encapsulate(PublicKey recipient, SecureRandom encapsulationRandom) {
        java.security.PublicKey key = publicState(recipient);
        KEM.Encapsulated result;
        try {
            result = kem().newEncapsulator(key, encapsulationRandom).encapsulate();
        } catch (java.security.InvalidKeyException e) {
            // The FIPS 203 section 7.2 modulus check; the message names the check, never key bytes.
            throw new InvalidKeyException(algorithm.name() + " public key is malformed (" + e.getMessage() + ")", e);
        }
        return new Encapsulation(result.encapsulation(), secret(result.key()));
    }

    private KEM kem() {
        try {
            return KEM.getInstance("ML-KEM", jdk);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's ML-KEM disappeared after the provider probed it", e);
        }
    }

    /** The secret's bytes (owned by the returned object); the JDK's key object is destroyed if it can be. */
    private static SecretBytes secret(SecretKey key) {
        try {
            return SecretBytes.wrap(key.getEncoded());
        } finally {
            try {
                key.destroy();
            } catch (DestroyFailedException e) {
                // SecretKeySpec cannot be destroyed on every JDK; its bytes go with the object.
            }
        }
    }

    private JdkPrivate privateState(PrivateKey privateKey) {
        return Keys.keptPrivate(algorithm, privateKey, PRIVATE_STATE, JdkPrivate.class, this::jdkPrivate);
    }

    private java.security.PublicKey publicState(PublicKey publicKey) {
        return Keys.keptPublic(algorithm, publicKey, PUBLIC_STATE, java.security.PublicKey.class, encoded -> {
            try {
                return keyFactory().generatePublic(new X509EncodedKeySpec(Der.subjectPublicKeyInfo(oid, encoded)));
            } catch (GeneralSecurityException e) {
                throw new InvalidKeyException(algorithm.name() + " public key is malformed (" + e.getMessage() + ")", e);
            }
        });
    }

    /** Expands a seed (or checks an expanded key) and makes the JDK's key object and decapsulator. */
    private JdkPrivate jdkPrivate(byte[] raw) {
        if (raw.length != SEED_LENGTH && raw.length != expandedKeyLength) {
            throw new InvalidKeyException(algorithm.name() + " private key must be the " + SEED_LENGTH
                    + "-byte seed or the " + expandedKeyLength + "-byte expanded decapsulation key, got "
                    + raw.length + " bytes");
        }
        MLKEMPrivateKeyParameters expanded = new MLKEMPrivateKeyParameters(parameters, raw);
        byte[] dk = expanded.getEncoded();
        byte[] ek = expanded.getPublicKey();
        byte[] pkcs8 = null;
        java.security.PrivateKey key = null;
        try {
            // PKCS#8 with the "expandedKey" choice of draft-ietf-lamps-kyber-certificates, which the JDK reads.
            pkcs8 = Der.privateKeyInfo(oid, dk);
            key = keyFactory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new JdkPrivate(key, kem().newDecapsulator(key), ek);
        } catch (GeneralSecurityException e) {
            destroy(key);
            throw new InvalidKeyException(algorithm.name() + " private key is malformed (" + e.getMessage() + ")", e);
        } finally {
            Arrays.fill(dk, (byte) 0);
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
            Keys.destroy(expanded);
        }
    }

    private KeyFactory keyFactory() {
        try {
            return KeyFactory.getInstance("ML-KEM", jdk);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's ML-KEM key factory disappeared after the provider probed it", e);
        }
    }

    private static void destroy(Destroyable d) {
        if (d != null) {
            try {
                d.destroy();
            } catch (DestroyFailedException e) {
                // Best effort.
            }
        }
    }

    /**
     * The JDK's form of a private key, kept on the qsafe key.
     *
     * @param key               the JDK key object (expanded decapsulation key)
     * @param decapsulator      the JDK's decapsulator for it (immutable, thread-safe)
     * @param encapsulationKey  {@code ek}, read only
     */
    record JdkPrivate(java.security.PrivateKey key, KEM.Decapsulator decapsulator, byte[] encapsulationKey)
            implements Destroyable {
        @Override
        public void destroy() {
            JdkMlKemEngine.destroy(key);
        }

        @Override
        public boolean isDestroyed() {
            return key.isDestroyed();
        }
    }
}

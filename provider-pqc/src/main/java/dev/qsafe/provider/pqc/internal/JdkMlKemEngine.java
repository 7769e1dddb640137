package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.EngineTrace;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.SeedKeyedEngine;
import dev.qsafe.provider.toolkit.SeedRandom;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.SecretKey;

/**
 * ML-KEM (FIPS 203) on the JDK's own implementation ({@code javax.crypto.KEM} "ML-KEM" of SunJCE,
 * JDK 24+), one instance per parameter set.
 *
 * <p>qsafe stores an ML-KEM private key as its 64-byte seed {@code d || z}; the JDK (25) cannot import a
 * seed, only an expanded decapsulation key. So a seed is expanded once by the JDK's own key generator,
 * fed exactly that seed through {@link SeedRandom} (FIPS 203 ML-KEM.KeyGen draws {@code d}, then
 * {@code z}), and the JDK key object and its {@link KEM.Decapsulator} are kept on the qsafe key as its
 * engine state; {@link PrivateKey#destroy()} destroys the JDK key. The provider's self-test compares this
 * derivation with Bouncy Castle's, and the FIPS 203 key generation vectors run against this engine. An
 * expanded key given directly is imported as PKCS#8 and must pass the FIPS 203 section 7.3 hash check,
 * which the JDK runs. Public keys are parsed once into the JDK's key object and kept on the qsafe key;
 * the JDK runs the section 7.2 modulus check when an encapsulator is made. Key generation draws a seed
 * from the engine's {@link SecureRandom} and derives the pair from it, so the private key stays a seed
 * that every engine reads, and the new key starts with its JDK form already kept.
 *
 * <p>Derandomized encapsulation hands the JDK the caller's {@code m} through a {@link FixedRandom}: the
 * JDK draws exactly one 32-byte {@code m}, and the FIPS 203 encapsulation vectors run against this engine
 * prove the result is {@code Encaps_internal(ek, m)}.
 *
 * <p>The expanded key ({@link #engineExpandedPrivateKey}) is the JDK's own, read from its PKCS#8
 * encoding; only if the JDK encoded its key in another form is the call handed to Bouncy Castle's
 * engine of the same parameter set, announced with {@link EngineTrace#delegated}
 * ({@value BcPqcProvider#NAME}). Every other call is the JDK's.
 *
 * <p>Thread-safe: the JDK's {@link KEM.Encapsulator} and {@link KEM.Decapsulator} are immutable and may be
 * used by several threads at once.
 */
final class JdkMlKemEngine extends SeedKeyedEngine implements KemSpi {
    /** Owner of the JDK private key kept on a {@link PrivateKey}; a key's algorithm fixes the parameter set. */
    static final Object PRIVATE_STATE = new Object();
    /** Owner of the JDK public key kept on a {@link PublicKey}. */
    static final Object PUBLIC_STATE = new Object();

    private static final int SEED_LENGTH = 64;
    private static final int M_LENGTH = 32;

    private final NamedParameterSpec jdkParameters;
    private final byte[] oid;
    private final int expandedKeyLength;
    private final Provider jdk;
    private final MlKemEngine bc;

    /**
     * @param algorithm  one of the ML-KEM constants
     * @param k          the FIPS 203 module rank k (2, 3 or 4)
     * @param oidLastArc the last arc of the parameter set's NIST OID 2.16.840.1.101.3.4.4.x
     * @param jdk        the JDK provider that has "ML-KEM" KEM and KeyFactory services (SunJCE)
     * @param random     the source of key generation and encapsulation randomness
     * @param bc         Bouncy Castle's engine of the same parameter set, for what the JDK cannot do
     */
    JdkMlKemEngine(Algorithm algorithm, int k, int oidLastArc, Provider jdk, SecureRandom random, MlKemEngine bc) {
        super(algorithm, random, SEED_LENGTH, " (d || z)");
        this.jdkParameters = new NamedParameterSpec(algorithm.name());
        this.oid = Der.mlKemOid(oidLastArc);
        this.expandedKeyLength = 768 * k + 96;
        this.jdk = jdk;
        this.bc = bc;
    }

    /**
     * The encapsulation key of a private key; its JDK form is kept on the key, so the first decapsulation
     * of a key from {@code deriveKeyPair} does not expand it again.
     */
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
                throw Checks.destroyedKey(algorithm, e);
            }
            throw new InvalidInputException(algorithm.name() + " decapsulation failed", e);
        }
    }

    /**
     * FIPS 203 {@code dk} of the key as the JDK holds it (the JDK 24+ encodes the expanded key in its
     * PKCS#8 form); Bouncy Castle's if the JDK encoded it otherwise.
     */
    @Override
    public byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        JdkPrivate key = privateState(privateKey);
        byte[] expanded = Der.expandedKeyOf(key.key(), algorithm, oid, expandedKeyLength);
        if (expanded != null) {
            return expanded;
        }
        EngineTrace.delegated(BcPqcProvider.NAME);
        return bc.engineExpandedPrivateKey(privateKey);
    }

    private Encapsulation encapsulate(PublicKey recipient, SecureRandom encapsulationRandom) {
        java.security.PublicKey key = publicState(recipient);
        KEM.Encapsulated result;
        try {
            result = kem().newEncapsulator(key, encapsulationRandom).encapsulate();
        } catch (java.security.InvalidKeyException e) {
            // The FIPS 203 section 7.2 modulus check; the message names the check, never key bytes.
            throw Checks.malformedKey(algorithm, "public", e.getMessage(), e);
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
            Keys.destroy(key); // the JDK's SecretKeySpec may refuse; its bytes then go with the object
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
                throw Checks.malformedKey(algorithm, "public", e.getMessage(), e);
            }
        });
    }

    /** Expands a seed (or imports an expanded key) and makes the JDK's key object and decapsulator. */
    private JdkPrivate jdkPrivate(byte[] raw) {
        if (raw.length == SEED_LENGTH) {
            return fromSeed(raw);
        }
        if (raw.length != expandedKeyLength) {
            throw new InvalidKeyException(algorithm.name() + " private key must be the " + SEED_LENGTH
                    + "-byte seed or the " + expandedKeyLength + "-byte expanded decapsulation key, got "
                    + raw.length + " bytes");
        }
        // dk = dk_PKE (384k) || ek (384k + 32) || H(ek) (32) || z (32), FIPS 203 algorithm 16.
        int k = (expandedKeyLength - 96) / 768;
        byte[] ek = Arrays.copyOfRange(raw, 384 * k, 768 * k + 32);
        byte[] pkcs8 = Der.privateKeyInfo(oid, raw);
        java.security.PrivateKey key = null;
        try {
            // PKCS#8 with the "expandedKey" choice of draft-ietf-lamps-kyber-certificates, which the JDK reads.
            key = keyFactory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            // The decapsulator runs the FIPS 203 section 7.3 hash check.
            return new JdkPrivate(key, kem().newDecapsulator(key), ek);
        } catch (GeneralSecurityException e) {
            if (key != null) {
                Keys.destroy(key);
            }
            throw Checks.malformedKey(algorithm, "private", e.getMessage(), e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** FIPS 203 ML-KEM.KeyGen_internal(d, z) by the JDK's key generator, fed the seed. */
    private JdkPrivate fromSeed(byte[] seed) {
        java.security.KeyPair pair = Keys.jdkKeyPair(algorithm, "ML-KEM", jdk, jdkParameters, new SeedRandom(seed, 32, 32), "d and z");
        byte[] ek = Keys.rawPublicKey(algorithm, pair);
        try {
            return new JdkPrivate(pair.getPrivate(), kem().newDecapsulator(pair.getPrivate()), ek);
        } catch (java.security.InvalidKeyException e) {
            Keys.destroy(pair.getPrivate());
            throw new IllegalStateException("the JDK refused the key its own generator made", e);
        }
    }

    private KeyFactory keyFactory() {
        try {
            return KeyFactory.getInstance("ML-KEM", jdk);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's ML-KEM key factory disappeared after the provider probed it", e);
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
            implements Keys.JdkKeyHolder {
    }
}

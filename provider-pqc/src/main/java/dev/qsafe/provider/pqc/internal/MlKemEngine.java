package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.provider.toolkit.SeedKeyedEngine;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * ML-KEM (FIPS 203) on Bouncy Castle's lightweight API, one instance per parameter set.
 *
 * <p>Private keys are accepted in two forms: the 64-byte seed {@code d || z} that qsafe generates and
 * stores, and the expanded decapsulation key {@code dk} of FIPS 203 ({@code 768k + 96} bytes). An
 * expanded key must pass the decapsulation key check of FIPS 203 section 7.3 (its embedded
 * {@code H(ek)} matches its embedded {@code ek}). Encapsulation keys must pass the length and modulus
 * checks of section 7.2. Decapsulation checks the ciphertext length and otherwise follows the
 * standard's implicit rejection: a well-formed but wrong ciphertext gives a pseudo-random secret.
 *
 * <p>The parsed form of a key (for a seed, the expanded key) is kept on the key object as its engine
 * state, so a key is expanded once, not per operation; {@link PrivateKey#destroy()} wipes it.
 *
 * <p>Thread-safe: Bouncy Castle's key parameters are only read; its operation objects are created per call.
 */
final class MlKemEngine extends SeedKeyedEngine implements KemSpi {
    /** Length of the seed {@code d || z} (FIPS 203 ML-KEM.KeyGen_internal). */
    private static final int SEED_LENGTH = 64;
    /** Length of the randomness {@code m} (FIPS 203 ML-KEM.Encaps_internal). */
    private static final int M_LENGTH = 32;

    /** Owner of the expanded private key kept on a {@link PrivateKey} (see {@link PrivateKey#engineState}). */
    static final Object PRIVATE_STATE = new Object();
    /** Owner of the parsed public key kept on a {@link PublicKey}. */
    static final Object PUBLIC_STATE = new Object();

    private final MLKEMParameters parameters;
    private final int expandedKeyLength;

    /**
     * @param algorithm  the qsafe algorithm, one of the ML-KEM constants
     * @param parameters the matching Bouncy Castle parameter set
     * @param random     the source of key generation and encapsulation randomness
     */
    MlKemEngine(Algorithm algorithm, MLKEMParameters parameters, SecureRandom random) {
        super(algorithm, random, SEED_LENGTH, " (d || z)");
        this.parameters = parameters;
        this.expandedKeyLength = 768 * parameters.getK() + 96;
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        return PublicKey.of(algorithm, privateParameters(privateKey).getPublicKey());
    }

    @Override
    public Encapsulation encapsulate(PublicKey recipient) {
        MLKEMPublicKeyParameters key = publicParameters(recipient);
        byte[] m = new byte[M_LENGTH];
        random.nextBytes(m);
        try {
            return encapsulate(key, m);
        } finally {
            Arrays.fill(m, (byte) 0);
        }
    }

    /** FIPS 203 ML-KEM.Encaps_internal(ek, m) with the caller's 32-byte {@code m}. */
    @Override
    public Encapsulation engineEncapsulateDerandomized(PublicKey recipient, byte[] randomness) {
        MLKEMPublicKeyParameters key = publicParameters(recipient);
        Objects.requireNonNull(randomness, "randomness");
        if (randomness.length != M_LENGTH) {
            throw new InvalidInputException(algorithm.name() + " encapsulation randomness m must be " + M_LENGTH
                    + " bytes, got " + randomness.length);
        }
        return encapsulate(key, randomness);
    }

    @Override
    public SecretBytes decapsulate(PrivateKey privateKey, byte[] encapsulation) {
        Objects.requireNonNull(encapsulation, "encapsulation");
        MLKEMPrivateKeyParameters key = privateParameters(privateKey);
        if (encapsulation.length != algorithm.ciphertextSize()) {
            throw new InvalidInputException(algorithm.name() + " ciphertext must be "
                    + algorithm.ciphertextSize() + " bytes, got " + encapsulation.length);
        }
        return SecretBytes.wrap(new MLKEMExtractor(key).extractSecret(encapsulation));
    }

    /**
     * FIPS 203 {@code dk} of the key: Bouncy Castle keeps a seed key expanded (engine state) and encodes
     * it as {@code dk_PKE || ek || H(ek) || z} whatever form it was built from.
     */
    @Override
    public byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        return privateParameters(privateKey).getEncoded();
    }

    private Encapsulation encapsulate(MLKEMPublicKeyParameters key, byte[] m) {
        SecretWithEncapsulation result = MLKEMGenerator.internalGenerateEncapsulated(key, m);
        try {
            return new Encapsulation(result.getEncapsulation(), SecretBytes.wrap(result.getSecret()));
        } finally {
            Keys.destroy(result);
        }
    }

    private MLKEMPrivateKeyParameters privateParameters(PrivateKey privateKey) {
        // Kept on the key: expanding a seed costs about as much as a decapsulation.
        return Keys.keptPrivate(algorithm, privateKey, PRIVATE_STATE, MLKEMPrivateKeyParameters.class, raw -> {
            if (raw.length != SEED_LENGTH && raw.length != expandedKeyLength) {
                throw new InvalidKeyException(algorithm.name() + " private key must be the " + SEED_LENGTH
                        + "-byte seed or the " + expandedKeyLength + "-byte expanded decapsulation key, got "
                        + raw.length + " bytes");
            }
            // Expands a seed; checks an expanded key's embedded H(ek) (FIPS 203 section 7.3).
            return new MLKEMPrivateKeyParameters(parameters, raw);
        });
    }

    private MLKEMPublicKeyParameters publicParameters(PublicKey publicKey) {
        // Checks the length and that every coefficient is reduced mod q (FIPS 203 section 7.2).
        return Keys.keptPublic(algorithm, publicKey, PUBLIC_STATE, MLKEMPublicKeyParameters.class,
                encoded -> new MLKEMPublicKeyParameters(parameters, encoded));
    }
}

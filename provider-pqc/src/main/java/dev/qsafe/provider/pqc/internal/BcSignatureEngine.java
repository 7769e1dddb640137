package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.SeedKeys;
import java.security.SecureRandom;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.params.ParametersWithRandom;

/**
 * What ML-DSA (FIPS 204) and SLH-DSA (FIPS 205) share: pure (not pre-hash) signing with a context
 * string of at most 255 bytes, hedged by default, deterministic or with caller-chosen randomness
 * through {@link #engineSignDerandomized}; key generation as derivation from a fresh random seed;
 * typed errors for every malformed input.
 *
 * <p>The parsed form of a key (for an ML-DSA seed, the expanded key) is kept on the key object as its
 * engine state, so it is parsed once, not per signature; {@link PrivateKey#destroy()} wipes it.
 *
 * <p>Thread-safe: Bouncy Castle's key parameters are only read; its signers are created per call.
 *
 * @param <K> the Bouncy Castle private key parameters, kept on the key and wiped when it is destroyed
 */
abstract class BcSignatureEngine<K extends AsymmetricKeyParameter & Destroyable> implements SignatureSpi {
    /**
     * Owner of the parsed private key kept on a {@link PrivateKey}; one owner serves every parameter set
     * because a key's algorithm (checked first) fixes the parameters.
     */
    static final Object PRIVATE_STATE = new Object();
    /** Owner of the parsed public key kept on a {@link PublicKey}. */
    static final Object PUBLIC_STATE = new Object();

    /** Maximum context length of FIPS 204 and FIPS 205. */
    private static final int MAX_CONTEXT_LENGTH = 255;

    private final Algorithm algorithm;
    private final int seedLength;
    private final int randomnessLength;
    private final SecureRandom random;

    /**
     * @param algorithm        the qsafe algorithm
     * @param seedLength       the length of the seed {@link #deriveKeyPair} takes
     * @param randomnessLength the length of the signing randomness (FIPS 204 rnd, FIPS 205 opt_rand)
     * @param random           the source of key generation and hedged signing randomness
     */
    protected BcSignatureEngine(Algorithm algorithm, int seedLength, int randomnessLength, SecureRandom random) {
        this.algorithm = algorithm;
        this.seedLength = seedLength;
        this.randomnessLength = randomnessLength;
        this.random = random;
    }

    @Override
    public final Algorithm algorithm() {
        return algorithm;
    }

    /** The key pair derived from a fresh random seed, which is exactly the standard's KeyGen. */
    @Override
    public final KeyPair generateKeyPair() {
        return SeedKeys.fromFreshSeed(random, seedLength, this::deriveKeyPair);
    }

    @Override
    public final KeyPair deriveKeyPair(byte[] seed) {
        SeedKeys.requireSeed(algorithm, seed, seedLength, "");
        return derive(seed);
    }

    @Override
    public final PublicKey derivePublicKey(PrivateKey privateKey) {
        return PublicKey.of(algorithm, publicKeyOf(privateParameters(privateKey)));
    }

    @Override
    public final byte[] sign(PrivateKey privateKey, byte[] message, byte[] context) {
        Objects.requireNonNull(message, "message");
        return signChecked(privateKey, context, random, parameters -> signWith(parameters, message));
    }

    /**
     * Signs with {@code randomness} as the FIPS 204 {@code rnd} / FIPS 205 {@code opt_rand}, or
     * deterministically when it is {@code null}.
     */
    @Override
    public final byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context,
                                               byte[] randomness) {
        Objects.requireNonNull(message, "message");
        return signChecked(privateKey, context, signingRandom(randomness), parameters -> signWith(parameters, message));
    }

    /**
     * Verifies a pure signature. A context longer than 255 bytes or a signature of the wrong length
     * cannot be valid and is reported with {@link InvalidSignatureException}, like any other invalid
     * signature.
     */
    @Override
    public final void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context) {
        Objects.requireNonNull(message, "message");
        verifyChecked(publicKey, signature, context, parameters -> verifyWith(parameters, message, signature));
    }

    /** The source of key generation and hedged signing randomness. */
    protected final SecureRandom random() {
        return random;
    }

    /** The key pair the standard derives from a seed of the right length. */
    protected abstract KeyPair derive(byte[] seed);

    /**
     * Parses a raw private key (the caller wipes {@code raw} afterwards).
     *
     * @throws InvalidKeyException or a Bouncy Castle {@link RuntimeException} if it is malformed
     */
    protected abstract K parsePrivate(byte[] raw);

    /**
     * Parses a public key encoding.
     *
     * @throws RuntimeException from Bouncy Castle if it is malformed
     */
    protected abstract CipherParameters parsePublic(byte[] encoded);

    /** The encoded public key that belongs to {@code key}. */
    protected abstract byte[] publicKeyOf(K key);

    /**
     * Signs with Bouncy Castle's signer, initialised with {@code parameters} (key, optional
     * randomness, context).
     *
     * @return the signature, or {@code null} if Bouncy Castle gave up (its ML-DSA rejection loop is bounded)
     */
    protected abstract byte[] signWith(CipherParameters parameters, byte[] message) throws CryptoException;

    /** Verifies with Bouncy Castle's signer, initialised with {@code parameters} (key, context). */
    protected abstract boolean verifyWith(CipherParameters parameters, byte[] message, byte[] signature);

    /**
     * The randomness for a derandomized signature: {@code null} (deterministic) stays {@code null},
     * anything else must have the scheme's length and reaches Bouncy Castle through a
     * {@link FixedRandom}, since its signers take randomness only from a {@link SecureRandom}.
     *
     * @throws InvalidInputException if the randomness has the wrong length
     */
    protected final SecureRandom signingRandom(byte[] randomness) {
        if (randomness == null) {
            return null;
        }
        if (randomness.length != randomnessLength) {
            throw new InvalidInputException(algorithm.name() + " signing randomness must be " + randomnessLength
                    + " bytes (or null for the deterministic variant), got " + randomness.length);
        }
        return new FixedRandom(randomness);
    }

    /** A signing or verifying call into Bouncy Castle, given the initialised key parameters. */
    @FunctionalInterface
    protected interface BcOperation<R> {
        /** Runs the operation with {@code parameters} (key, optional randomness, context). */
        R apply(CipherParameters parameters) throws CryptoException;
    }

    /**
     * Signs through {@code signing} with the private key, the randomness ({@code null}: deterministic)
     * and the context, under the checks and error mapping every signing path shares.
     *
     * @throws InvalidInputException if the context is longer than 255 bytes
     * @throws InvalidKeyException   if the key is malformed, destroyed or of another algorithm, or
     *                               Bouncy Castle cannot sign with it
     */
    protected final byte[] signChecked(PrivateKey privateKey, byte[] context, SecureRandom signingRandom,
                                       BcOperation<byte[]> signing) {
        Objects.requireNonNull(context, "context");
        if (context.length > MAX_CONTEXT_LENGTH) {
            throw new InvalidInputException(algorithm.name() + " context must be at most " + MAX_CONTEXT_LENGTH
                    + " bytes, got " + context.length);
        }
        K key = privateParameters(privateKey);
        try {
            CipherParameters keyAndRandom = signingRandom == null ? key : new ParametersWithRandom(key, signingRandom);
            byte[] signature = signing.apply(new ParametersWithContext(keyAndRandom, context));
            if (signature == null) {
                throw new InvalidKeyException(algorithm.name()
                        + " signing did not terminate with this private key; it is probably malformed");
            }
            return signature;
        } catch (QSafeException e) {
            throw e;
        } catch (CryptoException | RuntimeException e) {
            throw Checks.cannotSign(algorithm, e);
        }
    }

    /**
     * Verifies through {@code verifying} with the public key and the context, under the checks and
     * error mapping every verifying path shares; returns normally only if it is valid.
     *
     * @throws InvalidSignatureException if the signature is invalid, malformed or of the wrong length,
     *                                   or the context is longer than 255 bytes
     * @throws InvalidKeyException       if the public key is malformed or of another algorithm
     */
    protected final void verifyChecked(PublicKey publicKey, byte[] signature, byte[] context,
                                       BcOperation<Boolean> verifying) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(context, "context");
        CipherParameters key = Keys.keptPublic(algorithm, publicKey, PUBLIC_STATE, CipherParameters.class, this::parsePublic);
        if (context.length > MAX_CONTEXT_LENGTH) {
            throw new InvalidSignatureException(algorithm.name() + " signature cannot be valid: the context is "
                    + context.length + " bytes, the maximum is " + MAX_CONTEXT_LENGTH);
        }
        if (signature.length != algorithm.signatureSize()) {
            throw new InvalidSignatureException(algorithm.name() + " signature must be "
                    + algorithm.signatureSize() + " bytes, got " + signature.length);
        }
        boolean valid;
        try {
            valid = verifying.apply(new ParametersWithContext(key, context));
        } catch (CryptoException | RuntimeException e) {
            throw new InvalidSignatureException(algorithm.name() + " signature is malformed", e);
        }
        if (!valid) {
            throw new InvalidSignatureException(algorithm.name()
                    + " signature does not verify for this key, message and context");
        }
    }

    /**
     * The parsed (for a seed: expanded) key, kept on the key as its engine state; callers must not destroy it.
     *
     * @throws InvalidKeyException if the key is malformed, destroyed or of another algorithm
     */
    @SuppressWarnings("unchecked") // the owner and the key's algorithm (checked first) fix the type
    protected final K privateParameters(PrivateKey privateKey) {
        return (K) Keys.keptPrivate(algorithm, privateKey, PRIVATE_STATE, Destroyable.class, this::parsePrivate);
    }
}

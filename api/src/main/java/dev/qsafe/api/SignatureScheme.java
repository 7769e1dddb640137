package dev.qsafe.api;

/**
 * A digital signature scheme. The context string is a mandatory argument: pass an empty array when
 * there is none. ML-DSA and SLH-DSA accept contexts of up to 255 bytes (FIPS 204/205); pure Ed25519
 * has no context and rejects a non-empty one with {@link InvalidInputException}.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface SignatureScheme {
    /** The algorithm this engine implements. */
    Algorithm algorithm();

    /** A fresh key pair from {@link java.security.SecureRandom}. */
    KeyPair generateKeyPair();

    /**
     * The key pair the standard derives from {@code seed} (the 32-byte private key of Ed25519, the
     * 32-byte xi of ML-DSA, the {@code SK.seed || SK.prf || PK.seed} of SLH-DSA).
     *
     * @throws InvalidKeyException if the seed has the wrong length
     */
    KeyPair deriveKeyPair(byte[] seed);

    /**
     * The public key that belongs to a private key.
     *
     * @throws InvalidKeyException if the key is malformed, destroyed or of another algorithm
     */
    PublicKey derivePublicKey(PrivateKey privateKey);

    /**
     * Signs {@code message} under {@code context}. ML-DSA and SLH-DSA use the hedged (randomized)
     * variant.
     *
     * @throws InvalidKeyException   if the key is malformed, destroyed or of another algorithm
     * @throws InvalidInputException if the context is too long or not supported
     */
    byte[] sign(PrivateKey privateKey, byte[] message, byte[] context);

    /**
     * Verifies a signature; returns normally only if it is valid.
     *
     * @throws InvalidSignatureException if the signature is not valid for this key, message and context
     * @throws InvalidKeyException       if the public key is malformed or of another algorithm
     */
    void verify(PublicKey publicKey, byte[] message, byte[] signature, byte[] context);
}

package dev.qsafe.api;

/**
 * A key encapsulation mechanism.
 *
 * <p>Guarantees: {@link #decapsulate} of an {@link #encapsulate encapsulation} with the matching private
 * key returns the same shared secret. Not guaranteed: that decapsulation with a wrong key or a modified
 * encapsulation fails; ML-KEM, for example, returns an unrelated pseudo-random secret ("implicit
 * rejection"), so always use the secret with an AEAD or a MAC that will then fail.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface Kem {
    /** The algorithm this engine implements. */
    Algorithm algorithm();

    /** A fresh key pair from {@link java.security.SecureRandom}. */
    KeyPair generateKeyPair();

    /**
     * The key pair the standard derives from {@code seed}: RFC 9180 {@code DeriveKeyPair(ikm)} for
     * DHKEM, the 64-byte {@code d || z} of FIPS 203 for ML-KEM, the 32-byte seed for X-Wing.
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
     * Creates a shared secret and its encapsulation for {@code recipient}.
     *
     * @throws InvalidKeyException if the public key is malformed or of another algorithm
     */
    Encapsulation encapsulate(PublicKey recipient);

    /**
     * Recovers the shared secret from an encapsulation.
     *
     * @throws InvalidKeyException   if the private key is malformed, destroyed or of another algorithm
     * @throws InvalidInputException if the encapsulation has the wrong length or is rejected by the algorithm
     */
    SecretBytes decapsulate(PrivateKey privateKey, byte[] encapsulation);
}

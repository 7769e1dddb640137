package dev.qsafe.api;

/**
 * Authenticated encryption with associated data. Stateless: the caller supplies the key and a nonce
 * that must never repeat under one key (HPKE derives them for you; prefer the envelope API).
 * {@code associatedData} is mandatory: pass an empty array when there is none.
 *
 * <p>Guarantees: {@link #open} returns the plaintext only if key, nonce, ciphertext, tag and associated
 * data are exactly those of {@link #seal}; otherwise it throws {@link DecryptionFailedException} with
 * one uniform message and releases no plaintext. Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface Aead {
    /** The algorithm this engine implements. */
    Algorithm algorithm();

    /**
     * Encrypts and authenticates. Returns {@code ciphertext || tag}.
     *
     * @throws InvalidKeyException   if the key length is wrong
     * @throws InvalidInputException if the nonce length is wrong
     */
    byte[] seal(SecretBytes key, byte[] nonce, byte[] plaintext, byte[] associatedData);

    /**
     * Checks and decrypts {@code ciphertext || tag}.
     *
     * @throws DecryptionFailedException if anything does not match
     * @throws InvalidKeyException       if the key length is wrong
     * @throws InvalidInputException     if the nonce length is wrong
     */
    byte[] open(SecretBytes key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData);
}

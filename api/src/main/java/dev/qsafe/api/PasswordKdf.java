package dev.qsafe.api;

/**
 * A memory-hard key derivation function from a passphrase (Argon2id, RFC 9106). Outputs are secret:
 * wipe them when done. Implementations are thread-safe and never keep the passphrase.
 *
 * @since 0.1.0
 */
public interface PasswordKdf {
    /** The algorithm this engine implements. */
    Algorithm algorithm();

    /**
     * Derives {@code length} bytes from {@code passphrase} and {@code salt} with the given cost.
     *
     * @throws InvalidInputException if the salt is shorter than 16 bytes, the length is out of range or
     *                               the parameters are out of the algorithm's bounds
     */
    byte[] derive(char[] passphrase, byte[] salt, PasswordKdfParameters parameters, int length);
}

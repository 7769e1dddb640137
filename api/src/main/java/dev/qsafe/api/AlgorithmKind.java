package dev.qsafe.api;

/**
 * What an {@link Algorithm} does, which decides the primitive interface its engines implement.
 *
 * @since 0.1.0
 */
public enum AlgorithmKind {
    /** Key encapsulation: {@link Kem}. */
    KEM,
    /** Digital signature: {@link SignatureScheme}. */
    SIGNATURE,
    /** Authenticated encryption with associated data: {@link Aead}. */
    AEAD,
    /** Key derivation: {@link Kdf}. */
    KDF,
    /** Extendable-output function: {@link Xof}. */
    XOF,
    /** Memory-hard key derivation from a passphrase: {@link PasswordKdf}. */
    PASSWORD_KDF
}

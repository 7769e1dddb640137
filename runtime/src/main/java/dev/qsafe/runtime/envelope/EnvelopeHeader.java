package dev.qsafe.runtime.envelope;

import dev.qsafe.api.Algorithm;

/**
 * What the unencrypted header of a sealed envelope says (see {@code docs/FORMAT.md}). Reading it
 * needs no key and proves nothing: the header is authenticated only when the envelope is opened.
 *
 * @param version          the format version (1)
 * @param kem              the KEM, from its HPKE id
 * @param kdf              the KDF, from its HPKE id
 * @param aead             the AEAD, from its HPKE id
 * @param recipientKeyId   the key id of the recipient's KEM public key (32 hex digits)
 * @param encLength        length of the KEM encapsulation
 * @param ciphertextLength length of the HPKE ciphertext (signed inner message + tag)
 * @since 0.1.0
 */
public record EnvelopeHeader(int version, Algorithm kem, Algorithm kdf, Algorithm aead, String recipientKeyId,
                             int encLength, int ciphertextLength) {
}

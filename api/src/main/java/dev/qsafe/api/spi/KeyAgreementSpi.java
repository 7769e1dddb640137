package dev.qsafe.api.spi;

import dev.qsafe.api.PrivateKey;

/**
 * The raw Diffie-Hellman function under a DH-based KEM (X25519 under DHKEM), for conformance tests
 * against published DH vectors (RFC 7748, Wycheproof). Applications use the {@link KemSpi} instead.
 *
 * @since 0.1.0
 */
public interface KeyAgreementSpi {
    /**
     * The raw shared secret {@code DH(privateKey, peerPublicKey)}.
     *
     * @throws dev.qsafe.api.InvalidKeyException if a key is malformed or the result is all zero
     *         (a low-order peer point), which RFC 9180 section 7.1.4 requires to be rejected
     */
    byte[] engineAgree(PrivateKey privateKey, byte[] peerPublicKey);
}

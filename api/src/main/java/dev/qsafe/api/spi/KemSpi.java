package dev.qsafe.api.spi;

import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.Kem;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.UnsupportedAlgorithmException;

/**
 * A provider's KEM engine: the {@link Kem} contract plus the derandomized encapsulation and the export
 * of expanded private keys that published test vectors need.
 *
 * @since 0.1.0
 */
public interface KemSpi extends Kem {
    /**
     * Encapsulation with caller-supplied randomness, as the standard's test interface defines it: the
     * {@code ikmE} of RFC 9180 (ephemeral key from {@code DeriveKeyPair}), the 32-byte {@code m} of
     * FIPS 203, the 64-byte {@code eseed} of X-Wing. Only for conformance tests: never reuse randomness.
     *
     * @throws dev.qsafe.api.InvalidInputException if the randomness has the wrong length
     */
    Encapsulation engineEncapsulateDerandomized(PublicKey recipient, byte[] randomness);

    /**
     * The standard's expanded encoding of the private key (FIPS 203 {@code dk = dk_PKE || ek || H(ek) || z};
     * FIPS 204 {@code sk = rho || K || tr || s1 || s2 || t0}), for conformance tests only: with it a
     * runner compares the key-generation vectors' expanded keys byte for byte. The caller owns (and
     * wipes) the returned array. Applications store the seed form, never this.
     *
     * @throws UnsupportedAlgorithmException if the engine cannot export the expanded form (the default,
     *                                       and the case of every KEM but ML-KEM)
     * @throws dev.qsafe.api.InvalidKeyException if the key is malformed, destroyed or of another algorithm
     */
    default byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        throw new UnsupportedAlgorithmException(algorithm().name() + " engine cannot export the expanded private key");
    }
}

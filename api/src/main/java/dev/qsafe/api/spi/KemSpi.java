package dev.qsafe.api.spi;

import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.Kem;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.UnsupportedAlgorithmException;

/**
 * A provider's KEM engine: the {@link Kem} contract plus the derandomized encapsulation that published
 * test vectors need.
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
     * The expanded form of a private key, where the standard defines one: for ML-KEM the decapsulation
     * key {@code dk} of FIPS 203 ML-KEM.KeyGen ({@code 768k + 96} bytes), whatever form the key is
     * stored in. C2SP CCTV's accumulated ML-KEM tests hash it. Only for conformance tests: the result is
     * secret key material, owned by the caller.
     *
     * @throws UnsupportedAlgorithmException if the engine cannot export it (the default)
     * @throws dev.qsafe.api.InvalidKeyException if the key is malformed, destroyed or of another algorithm
     */
    default byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        throw new UnsupportedAlgorithmException(algorithm().name() + " engine cannot export an expanded private key");
    }
}

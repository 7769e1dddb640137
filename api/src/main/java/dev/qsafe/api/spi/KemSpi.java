package dev.qsafe.api.spi;

import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.Kem;
import dev.qsafe.api.PublicKey;

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
}

package dev.qsafe.api.spi;

import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SignatureScheme;

/**
 * A provider's signature engine: the {@link SignatureScheme} contract plus signing with caller-chosen
 * randomness, which published test vectors need.
 */
public interface SignatureSpi extends SignatureScheme {
    /**
     * Signs with explicit randomness: for ML-DSA the 32-byte {@code rnd} of FIPS 204, where
     * {@code null} selects the deterministic variant (rnd = 0^32); for SLH-DSA the {@code n}-byte
     * {@code opt_rand}, where {@code null} selects the deterministic variant (opt_rand = PK.seed).
     * Deterministic schemes (Ed25519) accept only {@code null}.
     *
     * @throws dev.qsafe.api.InvalidInputException if the randomness has the wrong length
     */
    byte[] engineSignDerandomized(PrivateKey privateKey, byte[] message, byte[] context, byte[] randomness);
}

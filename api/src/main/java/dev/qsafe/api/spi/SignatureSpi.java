package dev.qsafe.api.spi;

import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SignatureScheme;
import dev.qsafe.api.UnsupportedAlgorithmException;

/**
 * A provider's signature engine: the {@link SignatureScheme} contract plus signing with caller-chosen
 * randomness, which published test vectors need, and (for ML-DSA) the external-mu entry points that
 * vectors of the FIPS 204 internal interface need and the export of expanded private keys that its
 * key-generation vectors need.
 *
 * @since 0.1.0
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

    /**
     * ML-DSA signing of a message representative computed by the caller: FIPS 204 ML-DSA.Sign_internal
     * from step 7 on, given the 64-byte {@code mu = H(tr || M', 64)} ("external mu"). With it a caller
     * can reproduce the internal-interface vectors of NIST ACVP and Wycheproof, which give {@code M'}
     * or {@code mu} rather than a message and a context. Only for conformance tests: applications sign
     * messages with {@link #sign}.
     *
     * @param randomness the 32-byte {@code rnd}, or {@code null} for the deterministic variant
     * @throws UnsupportedAlgorithmException if the engine has no external-mu interface (the default,
     *                                       and the case of every scheme but ML-DSA)
     * @throws dev.qsafe.api.InvalidInputException if {@code mu} or the randomness has the wrong length
     * @throws dev.qsafe.api.InvalidKeyException   if the key is malformed, destroyed or of another algorithm
     */
    default byte[] engineSignMu(PrivateKey privateKey, byte[] mu, byte[] randomness) {
        throw new UnsupportedAlgorithmException(algorithm().name() + " engine has no external-mu signing interface");
    }

    /**
     * ML-DSA verification of a signature over a caller-computed {@code mu} (FIPS 204
     * ML-DSA.Verify_internal from step 7 on); returns normally only if it is valid. Only for
     * conformance tests, like {@link #engineSignMu}.
     *
     * @throws UnsupportedAlgorithmException if the engine has no external-mu interface (the default)
     * @throws dev.qsafe.api.InvalidSignatureException if the signature is not valid for this key and mu
     * @throws dev.qsafe.api.InvalidKeyException       if the public key is malformed or of another algorithm
     */
    default void engineVerifyMu(PublicKey publicKey, byte[] mu, byte[] signature) {
        throw new UnsupportedAlgorithmException(algorithm().name() + " engine has no external-mu verification interface");
    }

    /**
     * The standard's expanded encoding of the private key (FIPS 203 {@code dk = dk_PKE || ek || H(ek) || z};
     * FIPS 204 {@code sk = rho || K || tr || s1 || s2 || t0}), for conformance tests only: with it a
     * runner compares the key-generation vectors' expanded keys byte for byte. The caller owns (and
     * wipes) the returned array. Applications store the seed form, never this.
     *
     * @throws UnsupportedAlgorithmException if the engine cannot export the expanded form (the default,
     *                                       and the case of every scheme but ML-DSA)
     * @throws dev.qsafe.api.InvalidKeyException if the key is malformed, destroyed or of another algorithm
     */
    default byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        throw new UnsupportedAlgorithmException(algorithm().name() + " engine cannot export the expanded private key");
    }
}

package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.concat;
import static dev.qsafe.conformance.internal.Checks.equal;

import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.Xof;
import dev.qsafe.api.spi.SignatureSpi;
import java.security.MessageDigest;

/**
 * The signature known-answer checks the signature schemas are made of: key generation from a seed,
 * signing with given randomness, verification, and the ML-DSA message representative for vectors of
 * the FIPS 204 internal interface.
 */
final class SignatureChecks {
    /** Length of {@code tr} and {@code mu} in ML-DSA (FIPS 204: 64 bytes each). */
    private static final int ML_DSA_HASH_LENGTH = 64;
    private static final byte[] NO_CONTEXT = new byte[0];

    private SignatureChecks() {
    }

    /**
     * {@code KeyGen(seed)} gives {@code pk}; if a private key {@code sk} is given, it is either the
     * derived private key itself or another form of it (the FIPS 204 expanded key): then it must imply
     * {@code pk} and sign exactly like the derived key (deterministic variant).
     */
    static KeyPair keyGen(SignatureSpi dsa, byte[] seed, byte[] pk, byte[] sk) {
        KeyPair pair = dsa.deriveKeyPair(seed);
        equal("public key from the seed", pk, pair.publicKey().encoded());
        if (sk != null && !MessageDigest.isEqual(sk, pair.privateKey().rawBytes(SecretAccess.INSECURE))) {
            PrivateKey other = PrivateKey.of(dsa.algorithm(), sk);
            equal("public key implied by the private key", pair.publicKey(), dsa.derivePublicKey(other));
            equal("deterministic signature with the private key",
                    dsa.engineSignDerandomized(pair.privateKey(), seed, NO_CONTEXT, null),
                    dsa.engineSignDerandomized(other, seed, NO_CONTEXT, null));
        }
        return pair;
    }

    /** Verification of {@code signature} over {@code message} under {@code context} succeeds. */
    static void verify(SignatureSpi dsa, byte[] pk, byte[] message, byte[] signature, byte[] context) {
        dsa.verify(PublicKey.of(dsa.algorithm(), pk), message, signature, context);
    }

    /**
     * Signing with {@code randomness} ({@code null}: deterministic) gives {@code expected}, which then
     * verifies under {@code publicKey} when one is given.
     */
    static void sign(SignatureSpi dsa, PrivateKey sk, byte[] message, byte[] context, byte[] randomness,
                     byte[] expected, PublicKey publicKey) {
        equal("signature", expected, dsa.engineSignDerandomized(sk, message, context, randomness));
        if (publicKey != null) {
            dsa.verify(publicKey, message, expected, context);
        }
    }

    /**
     * The ML-DSA message representative of the internal interface: {@code mu = H(H(pk, 64) || M', 64)}
     * with {@code H} = SHAKE256 (FIPS 204 ML-DSA.Sign_internal steps 6 and 7).
     */
    static byte[] mu(Xof shake256, byte[] pk, byte[] messagePrime) {
        byte[] tr = shake256.digest(pk, ML_DSA_HASH_LENGTH);
        return shake256.digest(concat(tr, messagePrime), ML_DSA_HASH_LENGTH);
    }
}

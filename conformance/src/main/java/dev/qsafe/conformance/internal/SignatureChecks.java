package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.concat;
import static dev.qsafe.conformance.internal.Checks.equal;

import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.Xof;
import dev.qsafe.api.spi.SignatureSpi;

/**
 * The signature known-answer checks the signature schemas are made of: key generation from a seed,
 * signing with given randomness, verification, and the ML-DSA message representative for vectors of
 * the FIPS 204 internal interface.
 */
final class SignatureChecks {
    /** Length of {@code tr} and {@code mu} in ML-DSA (FIPS 204: 64 bytes each). */
    private static final int ML_DSA_HASH_LENGTH = 64;

    private SignatureChecks() {
    }

    /**
     * {@code KeyGen(seed)} gives {@code pk}; if a private key {@code sk} is given, it is byte for byte
     * either the derived private key itself (a form of its length: SLH-DSA's full key) or the engine's
     * expanded form of it ({@link SignatureSpi#engineExpandedPrivateKey}: the FIPS 204 {@code sk}).
     * An engine that cannot export the expanded form skips the case: a key that merely signs like
     * the derived one could still differ from the standard's encoding. (Signing with an imported
     * expanded key is what the sigGen vectors check.)
     *
     * @throws Skip if {@code sk} is in the expanded form and the engine cannot export it
     */
    static KeyPair keyGen(SignatureSpi dsa, byte[] seed, byte[] pk, byte[] sk) {
        KeyPair pair = dsa.deriveKeyPair(seed);
        equal("public key from the seed", pk, pair.publicKey().encoded());
        if (sk != null) {
            byte[] derived = pair.privateKey().rawBytes(SecretAccess.INSECURE);
            if (sk.length == derived.length) {
                equal("sk", sk, derived);
            } else {
                byte[] expanded;
                try {
                    expanded = dsa.engineExpandedPrivateKey(pair.privateKey());
                } catch (UnsupportedAlgorithmException e) {
                    throw new Skip(cannotExport(dsa.algorithm().name(), "sk"));
                }
                equal("sk", sk, expanded);
            }
        }
        return pair;
    }

    /** Why a key-generation case whose private key is in the expanded form is skipped on an engine. */
    static String cannotExport(String algorithm, String field) {
        return "the " + algorithm + " engine cannot export the expanded private key, so " + field
                + " cannot be compared byte for byte";
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

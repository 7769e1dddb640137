package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.equal;
import static dev.qsafe.conformance.internal.Checks.raw;

import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.KemSpi;

/**
 * The KEM known-answer checks every KEM schema is made of (ML-KEM in Wycheproof, ACVP and CCTV; X-Wing
 * and the hybrid KEMs): key generation from a seed, derandomized encapsulation, decapsulation.
 */
final class KemChecks {
    private KemChecks() {
    }

    /**
     * {@code DeriveKeyPair(seed)} gives {@code ek} (when given); if a private key {@code dk} is given, it
     * is byte for byte either the derived private key itself (a form of its length: the seed) or the
     * engine's expanded form of it ({@link KemSpi#engineExpandedPrivateKey}: the FIPS 203 {@code dk}).
     * An expanded {@code dk} must then also be taken as a key: it implies {@code ek} and decapsulates
     * exactly like the derived key, a proper encapsulation and a modified one (implicit rejection).
     *
     * @throws Skip if {@code dk} is in the expanded form and the engine cannot export it (a key that
     *              merely decapsulates like the derived one could still differ from the standard's encoding)
     */
    static KeyPair keyGen(KemSpi kem, byte[] seed, byte[] ek, byte[] dk) {
        KeyPair pair = kem.deriveKeyPair(seed);
        if (ek != null) {
            equal("ek from the seed", ek, pair.publicKey().encoded());
        }
        if (dk != null) {
            byte[] derived = pair.privateKey().rawBytes(SecretAccess.INSECURE);
            if (dk.length == derived.length) {
                equal("dk", dk, derived);
            } else {
                byte[] expanded;
                try {
                    expanded = kem.engineExpandedPrivateKey(pair.privateKey());
                } catch (UnsupportedAlgorithmException e) {
                    throw new Skip(SignatureChecks.cannotExport(kem.algorithm().name(), "dk"));
                }
                equal("dk", dk, expanded);
                behavesLike(kem, pair, PrivateKey.of(kem.algorithm(), dk));
            }
        }
        return pair;
    }

    /** {@code Encaps(ek)} with the given randomness gives {@code c} and {@code k}. */
    static void encaps(KemSpi kem, byte[] ek, byte[] randomness, byte[] c, byte[] k) {
        Encapsulation e = kem.engineEncapsulateDerandomized(PublicKey.of(kem.algorithm(), ek), randomness);
        equal("ciphertext", c, e.ciphertext());
        equal("shared secret from Encaps", k, raw(e.sharedSecret()));
    }

    /** {@code Decaps(dk, c)} gives {@code k}. */
    static void decaps(KemSpi kem, byte[] dk, byte[] c, byte[] k) {
        equal("shared secret from Decaps", k, raw(kem.decapsulate(PrivateKey.of(kem.algorithm(), dk), c)));
    }

    /**
     * The whole round of a seed-based KEM vector: the key pair from {@code seed} ({@code dk} optional),
     * the encapsulation with {@code randomness}, and decapsulation with the derived key and with
     * {@code dk} when given.
     */
    static void knownAnswer(KemSpi kem, byte[] seed, byte[] ek, byte[] dk, byte[] randomness, byte[] c, byte[] k) {
        KeyPair pair = keyGen(kem, seed, ek, dk);
        encaps(kem, ek, randomness, c, k);
        equal("shared secret from Decaps", k, raw(kem.decapsulate(pair.privateKey(), c)));
        if (dk != null) {
            decaps(kem, dk, c, k);
        }
    }

    private static void behavesLike(KemSpi kem, KeyPair derived, PrivateKey other) {
        equal("ek implied by dk", derived.publicKey(), kem.derivePublicKey(other));
        Encapsulation e = kem.encapsulate(derived.publicKey());
        equal("Decaps with dk", raw(e.sharedSecret()), raw(kem.decapsulate(other, e.ciphertext())));
        byte[] modified = e.ciphertext();
        modified[0] ^= 1;
        equal("implicit rejection with dk", raw(kem.decapsulate(derived.privateKey(), modified)),
                raw(kem.decapsulate(other, modified)));
    }
}

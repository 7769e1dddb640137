package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.equal;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.util.Map;

/**
 * The Wycheproof families of ML-KEM (FIPS 203: the four kinds of file) and ML-DSA (FIPS 204: signing
 * from a seed or an expanded key, verification). Cases of the internal interface, which give
 * {@code mu} instead of a message, use the engines' external-mu entry points.
 */
final class WycheproofPqc {
    private static final Map<String, Class<? extends QSafeException>> SIGN_REJECTIONS = Map.of(
            "InvalidContext", InvalidInputException.class, "IncorrectPrivateKeyLength", InvalidKeyException.class);

    private WycheproofPqc() {
    }

    /** {@code mlkem_test_schema}: KeyGen(seed) gives ek (when given), Decaps(c) gives K (implicit rejection included). */
    static void mlKem(String algorithm, Wycheproof.Test t, Plan plan) {
        byte[] seed = t.hex("seed");
        byte[] ek = t.hexOrNull("ek");
        byte[] c = t.hex("c");
        byte[] k = t.hex("K");
        Fips203Draft.check(plan, seed, ek);
        plan.add(t.parameterSet(algorithm), plan.engines()::kem, VectorCase.of(t.id(), t.expect(QSafeException.class),
                (KemSpi kem) -> equal("shared secret from Decaps", k,
                        Checks.raw(kem.decapsulate(KemChecks.keyGen(kem, seed, ek, null).privateKey(), c)))));
    }

    /** {@code mlkem_encaps_test_schema}: Encaps(ek, m) gives c and K; an invalid ek is refused with {@link InvalidKeyException}. */
    static void mlKemEncaps(String algorithm, Wycheproof.Test t, Plan plan) {
        byte[] ek = t.hex("ek");
        byte[] m = t.hex("m");
        byte[] c = t.hex("c");
        byte[] k = t.hex("K");
        plan.add(t.parameterSet(algorithm), plan.engines()::kem, VectorCase.of(t.id(), t.expect(InvalidKeyException.class),
                (KemSpi kem) -> KemChecks.encaps(kem, ek, m, c, k)));
    }

    /** {@code mlkem_keygen_seed_test_schema}: KeyGen(seed) gives ek, and dk behaves exactly like the seed key. */
    static void mlKemKeyGen(String algorithm, Wycheproof.Test t, Plan plan) {
        byte[] seed = t.hex("seed");
        byte[] ek = t.hex("ek");
        byte[] dk = t.hex("dk");
        Fips203Draft.check(plan, seed, ek);
        plan.add(t.parameterSet(algorithm), plan.engines()::kem, VectorCase.of(t.id(), t.expect(QSafeException.class),
                (KemSpi kem) -> KemChecks.keyGen(kem, seed, ek, dk)));
    }

    /**
     * {@code mlkem_semi_expanded_decaps_test_schema}: Decaps(dk, c) gives K and dk implies ek; a
     * ciphertext of the wrong length is refused with {@link InvalidInputException}, a malformed dk with
     * {@link InvalidKeyException} (invalid cases may come without K).
     */
    static void mlKemExpandedDecaps(String algorithm, Wycheproof.Test t, Plan plan) {
        byte[] dk = t.hex("dk");
        byte[] c = t.hex("c");
        byte[] k = t.result().equals("invalid") ? t.hexOrNull("K") : t.hex("K");
        byte[] ek = t.hexOrNull("ek");
        Expectation expected = t.expect(Map.of("IncorrectCiphertextLength", InvalidInputException.class,
                "IncorrectDecapsulationKeyLength", InvalidKeyException.class,
                "InvalidDecapsulationKey", InvalidKeyException.class), QSafeException.class);
        plan.add(t.parameterSet(algorithm), plan.engines()::kem, VectorCase.of(t.id(), expected, (KemSpi kem) -> {
            if (k != null) {
                KemChecks.decaps(kem, dk, c, k);
            } else {
                kem.decapsulate(PrivateKey.of(kem.algorithm(), dk), c);
            }
            if (ek != null) {
                equal("ek implied by dk", PublicKey.of(kem.algorithm(), ek), kem.derivePublicKey(PrivateKey.of(kem.algorithm(), dk)));
            }
        }));
    }

    /**
     * {@code mldsa_sign_seed_schema}: KeyGen(privateSeed) gives publicKey; signing {@code msg} under
     * {@code ctx} (deterministically, or with {@code rnd}) reproduces {@code sig}, which verifies. Cases
     * of the internal interface give {@code mu} instead of {@code msg}.
     */
    static void mlDsaSignSeed(String algorithm, Wycheproof.Test t, Plan plan) {
        byte[] seed = Fields.hex(t.group(), "privateSeed");
        byte[] pk = Fields.hexOrNull(t.group(), "publicKey");
        mlDsaSign(algorithm, t, plan, dsa -> {
            KeyPair pair = dsa.deriveKeyPair(seed);
            if (pk != null) {
                equal("public key from the seed", pk, pair.publicKey().encoded());
            }
            return pair;
        });
    }

    /** {@code mldsa_sign_noseed_schema}: as with a seed, from the expanded private key {@code privateKey}. */
    static void mlDsaSignNoSeed(String algorithm, Wycheproof.Test t, Plan plan) {
        byte[] sk = Fields.hex(t.group(), "privateKey");
        byte[] pk = Fields.hexOrNull(t.group(), "publicKey");
        mlDsaSign(algorithm, t, plan, dsa -> {
            PrivateKey privateKey = PrivateKey.of(dsa.algorithm(), sk);
            PublicKey publicKey = pk != null ? PublicKey.of(dsa.algorithm(), pk) : dsa.derivePublicKey(privateKey);
            return new KeyPair(publicKey, privateKey);
        });
    }

    /** How a signing case gets its key pair from an engine. */
    @FunctionalInterface
    private interface Keys {
        KeyPair of(SignatureSpi dsa);
    }

    private static void mlDsaSign(String algorithm, Wycheproof.Test t, Plan plan, Keys keys) {
        byte[] msg = t.hexOrNull("msg");
        byte[] mu = msg == null ? t.hex("mu") : null;
        byte[] ctx = t.hexOrEmpty("ctx");
        byte[] rnd = t.hexOrNull("rnd");
        byte[] sig = t.hex("sig");
        plan.add(t.parameterSet(algorithm), plan.engines()::signature, VectorCase.of(t.id(),
                t.expect(SIGN_REJECTIONS, InvalidKeyException.class), (SignatureSpi dsa) -> {
                    KeyPair pair = keys.of(dsa);
                    if (msg != null) {
                        SignatureChecks.sign(dsa, pair.privateKey(), msg, ctx, rnd, sig, pair.publicKey());
                    } else {
                        equal("signature of mu", sig, dsa.engineSignMu(pair.privateKey(), mu, rnd));
                        dsa.engineVerifyMu(pair.publicKey(), mu, sig);
                    }
                }));
    }

    /**
     * {@code mldsa_verify_schema}: valid signatures verify; invalid ones fail with
     * {@link InvalidSignatureException}, or {@link InvalidKeyException} for a public key of the wrong length.
     */
    static void mlDsaVerify(String algorithm, Wycheproof.Test t, Plan plan) {
        byte[] pk = Fields.hex(t.group(), "publicKey");
        byte[] msg = t.hexOrNull("msg");
        byte[] mu = msg == null ? t.hex("mu") : null;
        byte[] ctx = t.hexOrEmpty("ctx");
        byte[] sig = t.hex("sig");
        Expectation expected = t.expect(Map.of("IncorrectPublicKeyLength", InvalidKeyException.class), InvalidSignatureException.class);
        plan.add(t.parameterSet(algorithm), plan.engines()::signature, VectorCase.of(t.id(), expected, (SignatureSpi dsa) -> {
            if (msg != null) {
                SignatureChecks.verify(dsa, pk, msg, sig, ctx);
            } else {
                dsa.engineVerifyMu(PublicKey.of(dsa.algorithm(), pk), mu, sig);
            }
        }));
    }
}

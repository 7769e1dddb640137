package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.SignatureSpi;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * ML-DSA-65 and ML-DSA-87 against the Wycheproof files, on every discovered engine.
 */
class MlDsaWycheproofTest {
    private static final Map<String, Algorithm> FILES = Map.of("65", Algorithm.ML_DSA_65, "87", Algorithm.ML_DSA_87);

    /**
     * {@code mldsa_*_sign_seed_test}: KeyGen(privateSeed) gives publicKey; signing msg under ctx,
     * deterministically or with the given rnd, reproduces sig exactly, and the signature verifies.
     * {@code Internal} cases give only mu, for ML-DSA.Sign_internal, which {@code SignatureSpi} does not
     * offer: they are skipped.
     */
    @TestFactory
    Stream<DynamicNode> signFromSeed_reproducesSignatures() {
        return Stream.of("65", "87").flatMap(size -> Wycheproof.of("mldsa_%s_sign_seed_test".formatted(size),
                FILES.get(size), PqcEngines::signature, MlDsaWycheproofTest::signAndCompare)
                .skip(c -> c.has("msg") ? null
                        : "Internal: gives only mu; SignatureSpi has no ML-DSA.Sign_internal(mu) entry point")
                .rejectWith(Map.of("InvalidContext", InvalidInputException.class,
                        "IncorrectPrivateKeyLength", InvalidKeyException.class), InvalidKeyException.class)
                .tests());
    }

    /**
     * {@code mldsa_*_verify_test}: valid signatures verify; invalid ones are rejected with
     * {@link InvalidSignatureException}, or {@link InvalidKeyException} for a malformed public key.
     */
    @TestFactory
    Stream<DynamicNode> verify_acceptsValid_rejectsInvalidTyped() {
        return Stream.of("65", "87").flatMap(size -> Wycheproof.of("mldsa_%s_verify_test".formatted(size),
                FILES.get(size), PqcEngines::signature, (SignatureSpi engine, Wycheproof.Case c) ->
                        engine.verify(PublicKey.of(engine.algorithm(), c.groupHex("publicKey")), c.hex("msg"),
                                c.hex("sig"), c.hex("ctx")))
                .rejectWith(Map.of("IncorrectPublicKeyLength", InvalidKeyException.class), InvalidSignatureException.class)
                .tests());
    }

    private static void signAndCompare(SignatureSpi engine, Wycheproof.Case c) {
        KeyPair pair = engine.deriveKeyPair(c.groupHex("privateSeed"));
        if (c.groupHas("publicKey")) {
            assertArrayEquals(c.groupHex("publicKey"), pair.publicKey().encoded(), "publicKey");
        }
        byte[] rnd = c.has("rnd") ? c.hex("rnd") : null;
        byte[] signature = engine.engineSignDerandomized(pair.privateKey(), c.hex("msg"), c.hex("ctx"), rnd);
        assertArrayEquals(c.hex("sig"), signature, "sig");
        engine.verify(pair.publicKey(), c.hex("msg"), signature, c.hex("ctx"));
    }
}

package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.Xof;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.tests.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * ML-DSA-44/65/87 behaviour and negative cases, on every discovered engine.
 */
class MlDsaTest {
    private static final byte[] MESSAGE = "a message to sign".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXT = "qsafe test".getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> engines() {
        return PqcEngines.engines(Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87);
    }

    static Stream<Arguments> enginePairs() {
        return PqcEngines.enginePairs(Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void sign_thenVerify_acceptsAndStandardSizes(Algorithm alg, String provider) {
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        KeyPair pair = dsa.generateKeyPair();
        assertEquals(alg.publicKeySize(), pair.publicKey().length());
        assertEquals(alg.privateKeySize(), pair.privateKey().length());
        byte[] signature = dsa.sign(pair.privateKey(), MESSAGE, CONTEXT);
        assertEquals(alg.signatureSize(), signature.length);
        dsa.verify(pair.publicKey(), MESSAGE, signature, CONTEXT);
        assertEquals(pair.publicKey(), dsa.derivePublicKey(pair.privateKey()));
    }

    @ParameterizedTest(name = "{0}: {1} signs, {2} verifies")
    @MethodSource("enginePairs")
    void signature_ofOneEngine_verifiesWithEveryEngine(Algorithm alg, String producer, String consumer) {
        SignatureSpi a = PqcEngines.signature(alg, producer);
        SignatureSpi b = PqcEngines.signature(alg, consumer);
        KeyPair pair = a.generateKeyPair();
        b.verify(pair.publicKey(), MESSAGE, a.sign(pair.privateKey(), MESSAGE, CONTEXT), CONTEXT);
        PqcEngines.assumeDerandomized(producer, consumer);
        assertArrayEquals(a.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, null),
                b.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, null), "deterministic signatures agree");
    }

    /**
     * External mu: signing {@code mu = H(tr || 0 || |ctx| || ctx || M)} (FIPS 204 pure ML-DSA's message
     * representative, {@code tr = H(pk)}, H = SHAKE256) gives the signature of M under ctx, and it
     * verifies both ways.
     */
    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void signMu_ofThePureMessageRepresentative_equalsSigningTheMessage(Algorithm alg, String provider) {
        PqcEngines.assumeDerandomized(provider);
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        KeyPair pair = dsa.deriveKeyPair(filled(32, 3));
        Xof shake = PqcEngines.registry().xof(Algorithm.SHAKE256);
        byte[] tr = shake.digest(pair.publicKey().encoded(), 64);
        byte[] prefix = {0, (byte) CONTEXT.length};
        byte[] mu = shake.digest(concat(tr, prefix, CONTEXT, MESSAGE), 64);
        byte[] rnd = filled(32, 9);
        byte[] signature = dsa.engineSignMu(pair.privateKey(), mu, rnd);
        assertArrayEquals(dsa.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, rnd), signature);
        assertArrayEquals(dsa.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, null),
                dsa.engineSignMu(pair.privateKey(), mu, null), "null rnd: deterministic");
        dsa.engineVerifyMu(pair.publicKey(), mu, signature);
        dsa.verify(pair.publicKey(), MESSAGE, signature, CONTEXT);
        mu[0] ^= 1;
        assertThrows(InvalidSignatureException.class, () -> dsa.engineVerifyMu(pair.publicKey(), mu, signature));
        assertThrows(InvalidInputException.class, () -> dsa.engineSignMu(pair.privateKey(), new byte[63], null));
        assertThrows(InvalidInputException.class, () -> dsa.engineVerifyMu(pair.publicKey(), new byte[65], signature));
        assertThrows(InvalidInputException.class, () -> dsa.engineSignMu(pair.privateKey(), new byte[64], new byte[31]));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("dev.qsafe.tests.pqc.SlhDsaTest#fast")
    void signMu_onSchemesWithoutExternalMu_isUnsupported(Algorithm alg, String provider) {
        SignatureSpi slh = PqcEngines.signature(alg, provider);
        KeyPair pair = slh.deriveKeyPair(new byte[alg.privateKeySize() / 4 * 3]);
        assertThrows(UnsupportedAlgorithmException.class, () -> slh.engineSignMu(pair.privateKey(), new byte[64], null));
        assertThrows(UnsupportedAlgorithmException.class, () -> slh.engineVerifyMu(pair.publicKey(), new byte[64],
                new byte[alg.signatureSize()]));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void sign_isHedged_derandomizedIsRepeatableAndNullMeansZeroRnd(Algorithm alg, String provider) {
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        KeyPair pair = dsa.deriveKeyPair(new byte[32]);
        assertFalse(Arrays.equals(dsa.sign(pair.privateKey(), MESSAGE, CONTEXT), dsa.sign(pair.privateKey(), MESSAGE, CONTEXT)),
                "two hedged signatures are equal");
        PqcEngines.assumeDerandomized(provider);
        byte[] deterministic = dsa.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, null);
        assertArrayEquals(deterministic, dsa.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, null));
        assertArrayEquals(deterministic, dsa.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, new byte[32]),
                "FIPS 204: the deterministic variant is rnd = 0^32");
        byte[] randomized = dsa.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, filled(32, 1));
        assertFalse(Arrays.equals(deterministic, randomized));
        dsa.verify(pair.publicKey(), MESSAGE, randomized, CONTEXT);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void signDerandomized_wrongRandomnessLength_invalidInput(Algorithm alg, String provider) {
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        PrivateKey key = dsa.generateKeyPair().privateKey();
        assertThrows(InvalidInputException.class, () -> dsa.engineSignDerandomized(key, MESSAGE, CONTEXT, new byte[31]));
        assertThrows(InvalidInputException.class, () -> dsa.engineSignDerandomized(key, MESSAGE, CONTEXT, new byte[33]));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void context_upTo255Bytes_tooLongRejectedTyped(Algorithm alg, String provider) {
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        KeyPair pair = dsa.generateKeyPair();
        byte[] longest = filled(255, 3);
        dsa.verify(pair.publicKey(), MESSAGE, dsa.sign(pair.privateKey(), MESSAGE, longest), longest);
        byte[] tooLong = filled(256, 3);
        assertThrows(InvalidInputException.class, () -> dsa.sign(pair.privateKey(), MESSAGE, tooLong));
        assertThrows(InvalidInputException.class, () -> dsa.engineSignDerandomized(pair.privateKey(), MESSAGE, tooLong, null));
        byte[] signature = dsa.sign(pair.privateKey(), MESSAGE, CONTEXT);
        assertThrows(InvalidSignatureException.class, () -> dsa.verify(pair.publicKey(), MESSAGE, signature, tooLong));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void verify_otherKeyMessageOrContext_invalidSignature(Algorithm alg, String provider) {
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        KeyPair pair = dsa.generateKeyPair();
        byte[] signature = dsa.sign(pair.privateKey(), MESSAGE, CONTEXT);
        PublicKey other = dsa.generateKeyPair().publicKey();
        assertThrows(InvalidSignatureException.class, () -> dsa.verify(other, MESSAGE, signature, CONTEXT));
        assertThrows(InvalidSignatureException.class, () -> dsa.verify(pair.publicKey(), "another".getBytes(StandardCharsets.UTF_8), signature, CONTEXT));
        assertThrows(InvalidSignatureException.class, () -> dsa.verify(pair.publicKey(), MESSAGE, signature, new byte[0]));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void verify_flippedBitOrWrongLength_invalidSignature(Algorithm alg, String provider) {
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        KeyPair pair = dsa.generateKeyPair();
        byte[] signature = dsa.sign(pair.privateKey(), MESSAGE, CONTEXT);
        for (int position : new int[] {0, signature.length / 2, signature.length - 1}) {
            byte[] flipped = signature.clone();
            flipped[position] ^= 0x01;
            assertThrows(InvalidSignatureException.class, () -> dsa.verify(pair.publicKey(), MESSAGE, flipped, CONTEXT),
                    "bit flipped at " + position);
        }
        for (byte[] wrong : new byte[][] {Arrays.copyOf(signature, signature.length - 1), Arrays.copyOf(signature, signature.length + 1), new byte[0]}) {
            assertThrows(InvalidSignatureException.class, () -> dsa.verify(pair.publicKey(), MESSAGE, wrong, CONTEXT),
                    "signature of " + wrong.length + " bytes");
        }
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void keys_wrongLength_invalidKey(Algorithm alg, String provider) {
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        KeyPair pair = dsa.generateKeyPair();
        for (int length : new int[] {0, 31, 33, 64}) {
            assertThrows(InvalidKeyException.class, () -> dsa.deriveKeyPair(new byte[length]), "seed of " + length);
        }
        for (int length : new int[] {1, 31, 33, expandedLength(alg) - 1, expandedLength(alg) + 1}) {
            PrivateKey key = PrivateKey.of(alg, new byte[length]);
            assertThrows(InvalidKeyException.class, () -> dsa.sign(key, MESSAGE, CONTEXT), "private key of " + length);
            assertThrows(InvalidKeyException.class, () -> dsa.derivePublicKey(key), "private key of " + length);
        }
        byte[] pk = pair.publicKey().encoded();
        byte[] signature = dsa.sign(pair.privateKey(), MESSAGE, CONTEXT);
        // PublicKey.of checks the length of a well-known algorithm, before any engine sees the key.
        assertThrows(InvalidKeyException.class,
                () -> dsa.verify(PublicKey.of(alg, Arrays.copyOf(pk, pk.length - 1)), MESSAGE, signature, CONTEXT));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void destroyedPrivateKey_refused(Algorithm alg, String provider) {
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        PrivateKey key = dsa.generateKeyPair().privateKey();
        key.destroy();
        assertThrows(InvalidKeyException.class, () -> dsa.sign(key, MESSAGE, CONTEXT));
        assertThrows(InvalidKeyException.class, () -> dsa.engineSignDerandomized(key, MESSAGE, CONTEXT, null));
        assertThrows(InvalidKeyException.class, () -> dsa.derivePublicKey(key));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void keysOfAnotherAlgorithm_invalidKey(Algorithm alg, String provider) {
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        Algorithm other = alg.equals(Algorithm.ML_DSA_65) ? Algorithm.ML_DSA_87 : Algorithm.ML_DSA_65;
        SignatureSpi otherDsa = PqcEngines.signature(other, PqcEngines.BC_PQC);
        KeyPair foreign = otherDsa.generateKeyPair();
        byte[] signature = otherDsa.sign(foreign.privateKey(), MESSAGE, CONTEXT);
        assertThrows(InvalidKeyException.class, () -> dsa.sign(foreign.privateKey(), MESSAGE, CONTEXT));
        assertThrows(InvalidKeyException.class, () -> dsa.verify(foreign.publicKey(), MESSAGE, signature, CONTEXT));
    }

    /**
     * The expanded FIPS 204 private key (from the ACVP keyGen sample) signs exactly like its seed; a
     * corrupted one (s1 coefficient out of range, tr not H(pk)) is refused.
     */
    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void expandedPrivateKey_signsLikeSeed_corruptedRefused(Algorithm alg, String provider) {
        PqcEngines.assumeDerandomized(provider);
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        JsonNode test = acvpKeyGenTest(alg);
        KeyPair fromSeed = dsa.deriveKeyPair(Vectors.hex(test, "seed"));
        byte[] sk = Vectors.hex(test, "sk");
        assertEquals(expandedLength(alg), sk.length);
        PrivateKey expanded = PrivateKey.of(alg, sk);
        assertEquals(fromSeed.publicKey(), dsa.derivePublicKey(expanded));
        assertArrayEquals(dsa.engineSignDerandomized(fromSeed.privateKey(), MESSAGE, CONTEXT, null),
                dsa.engineSignDerandomized(expanded, MESSAGE, CONTEXT, null));

        byte[] outOfRange = sk.clone();
        outOfRange[128] = (byte) 0xFF; // first packed s1 coefficient: eta - s > 2 eta
        assertThrows(InvalidKeyException.class, () -> dsa.sign(PrivateKey.of(alg, outOfRange), MESSAGE, CONTEXT));
        byte[] wrongTr = sk.clone();
        wrongTr[64] ^= 0x01;
        assertThrows(InvalidKeyException.class, () -> dsa.derivePublicKey(PrivateKey.of(alg, wrongTr)));
    }

    private static JsonNode acvpKeyGenTest(Algorithm alg) {
        for (JsonNode group : Vectors.json("acvp-sample/ML-DSA-keyGen-FIPS204/internalProjection.json").get("testGroups")) {
            if (alg.name().equals(group.get("parameterSet").asString())) {
                return group.get("tests").get(0);
            }
        }
        throw new IllegalStateException("no ACVP keyGen sample for " + alg);
    }

    /** FIPS 204 private key length: 128 + 32 ((k + l) eta bits + 13 k). */
    private static int expandedLength(Algorithm alg) {
        return switch (alg.name()) {
            case "ML-DSA-44" -> 2560;
            case "ML-DSA-65" -> 4032;
            default -> 4896;
        };
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}

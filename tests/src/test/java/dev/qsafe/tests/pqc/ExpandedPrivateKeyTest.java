package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.EngineTrace;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.tests.Vectors;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code engineExpandedPrivateKey}: the expanded key of a seed key is exactly the published one (the
 * first ACVP key-generation case of each parameter set: FIPS 203 {@code dk}, FIPS 204 {@code sk}) on
 * every discovered ML-KEM and ML-DSA engine; bad keys are refused with {@link InvalidKeyException}.
 */
class ExpandedPrivateKeyTest {
    private static final String ML_KEM_KEYGEN = "acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json";
    private static final String ML_DSA_KEYGEN = "acvp-sample/ML-DSA-keyGen-FIPS204/internalProjection.json";

    static Stream<Arguments> kemEngines() {
        return PqcEngines.engines(Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024);
    }

    static Stream<Arguments> dsaEngines() {
        return PqcEngines.engines(Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87);
    }

    /** The first test of the ACVP group of {@code algorithm}'s parameter set. */
    private static JsonNode firstCase(String file, Algorithm algorithm) {
        return Vectors.json(file).get("testGroups").valueStream()
                .filter(g -> g.get("parameterSet").asString().equals(algorithm.name()))
                .findFirst().orElseThrow(() -> new AssertionError(file + " has no group for " + algorithm))
                .get("tests").get(0);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("kemEngines")
    void mlKem_expandedKeyOfASeedKey_isThePublishedDk(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        JsonNode c = firstCase(ML_KEM_KEYGEN, alg);
        byte[] seed = concat(Vectors.hex(c, "d"), Vectors.hex(c, "z"));
        KeyPair pair = kem.deriveKeyPair(seed);
        assertArrayEquals(Vectors.hex(c, "dk"), kem.engineExpandedPrivateKey(pair.privateKey()));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("dsaEngines")
    void mlDsa_expandedKeyOfASeedKey_isThePublishedSk(Algorithm alg, String provider) {
        SignatureSpi dsa = PqcEngines.signature(alg, provider);
        JsonNode c = firstCase(ML_DSA_KEYGEN, alg);
        KeyPair pair = dsa.deriveKeyPair(Vectors.hex(c, "seed"));
        assertArrayEquals(Vectors.hex(c, "sk"), dsa.engineExpandedPrivateKey(pair.privateKey()));
    }

    /** An engine that takes expanded keys gives the same bytes back (accp takes seed-form keys only). */
    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("kemEngines")
    void mlKem_expandedKeyOfAnExpandedKey_isItself(Algorithm alg, String provider) {
        byte[] dk = Vectors.hex(firstCase(ML_KEM_KEYGEN, alg), "dk");
        assertArrayEquals(dk, PqcEngines.kem(alg, provider).engineExpandedPrivateKey(PrivateKey.of(alg, dk)));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("dsaEngines")
    void mlDsa_expandedKeyOfAnExpandedKey_isItself(Algorithm alg, String provider) {
        PqcEngines.assumeDerandomized(provider);
        byte[] sk = Vectors.hex(firstCase(ML_DSA_KEYGEN, alg), "sk");
        assertArrayEquals(sk, PqcEngines.signature(alg, provider).engineExpandedPrivateKey(PrivateKey.of(alg, sk)));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("kemEngines")
    void mlKem_destroyedOrForeignKey_isAnInvalidKey(Algorithm alg, String provider) {
        assertRefusesBadKeys(alg, PqcEngines.kem(alg, provider)::engineExpandedPrivateKey,
                PqcEngines.kem(alg, provider).generateKeyPair());
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("dsaEngines")
    void mlDsa_destroyedOrForeignKey_isAnInvalidKey(Algorithm alg, String provider) {
        assertRefusesBadKeys(alg, PqcEngines.signature(alg, provider)::engineExpandedPrivateKey,
                PqcEngines.signature(alg, provider).generateKeyPair());
    }

    private static void assertRefusesBadKeys(Algorithm alg, Function<PrivateKey, byte[]> export, KeyPair pair) {
        Algorithm other = alg.name().startsWith("ML-KEM") ? Algorithm.ML_DSA_65 : Algorithm.ML_KEM_768;
        assertThrows(InvalidKeyException.class, () -> export.apply(PrivateKey.of(other, new byte[other.privateKeySize()])));
        pair.privateKey().destroy();
        assertThrows(InvalidKeyException.class, () -> export.apply(pair.privateKey()));
    }

    /** SLH-DSA keys are already the whole key: the SPI's default refuses, naming the algorithm. */
    @Test
    void slhDsa_hasNoExpandedForm_andSaysSo() {
        SignatureSpi dsa = PqcEngines.signature(Algorithm.SLH_DSA_SHA2_128F, PqcEngines.BC_PQC);
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
                () -> dsa.engineExpandedPrivateKey(dsa.generateKeyPair().privateKey()));
        assertTrue(e.getMessage().contains(Algorithm.SLH_DSA_SHA2_128F.name()), e.getMessage());
    }

    /**
     * jdk-pqc reads a seed key's expanded form from the JDK's own key object, so the vectors check the
     * JDK's expansion; an expanded key given directly is Bouncy Castle's, and says so.
     */
    @Test
    void jdkPqc_expandsSeedKeysItself_andHandsExpandedKeysToBouncyCastle() {
        Algorithm alg = Algorithm.ML_DSA_65;
        org.junit.jupiter.api.Assumptions.assumeTrue(PqcEngines.providersOf(alg).contains("jdk-pqc"), "jdk-pqc is not active");
        SignatureSpi dsa = PqcEngines.signature(alg, "jdk-pqc");
        JsonNode c = firstCase(ML_DSA_KEYGEN, alg);
        KeyPair pair = dsa.deriveKeyPair(Vectors.hex(c, "seed"));
        try (EngineTrace.Recording trace = EngineTrace.start()) {
            dsa.engineExpandedPrivateKey(pair.privateKey());
            assertEquals(List.of(), trace.backends());
        }
        try (EngineTrace.Recording trace = EngineTrace.start()) {
            dsa.engineExpandedPrivateKey(PrivateKey.of(alg, Vectors.hex(c, "sk")));
            assertEquals(List.of("bc-pqc"), trace.backends());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

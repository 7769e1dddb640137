package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.runtime.keys.InconsistentPrivateKeyException;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.keys.KeyEncodings.PrivateKeyForm;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three PKCS#8 forms of ML-KEM and ML-DSA private keys (RFC 9935, RFC 9881): written exactly as the
 * RFCs' example keys from the examples' seeds, each read back, and a {@code both} key whose halves
 * disagree refused with {@link InconsistentPrivateKeyException}.
 */
class PrivateKeyFormsTest {
    private static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    /** The seed-form examples of RFC 9935 Appendix C and RFC 9881 Appendix C, as published (base64 of the DER). */
    static Stream<Arguments> rfcSeedExamples() {
        return Stream.of(
                Arguments.of(Algorithm.ML_KEM_512, "MFQCAQAwCwYJYIZIAWUDBAQBBEKAQAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZ"
                        + "GhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="),
                Arguments.of(Algorithm.ML_KEM_768, "MFQCAQAwCwYJYIZIAWUDBAQCBEKAQAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZ"
                        + "GhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="),
                Arguments.of(Algorithm.ML_KEM_1024, "MFQCAQAwCwYJYIZIAWUDBAQDBEKAQAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZ"
                        + "GhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="),
                Arguments.of(Algorithm.ML_DSA_44, "MDQCAQAwCwYJYIZIAWUDBAMRBCKAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"),
                Arguments.of(Algorithm.ML_DSA_65, "MDQCAQAwCwYJYIZIAWUDBAMSBCKAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"),
                Arguments.of(Algorithm.ML_DSA_87, "MDQCAQAwCwYJYIZIAWUDBAMTBCKAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfcSeedExamples")
    void rfcSeedExample_readsAsTheCountingSeed_andIsWrittenBackByteForByte(Algorithm alg, String b64) {
        byte[] der = Base64.getDecoder().decode(b64);
        PrivateKey key = KeyEncodings.decodePkcs8(der, REGISTRY);
        assertEquals(alg, key.algorithm());
        assertArrayEquals(counting(alg.privateKeySize()), key.rawBytes(SecretAccess.INSECURE));
        assertEquals(Optional.of(PrivateKeyForm.SEED), KeyEncodings.privateKeyForm(der));
        assertArrayEquals(der, KeyEncodings.encodePkcs8(key, PrivateKeyForm.SEED, REGISTRY));
        assertArrayEquals(der, KeyEncodings.encodePkcs8(key), "the default form is the seed");
    }

    /** Every form of the RFC examples published in full here (tests/.../keys/rfc/README.md). */
    static Stream<Arguments> rfcExamples() {
        return Stream.of(Algorithm.ML_KEM_512, Algorithm.ML_DSA_44)
                .flatMap(a -> Stream.of(PrivateKeyForm.values()).map(f -> Arguments.of(a, f)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rfcExamples")
    void rfcExample_isWhatQsafeWritesFromTheSeed_andReadsBack(Algorithm alg, PrivateKeyForm form) {
        String pem = resource(alg.name() + "-" + form.label() + ".pem");
        PrivateKey seedKey = PrivateKey.of(alg, counting(alg.privateKeySize()));
        assertEquals(pem, KeyEncodings.encodePem(seedKey, form, REGISTRY), "qsafe writes the RFC's bytes");
        PrivateKey read = KeyEncodings.decodePrivatePem(pem, REGISTRY);
        byte[] der = KeyEncodings.encodePkcs8(read, form, REGISTRY);
        assertEquals(Optional.of(form), KeyEncodings.privateKeyForm(der));
        // seed and both keep the seed; expanded keeps the expanded key, which signs/decapsulates as the seed does
        int expected = form == PrivateKeyForm.EXPANDED ? expandedSize(alg) : alg.privateKeySize();
        assertEquals(expected, read.rawBytes(SecretAccess.INSECURE).length);
    }

    static Stream<Algorithm> algorithms() {
        return Stream.of(Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024,
                Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void everyForm_roundTrips_andTheFormsAgree(Algorithm alg) {
        KeyPair pair = generate(alg);
        byte[] seed = KeyEncodings.encodePkcs8(pair.privateKey(), PrivateKeyForm.SEED, REGISTRY);
        byte[] expanded = KeyEncodings.encodePkcs8(pair.privateKey(), PrivateKeyForm.EXPANDED, REGISTRY);
        byte[] both = KeyEncodings.encodePkcs8(pair.privateKey(), PrivateKeyForm.BOTH, REGISTRY);
        assertEquals(Optional.of(PrivateKeyForm.SEED), KeyEncodings.privateKeyForm(seed));
        assertEquals(Optional.of(PrivateKeyForm.EXPANDED), KeyEncodings.privateKeyForm(expanded));
        assertEquals(Optional.of(PrivateKeyForm.BOTH), KeyEncodings.privateKeyForm(both));
        assertArrayEquals(pair.privateKey().rawBytes(SecretAccess.INSECURE),
                KeyEncodings.decodePkcs8(both, REGISTRY).rawBytes(SecretAccess.INSECURE), "both keeps the seed");
        PrivateKey fromExpanded = KeyEncodings.decodePkcs8(expanded, REGISTRY);
        assertEquals(expandedSize(alg), fromExpanded.rawBytes(SecretAccess.INSECURE).length);
        // an expanded key is written back expanded, and only expanded: its seed is gone
        assertArrayEquals(expanded, KeyEncodings.encodePkcs8(fromExpanded, PrivateKeyForm.EXPANDED, REGISTRY));
        InvalidKeyException e = assertThrows(InvalidKeyException.class,
                () -> KeyEncodings.encodePkcs8(fromExpanded, PrivateKeyForm.SEED, REGISTRY));
        assertTrue(e.getMessage().contains("seed cannot be recovered"), e.getMessage());
        assertThrows(InvalidKeyException.class, () -> KeyEncodings.encodePkcs8(fromExpanded, PrivateKeyForm.BOTH, REGISTRY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void both_withAnExpandedKeyOfAnotherSeed_isRefused(Algorithm alg) {
        byte[] mine = KeyEncodings.encodePkcs8(generate(alg).privateKey(), PrivateKeyForm.BOTH, REGISTRY);
        byte[] other = KeyEncodings.encodePkcs8(generate(alg).privateKey(), PrivateKeyForm.BOTH, REGISTRY);
        byte[] spliced = mine.clone();
        int n = expandedSize(alg);
        System.arraycopy(other, other.length - n, spliced, spliced.length - n, n); // the expanded key is last
        InconsistentPrivateKeyException e = assertThrows(InconsistentPrivateKeyException.class,
                () -> KeyEncodings.decodePkcs8(spliced, REGISTRY));
        assertTrue(e.getMessage().contains("not the one its seed derives"), e.getMessage());
        // the registry-less reader checks lengths only, and keeps the seed
        assertEquals(alg.privateKeySize(), KeyEncodings.decodePkcs8(spliced).rawBytes(SecretAccess.INSECURE).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void both_withOneBitOfTheExpandedKeyFlipped_isRefused(Algorithm alg) {
        byte[] both = KeyEncodings.encodePkcs8(generate(alg).privateKey(), PrivateKeyForm.BOTH, REGISTRY);
        both[both.length - 1] ^= 1;
        assertThrows(InconsistentPrivateKeyException.class, () -> KeyEncodings.decodePkcs8(both, REGISTRY));
    }

    @Test
    void rfcMlKem512Both_withTheSeedChanged_isRefusedAsPublishedInconsistent() {
        byte[] der = pemBody(resource("ML-KEM-512-both.pem"));
        // the seed starts after the both SEQUENCE's OCTET STRING header (04 40); change z's last byte
        int seedAt = indexOf(der, counting(64));
        der[seedAt + 63] ^= 0x01;
        assertThrows(InconsistentPrivateKeyException.class, () -> KeyEncodings.decodePkcs8(der, REGISTRY));
    }

    @ParameterizedTest
    @EnumSource(PrivateKeyForm.class)
    void otherAlgorithms_haveOnlyTheirOneForm(PrivateKeyForm form) {
        KeyPair ed = REGISTRY.signature(Algorithm.ED25519).generateKeyPair();
        if (form == PrivateKeyForm.SEED) {
            assertArrayEquals(KeyEncodings.encodePkcs8(ed.privateKey()), KeyEncodings.encodePkcs8(ed.privateKey(), form, REGISTRY));
            assertEquals(Optional.empty(), KeyEncodings.privateKeyForm(KeyEncodings.encodePkcs8(ed.privateKey())));
        } else {
            assertThrows(InvalidKeyException.class, () -> KeyEncodings.encodePkcs8(ed.privateKey(), form, REGISTRY));
        }
    }

    static KeyPair generate(Algorithm alg) {
        return alg.kind() == dev.qsafe.api.AlgorithmKind.KEM ? REGISTRY.kem(alg).generateKeyPair()
                : REGISTRY.signature(alg).generateKeyPair();
    }

    static int expandedSize(Algorithm alg) {
        return switch (alg.name()) {
            case "ML-KEM-512" -> 1632;
            case "ML-KEM-768" -> 2400;
            case "ML-KEM-1024" -> 3168;
            case "ML-DSA-44" -> 2560;
            case "ML-DSA-65" -> 4032;
            case "ML-DSA-87" -> 4896;
            default -> throw new IllegalArgumentException(alg.name());
        };
    }

    /** 00 01 02 .. n-1: the seed of every RFC example key. */
    static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static String resource(String name) {
        try (InputStream in = PrivateKeyFormsTest.class.getResourceAsStream("rfc/" + name)) {
            if (in == null) {
                throw new AssertionError("missing test resource rfc/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        String h = HexFormat.of().formatHex(haystack);
        String n = HexFormat.of().formatHex(needle);
        int i = h.indexOf(n);
        assertFalse(i < 0 || i % 2 != 0, "needle not found");
        return i / 2;
    }
}

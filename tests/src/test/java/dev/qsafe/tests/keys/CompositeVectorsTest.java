package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.tests.Vectors;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The composite ML-DSA draft's vectors ({@code composite-mldsa/testvectors.json.gz}): for the
 * algorithms qsafe has (pure ML-DSA and ML-DSA + Ed25519), {@code sk_pkcs8} decodes to {@code sk} and
 * re-encodes byte for byte, and the {@code SubjectPublicKeyInfo} of the {@code x5c} certificate decodes
 * to {@code pk} and re-encodes byte for byte. Once an engine exists (provider-hybrid for the
 * composites), the key pair must also match and the vector's signatures must verify. Entries of
 * algorithms qsafe does not have fail with {@link UnsupportedAlgorithmException}.
 */
class CompositeVectorsTest {
    private static final JsonNode VECTORS = Vectors.json("composite-mldsa/testvectors.json.gz");
    private static final Map<String, Algorithm> SUPPORTED = Map.of(
            "id-ML-DSA-44", Algorithm.ML_DSA_44, "id-ML-DSA-65", Algorithm.ML_DSA_65, "id-ML-DSA-87", Algorithm.ML_DSA_87,
            "id-MLDSA44-Ed25519-SHA512", Algorithm.MLDSA44_ED25519, "id-MLDSA65-Ed25519-SHA512", Algorithm.MLDSA65_ED25519);

    static Stream<Arguments> supported() {
        return tests().filter(t -> SUPPORTED.containsKey(t.get("tcId").asString()))
                .map(t -> Arguments.of(t.get("tcId").asString(), t));
    }

    static Stream<Arguments> unsupported() {
        return tests().filter(t -> !SUPPORTED.containsKey(t.get("tcId").asString()))
                .map(t -> Arguments.of(t.get("tcId").asString(), t));
    }

    private static Stream<JsonNode> tests() {
        return VECTORS.get("tests").valueStream();
    }

    private static byte[] b64(JsonNode test, String field) {
        return Base64.getDecoder().decode(test.get(field).asString());
    }

    @Test
    void vectors_containEveryCompositeQsafeHas() {
        assertEquals(SUPPORTED.size(), supported().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void skPkcs8_decodesToSk_andReencodesIdentically(String id, JsonNode test) {
        Algorithm algorithm = SUPPORTED.get(id);
        byte[] pkcs8 = b64(test, "sk_pkcs8");
        PrivateKey key = KeyEncodings.decodePkcs8(pkcs8, algorithm);
        assertArrayEquals(b64(test, "sk"), key.rawBytes(SecretAccess.INSECURE));
        assertArrayEquals(pkcs8, KeyEncodings.encodePkcs8(key));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void certificateSpki_decodesToPk_andReencodesIdentically(String id, JsonNode test) throws IOException {
        Algorithm algorithm = SUPPORTED.get(id);
        byte[] spki = Certificate.getInstance(b64(test, "x5c")).getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
        PublicKey key = KeyEncodings.decodeSpki(spki, algorithm);
        assertArrayEquals(b64(test, "pk"), key.encoded());
        assertArrayEquals(spki, KeyEncodings.encodeSpki(key));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void withAnEngine_keysMatchAndSignaturesVerify(String id, JsonNode test) {
        Algorithm algorithm = SUPPORTED.get(id);
        KeyAlgorithms.assumeEngine(algorithm);
        PrivateKey priv = KeyEncodings.decodePkcs8(b64(test, "sk_pkcs8"), algorithm);
        PublicKey pub = PublicKey.of(algorithm, b64(test, "pk"));
        assertEquals(pub, KeyAlgorithms.derivePublic(priv));
        byte[] message = Base64.getDecoder().decode(VECTORS.get("m").asString());
        byte[] context = Base64.getDecoder().decode(VECTORS.get("ctx").asString());
        KeyAlgorithms.REGISTRY.signature(algorithm).verify(pub, message, b64(test, "s"), new byte[0]);
        KeyAlgorithms.REGISTRY.signature(algorithm).verify(pub, message, b64(test, "sWithContext"), context);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void otherComposites_areWellFormedButUnsupported(String id, JsonNode test) {
        assertThrows(UnsupportedAlgorithmException.class, () -> KeyEncodings.decodePkcs8(b64(test, "sk_pkcs8")), id);
    }
}

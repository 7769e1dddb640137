package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Kdf;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HKDF-SHA384 (RFC 5869 with HMAC-SHA384, HPKE KDF id 0x0002), the KDF of the CNSA 2.0 suite
 * {@code pqc-cnsa2-v1}, on every engine: Project Wycheproof's {@code hkdf_sha384_test} cases 1-20
 * ({@code src/test/resources/vectors/wycheproof_hkdf_sha384_test.json}, source and commit in the file; the
 * shared vectors folder has no HKDF-SHA384 file) and its known-answer self-test; its argument limits
 * (HashLen 48) are in {@code HkdfNegativeTest}. The HPKE key schedule with HKDF-SHA384 is checked against draft-ietf-hpke-pq's
 * ML-KEM-1024/HKDF-SHA384/AES-256-GCM vector by {@code VectorsFolderTest}.
 */
class HkdfSha384Test {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<String> engines() {
        return ClassicalEngines.providersOf(Algorithm.HKDF_SHA384).stream();
    }

    private static Kdf engine(String provider) {
        return ClassicalEngines.REGISTRY.kdf(Algorithm.HKDF_SHA384, provider);
    }

    static List<JsonNode> vectors() {
        try (InputStream in = HkdfSha384Test.class.getResourceAsStream("/vectors/wycheproof_hkdf_sha384_test.json")) {
            assertTrue(in != null, "vectors/wycheproof_hkdf_sha384_test.json is missing from the test resources");
            JsonNode root = JsonMapper.builder().build().readTree(in);
            List<JsonNode> out = new ArrayList<>();
            root.get("testGroups").forEach(g -> g.get("tests").forEach(out::add));
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> cases() {
        List<JsonNode> v = vectors();
        return engines().flatMap(p -> v.stream().map(t -> Arguments.of(p, t.get("tcId").asInt(), t)));
    }

    @Test
    void vectorFile_hasTheTwentyValidCases() {
        List<JsonNode> v = vectors();
        assertEquals(20, v.size());
        v.forEach(t -> assertEquals("valid", t.get("result").asString()));
    }

    @ParameterizedTest(name = "{0} tcId {1}")
    @MethodSource("cases")
    void wycheproof_derive_givesTheOkm(String provider, int tcId, JsonNode t) {
        byte[] okm = HEX.parseHex(t.get("okm").asString());
        byte[] derived = engine(provider).derive(HEX.parseHex(t.get("salt").asString()), HEX.parseHex(t.get("ikm").asString()),
                HEX.parseHex(t.get("info").asString()), t.get("size").asInt());
        assertArrayEquals(okm, derived, "tcId " + tcId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void extractThenExpand_isDerive_andThePrkIs48Bytes(String provider) {
        Kdf kdf = engine(provider);
        JsonNode t = vectors().get(11); // tcId 12: salt and info
        byte[] prk = kdf.extract(HEX.parseHex(t.get("salt").asString()), HEX.parseHex(t.get("ikm").asString()));
        assertEquals(48, prk.length);
        assertArrayEquals(HEX.parseHex(t.get("okm").asString()), kdf.expand(prk, HEX.parseHex(t.get("info").asString()), 64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void isNotHkdfSha256(String provider) {
        byte[] ikm = {7, 7, 7};
        byte[] sha256 = ClassicalEngines.REGISTRY.kdf(Algorithm.HKDF_SHA256, provider).extract(new byte[0], ikm);
        byte[] sha384 = engine(provider).extract(new byte[0], ikm);
        assertFalse(java.security.MessageDigest.isEqual(sha256, java.util.Arrays.copyOf(sha384, 32)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void knownAnswerSelfTest_passesOnEveryEngine(String provider) {
        assertEquals(Optional.empty(), ClassicalEngines.REGISTRY.selfTest(Algorithm.HKDF_SHA384, provider));
    }

    @Test
    void algorithm_isHpkeKdf2WithHashLength48() {
        assertEquals(0x0002, Algorithm.HKDF_SHA384.hpkeId());
        assertEquals(48, Algorithm.HKDF_SHA384.keySize());
        assertEquals(Algorithm.HKDF_SHA384, Algorithm.forName("hkdf-sha384"));
    }
}

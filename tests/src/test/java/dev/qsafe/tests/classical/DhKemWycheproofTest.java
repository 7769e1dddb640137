package dev.qsafe.tests.classical;

import static dev.qsafe.tests.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.tests.Vectors;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * DHKEM(X25519) decapsulation on every engine against Wycheproof's valid X25519 cases: decapsulating
 * {@code enc = public} under {@code sk = private} must give ExtractAndExpand of the expected raw shared
 * value (RFC 9180 section 4.1), computed here with the same provider's HKDF. (The raw X25519 values
 * themselves are checked by the conformance runner.)
 */
class DhKemWycheproofTest {
    private static final String FILE = "wycheproof/x25519_test.json.gz";

    static List<String> engines() {
        return ClassicalEngines.providersOf(Algorithm.DHKEM_X25519);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void decapsulation_isExtractAndExpandOfTheSharedValue(String provider) {
        KemSpi kem = ClassicalEngines.REGISTRY.kem(Algorithm.DHKEM_X25519, provider);
        Kdf hkdf = ClassicalEngines.REGISTRY.kdf(Algorithm.HKDF_SHA256, provider);
        int checked = 0;
        for (JsonNode group : Vectors.json(FILE).get("testGroups")) {
            for (JsonNode tc : StreamSupport.stream(group.get("tests").spliterator(), false)
                    .filter(t -> t.get("result").asString().equals("valid")).toList()) {
                PrivateKey sk = PrivateKey.of(Algorithm.DHKEM_X25519, hex(tc, "private"));
                byte[] pub = hex(tc, "public");
                byte[] kemContext = Hpke.concat(pub, kem.derivePublicKey(sk).encoded());
                assertArrayEquals(Hpke.extractAndExpand(hkdf, hex(tc, "shared"), kemContext),
                        kem.decapsulate(sk, pub).rawBytes(SecretAccess.INSECURE), "tcId " + tc.get("tcId").asInt());
                checked++;
            }
        }
        assertTrue(checked > 100, "only " + checked + " valid cases checked");
    }
}

package dev.qsafe.tests.classical;

import static dev.qsafe.tests.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.KeyAgreementSpi;
import dev.qsafe.tests.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Wycheproof X25519 vectors against the raw DH function of every DHKEM(X25519) engine
 * ({@link KeyAgreementSpi#engineAgree}). An all-zero result must be refused with
 * {@link InvalidKeyException} (RFC 9180 section 7.1.4), which is also an allowed outcome for
 * "acceptable" cases. For valid cases, DHKEM decapsulation of {@code enc = public} under
 * {@code sk = private} must equal ExtractAndExpand of the expected shared value, computed here with the
 * same provider's HKDF.
 */
class X25519WycheproofTest {
    private static final String FILE = "wycheproof/x25519_test.json.gz";

    @TestFactory
    Stream<DynamicNode> x25519_wycheproofVectors_matchOnEveryEngine() {
        JsonNode root = Vectors.json(FILE);
        List<DynamicNode> perEngine = new ArrayList<>();
        for (String provider : ClassicalEngines.providersOf(Algorithm.DHKEM_X25519)) {
            KemSpi kem = ClassicalEngines.REGISTRY.kem(Algorithm.DHKEM_X25519, provider);
            VectorTally tally = new VectorTally(FILE, provider);
            List<DynamicNode> nodes = new ArrayList<>();
            for (JsonNode group : root.get("testGroups")) {
                int cases = group.get("tests").size();
                if (!(kem instanceof KeyAgreementSpi dh)) {
                    nodes.add(tally.skip("curve " + group.get("curve").asString(), cases,
                            provider + " does not expose the raw X25519 function (KeyAgreementSpi)"));
                    continue;
                }
                Kdf hkdf = ClassicalEngines.REGISTRY.kdf(Algorithm.HKDF_SHA256, provider);
                for (JsonNode tc : group.get("tests")) {
                    nodes.add(tally.test(AeadWycheproofTest.caseName(tc), () -> check(kem, dh, hkdf, tc)));
                }
            }
            nodes.add(tally.summary());
            perEngine.add(DynamicContainer.dynamicContainer(provider, nodes));
        }
        return perEngine.stream();
    }

    private static void check(KemSpi kem, KeyAgreementSpi dh, Kdf hkdf, JsonNode tc) {
        PrivateKey sk = PrivateKey.of(Algorithm.DHKEM_X25519, hex(tc, "private"));
        byte[] pub = hex(tc, "public");
        byte[] shared = hex(tc, "shared");
        if (isAllZero(shared)) {
            assertThrows(InvalidKeyException.class, () -> dh.engineAgree(sk, pub));
            return;
        }
        if (tc.get("result").asString().equals("valid")) {
            assertArrayEquals(shared, dh.engineAgree(sk, pub), "X25519");
            byte[] kemContext = Hpke.concat(pub, kem.derivePublicKey(sk).encoded());
            assertArrayEquals(Hpke.extractAndExpand(hkdf, shared, kemContext),
                    kem.decapsulate(sk, pub).rawBytes(SecretAccess.INSECURE), "DHKEM decapsulation");
            return;
        }
        // "acceptable" (twist points, non-canonical encodings): the right value or a refused key
        try {
            assertArrayEquals(shared, dh.engineAgree(sk, pub), "X25519");
        } catch (QSafeException e) {
            assertInstanceOf(InvalidKeyException.class, e);
        }
    }

    private static boolean isAllZero(byte[] bytes) {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }
}

package dev.qsafe.tests.classical;

import static dev.qsafe.tests.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SignatureScheme;
import dev.qsafe.tests.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Wycheproof Ed25519 verification vectors against every Ed25519 engine: valid signatures verify;
 * invalid ones (bad encodings, malleable S, truncated or padded signatures) fail with
 * {@link InvalidSignatureException}.
 */
class Ed25519WycheproofTest {
    private static final String FILE = "wycheproof/ed25519_test.json.gz";
    private static final byte[] NO_CONTEXT = new byte[0];

    @TestFactory
    Stream<DynamicNode> ed25519_wycheproofVectors_verifyOnEveryEngine() {
        JsonNode root = Vectors.json(FILE);
        List<DynamicNode> perEngine = new ArrayList<>();
        for (String provider : ClassicalEngines.providersOf(Algorithm.ED25519)) {
            SignatureScheme ed25519 = ClassicalEngines.REGISTRY.signature(Algorithm.ED25519, provider);
            VectorTally tally = new VectorTally(FILE, provider);
            List<DynamicNode> nodes = new ArrayList<>();
            int groupNumber = 0;
            for (JsonNode group : root.get("testGroups")) {
                PublicKey pk = PublicKey.of(Algorithm.ED25519, hex(group.get("publicKey"), "pk"));
                List<DynamicTest> tests = new ArrayList<>();
                for (JsonNode tc : group.get("tests")) {
                    tests.add(tally.test(AeadWycheproofTest.caseName(tc), () -> check(ed25519, pk, tc)));
                }
                nodes.add(DynamicContainer.dynamicContainer("group " + ++groupNumber + ", key " + pk.keyId(), tests));
            }
            nodes.add(tally.summary());
            perEngine.add(DynamicContainer.dynamicContainer(provider, nodes));
        }
        return perEngine.stream();
    }

    private static void check(SignatureScheme ed25519, PublicKey pk, JsonNode tc) {
        byte[] msg = hex(tc, "msg");
        byte[] sig = hex(tc, "sig");
        if (tc.get("result").asString().equals("valid")) {
            assertDoesNotThrow(() -> ed25519.verify(pk, msg, sig, NO_CONTEXT));
        } else {
            assertThrows(InvalidSignatureException.class, () -> ed25519.verify(pk, msg, sig, NO_CONTEXT));
        }
    }
}

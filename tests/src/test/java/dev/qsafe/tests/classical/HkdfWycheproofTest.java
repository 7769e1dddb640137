package dev.qsafe.tests.classical;

import static dev.qsafe.tests.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.Kdf;
import dev.qsafe.tests.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Wycheproof HKDF-SHA256 vectors against every HKDF-SHA256 engine: valid cases derive exactly
 * {@code okm}; invalid cases (an output longer than 255 hash lengths) fail with {@link InvalidInputException}.
 */
class HkdfWycheproofTest {
    private static final String FILE = "wycheproof/hkdf_sha256_test.json.gz";

    @TestFactory
    Stream<DynamicNode> hkdfSha256_wycheproofVectors_matchOnEveryEngine() {
        JsonNode root = Vectors.json(FILE);
        List<DynamicNode> perEngine = new ArrayList<>();
        for (String provider : ClassicalEngines.providersOf(Algorithm.HKDF_SHA256)) {
            Kdf kdf = ClassicalEngines.REGISTRY.kdf(Algorithm.HKDF_SHA256, provider);
            VectorTally tally = new VectorTally(FILE, provider);
            List<DynamicNode> nodes = new ArrayList<>();
            for (JsonNode group : root.get("testGroups")) {
                for (JsonNode tc : group.get("tests")) {
                    nodes.add(tally.test(AeadWycheproofTest.caseName(tc), () -> check(kdf, tc)));
                }
            }
            nodes.add(tally.summary());
            perEngine.add(DynamicContainer.dynamicContainer(provider, nodes));
        }
        return perEngine.stream();
    }

    private static void check(Kdf kdf, JsonNode tc) {
        byte[] ikm = hex(tc, "ikm");
        byte[] salt = hex(tc, "salt");
        byte[] info = hex(tc, "info");
        int size = tc.get("size").asInt();
        if (tc.get("result").asString().equals("valid")) {
            assertArrayEquals(hex(tc, "okm"), kdf.derive(salt, ikm, info, size));
        } else {
            assertThrows(InvalidInputException.class, () -> kdf.derive(salt, ikm, info, size));
        }
    }
}

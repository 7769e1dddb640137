package dev.qsafe.tests.classical;

import static dev.qsafe.tests.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.tests.Vectors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Wycheproof AEAD vectors against every AES-GCM and ChaCha20-Poly1305 engine: valid cases must seal to
 * exactly {@code ct || tag} and open to {@code msg}; invalid cases must fail to open with a typed
 * exception (an unusable nonce with {@link InvalidInputException}, anything else with
 * {@link DecryptionFailedException}).
 */
class AeadWycheproofTest {
    private static final String AES_GCM_FILE = "wycheproof/aes_gcm_test.json.gz";
    private static final String CHACHA_FILE = "wycheproof/chacha20_poly1305_test.json.gz";

    @TestFactory
    Stream<DynamicNode> aesGcm_wycheproofVectors_matchOnEveryEngine() {
        return conformance(AES_GCM_FILE, Map.of(128, Algorithm.AES_128_GCM, 256, Algorithm.AES_256_GCM));
    }

    @TestFactory
    Stream<DynamicNode> chaCha20Poly1305_wycheproofVectors_matchOnEveryEngine() {
        return conformance(CHACHA_FILE, Map.of(256, Algorithm.CHACHA20_POLY1305));
    }

    private static Stream<DynamicNode> conformance(String file, Map<Integer, Algorithm> byKeyBits) {
        JsonNode root = Vectors.json(file);
        Set<String> providers = new LinkedHashSet<>();
        byKeyBits.values().forEach(alg -> providers.addAll(ClassicalEngines.providersOf(alg)));
        List<DynamicNode> perEngine = new ArrayList<>();
        for (String provider : providers) {
            VectorTally tally = new VectorTally(file, provider);
            List<DynamicNode> nodes = new ArrayList<>();
            for (JsonNode group : root.get("testGroups")) {
                int keyBits = group.get("keySize").asInt();
                int ivBits = group.get("ivSize").asInt();
                int tagBits = group.get("tagSize").asInt();
                String groupName = "group key " + keyBits + " bits, nonce " + ivBits + " bits, tag " + tagBits + " bits";
                int cases = group.get("tests").size();
                Algorithm alg = byKeyBits.get(keyBits);
                if (alg == null) {
                    nodes.add(tally.skip(groupName, cases, "qsafe defines no " + keyBits + "-bit-key variant"));
                } else if (tagBits != 128) {
                    nodes.add(tally.skip(groupName, cases, "qsafe AEADs use 128-bit tags only"));
                } else if (!ClassicalEngines.REGISTRY.providersOf(alg).contains(provider)) {
                    nodes.add(tally.skip(groupName, cases, provider + " does not implement " + alg));
                } else {
                    Aead aead = ClassicalEngines.REGISTRY.aead(alg, provider);
                    List<DynamicTest> tests = new ArrayList<>();
                    for (JsonNode tc : group.get("tests")) {
                        tests.add(tally.test(caseName(tc), () -> check(aead, tc)));
                    }
                    nodes.add(DynamicContainer.dynamicContainer(groupName + " (" + alg + ")", tests));
                }
            }
            nodes.add(tally.summary());
            perEngine.add(DynamicContainer.dynamicContainer(provider, nodes));
        }
        return perEngine.stream();
    }

    static String caseName(JsonNode tc) {
        String comment = tc.get("comment").asString();
        return "tc " + tc.get("tcId").asInt() + " " + tc.get("result").asString() + " " + tc.get("flags")
                + (comment.isEmpty() ? "" : " (" + comment + ")");
    }

    private static void check(Aead aead, JsonNode tc) {
        SecretBytes key = SecretBytes.copyOf(hex(tc, "key"));
        byte[] iv = hex(tc, "iv");
        byte[] aad = hex(tc, "aad");
        byte[] msg = hex(tc, "msg");
        byte[] sealed = Vectors.hex(tc.get("ct").asString() + tc.get("tag").asString());
        switch (tc.get("result").asString()) {
            case "valid" -> {
                assertArrayEquals(sealed, aead.seal(key, iv, msg, aad), "seal");
                assertArrayEquals(msg, aead.open(key, iv, sealed, aad), "open");
            }
            case "invalid" -> {
                QSafeException e = assertThrows(QSafeException.class, () -> aead.open(key, iv, sealed, aad));
                Class<? extends QSafeException> expected = usableNonce(aead.algorithm(), iv)
                        ? DecryptionFailedException.class : InvalidInputException.class;
                assertInstanceOf(expected, e);
            }
            default -> {
                // "acceptable": either outcome, but a typed failure and never a wrong plaintext
                try {
                    assertArrayEquals(msg, aead.open(key, iv, sealed, aad), "open");
                } catch (QSafeException e) {
                    assertInstanceOf(DecryptionFailedException.class, e);
                }
            }
        }
    }

    /** ChaCha20-Poly1305 takes 12-byte nonces only; qsafe's AES-GCM engines take any non-empty nonce. */
    private static boolean usableNonce(Algorithm alg, byte[] iv) {
        return alg.equals(Algorithm.CHACHA20_POLY1305) ? iv.length == alg.nonceSize() : iv.length > 0;
    }
}

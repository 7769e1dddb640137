package dev.qsafe.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.conformance.CaseFailure;
import dev.qsafe.conformance.EngineReport;
import dev.qsafe.conformance.FileReport;
import dev.qsafe.conformance.VectorRunner;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.tests.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Key-generation vectors compare the expanded private key byte for byte: an ACVP file whose {@code sk}
 * (ML-DSA) or {@code dk} (ML-KEM) has one nibble flipped in every case fails every case on every
 * engine, native ones included, because every ML-DSA and ML-KEM engine can export the expanded key
 * ({@code engineExpandedPrivateKey}). Before, such a key only had to sign or decapsulate like the seed
 * key, and most flipped nibbles (in {@code t0}, say) went unnoticed. An engine that cannot export is
 * skipped with the reason, never passed.
 */
class ExpandedKeyVectorsTest {
    private static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    @TempDir
    Path dir;

    private FileReport run(String name, String content) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return VectorRunner.newBuilder(REGISTRY).build().run(List.of(p)).files().getFirst();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Flips one hex digit of {@code field} in every test, at a different place per case (spread over the
     * whole key, so that t0, s1, s2 and the leading seeds are all hit across the cases).
     */
    private static ObjectNode flipEveryCase(String file, String field) {
        ObjectNode root = (ObjectNode) Vectors.json(file).deepCopy();
        int n = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                String v = test.get(field).asString();
                int at = (int) ((long) (v.length() - 1) * (7 * n++ % 11) / 10);
                char flipped = Character.forDigit(Character.digit(v.charAt(at), 16) ^ 0x8, 16);
                ((ObjectNode) test).put(field, v.substring(0, at) + flipped + v.substring(at + 1));
            }
        }
        return root;
    }

    private static int cases(JsonNode acvp) {
        return acvp.get("testGroups").valueStream().mapToInt(g -> g.get("tests").size()).sum();
    }

    private static void assertEveryCaseFails(FileReport f, int cases, String differs, Set<String> mustRunOn) {
        Map<String, EngineReport> byEngine = f.engines().stream().collect(Collectors.toMap(EngineReport::engine, e -> e));
        assertTrue(byEngine.keySet().containsAll(mustRunOn), byEngine.keySet().toString());
        for (EngineReport e : f.engines()) {
            assertEquals(0, e.passed(), e.engine() + " passed a flipped key: " + e);
            assertEquals(0, e.skipped(), e.engine() + " skipped: " + e.skipReasons());
            assertEquals(cases, e.failed(), e.engine() + ": " + e.failures());
            for (CaseFailure failure : e.failures()) {
                assertTrue(failure.message().startsWith(differs), e.engine() + ": " + failure);
            }
        }
    }

    @Test
    void acvpMlDsaKeyGen_oneNibbleOfSkFlippedInEveryCase_failsEveryCase_onEveryEngine() {
        ObjectNode file = flipEveryCase("acvp-sample/ML-DSA-keyGen-FIPS204/internalProjection.json", "sk");
        FileReport f = run("mldsa-keygen.json", file.toString());
        assertEveryCaseFails(f, cases(file), "sk differs", Set.of("bc-pqc", "jdk-pqc"));
    }

    @Test
    void acvpMlKemKeyGen_oneNibbleOfDkFlippedInEveryCase_failsEveryCase_onEveryEngine() {
        ObjectNode file = flipEveryCase("acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json", "dk");
        FileReport f = run("mlkem-keygen.json", file.toString());
        assertEveryCaseFails(f, cases(file), "dk differs", Set.of("bc-pqc", "jdk-pqc"));
    }

    /** The unchanged files pass on every engine, with no skip: the comparison is not just failing everything. */
    @Test
    void acvpKeyGen_unchanged_passesEveryCase_onEveryEngine() {
        for (String file : List.of("acvp-sample/ML-DSA-keyGen-FIPS204/internalProjection.json",
                "acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json")) {
            JsonNode acvp = Vectors.json(file);
            FileReport f = run("unchanged.json", acvp.toString());
            assertTrue(f.engines().size() >= 2, f.engines().toString());
            for (EngineReport e : f.engines()) {
                assertEquals(cases(acvp), e.passed(), file + " [" + e.engine() + "]: " + e.failures() + " " + e.skipReasons());
            }
        }
    }

    /**
     * A KEM engine that cannot export an expanded key (X-Wing's: its keys are 32-byte seeds) skips a
     * vector whose private key is not the seed form, with the reason, instead of passing it.
     */
    @Test
    void engineThatCannotExport_skipsTheCase_withTheReason() {
        ArrayNode file = (ArrayNode) Vectors.json("xwing/test-vectors.json").deepCopy();
        ObjectNode first = (ObjectNode) file.get(0);
        byte[] longer = new byte[64];
        first.put("sk", HexFormat.of().formatHex(longer));
        FileReport f = run("xwing.json", file.toString());
        EngineReport hybrid = f.engines().stream().filter(e -> e.engine().equals("hybrid")).findFirst().orElseThrow();
        assertEquals(Map.of("the X-Wing engine cannot export the expanded private key, so dk cannot be compared byte for byte", 1),
                hybrid.skipReasons());
        assertEquals(file.size() - 1, hybrid.passed());
        assertEquals(0, hybrid.failed(), hybrid.failures().toString());
    }
}

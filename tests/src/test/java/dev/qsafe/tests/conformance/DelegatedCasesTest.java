package dev.qsafe.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The vector report counts a case under the backend that computed it: jdk-pqc's ML-DSA hands
 * deterministic and caller-{@code rnd} signing, contexts, external mu and expanded keys to Bouncy
 * Castle ({@code EngineTrace.delegated("bc-pqc")}), so those cases are reported as
 * {@code "jdk-pqc via bc-pqc"}; what the JDK computes itself (verification with an empty context) stays
 * {@code "jdk-pqc"}.
 */
class DelegatedCasesTest {
    private static final String JDK_PQC = "jdk-pqc";
    private static final String VIA_BC = "jdk-pqc via bc-pqc";
    private static CryptoRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void discover() {
        registry = CryptoRegistry.discover(RegistryConfig.defaults());
        org.junit.jupiter.api.Assumptions.assumeTrue(registry.providersOf(dev.qsafe.api.Algorithm.ML_DSA_65).contains(JDK_PQC),
                "jdk-pqc is not active on this JDK");
    }

    private Map<String, EngineReport> run(String name, String content) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, content, StandardCharsets.UTF_8);
            FileReport f = VectorRunner.newBuilder(registry).engine(JDK_PQC).build().run(List.of(p)).files().getFirst();
            assertEquals(0, f.failed(), f.toString());
            return f.engines().stream().collect(Collectors.toMap(EngineReport::engine, e -> e));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The ACVP ML-DSA sigGen sample with only the groups that {@code keep} selects. */
    private static ObjectNode sigGen(Predicate<JsonNode> keep) {
        ObjectNode root = (ObjectNode) Vectors.json("acvp-sample/ML-DSA-sigGen-FIPS204/internalProjection.json").deepCopy();
        ArrayNode groups = root.arrayNode();
        root.get("testGroups").valueStream().filter(keep).forEach(groups::add);
        root.set("testGroups", groups);
        return root;
    }

    @Test
    void deterministicSigGen_isReportedUnderJdkPqcViaBcPqc() {
        ObjectNode file = sigGen(g -> g.get("deterministic").asBoolean());
        int cases = file.get("testGroups").valueStream().mapToInt(g -> g.get("tests").size()).sum();
        assertTrue(cases > 0);
        Map<String, EngineReport> rows = run("deterministic.json", file.toString());
        assertEquals(List.of(VIA_BC), List.copyOf(rows.keySet()));
        assertEquals(cases, rows.get(VIA_BC).passed());
    }

    /**
     * A hedged sigGen case gives its {@code rnd}, which the JDK 25's ML-DSA cannot be handed either
     * (and the ACVP sample signs through external mu with an expanded key): also Bouncy Castle's.
     */
    @Test
    void hedgedSigGen_isAlsoReportedViaBcPqc() {
        ObjectNode file = sigGen(g -> !g.get("deterministic").asBoolean());
        Map<String, EngineReport> rows = run("hedged.json", file.toString());
        assertEquals(List.of(VIA_BC), List.copyOf(rows.keySet()));
    }

    /**
     * Verification: the JDK's own for an empty context (reported as {@code jdk-pqc}), Bouncy Castle's
     * with a context ({@code jdk-pqc via bc-pqc}); the Wycheproof file has both, in one group.
     */
    @Test
    void verification_emptyContextUnderJdkPqc_contextViaBcPqc() {
        ObjectNode root = (ObjectNode) Vectors.json("wycheproof/mldsa_65_verify_test.json.gz").deepCopy();
        ObjectNode group = (ObjectNode) root.get("testGroups").get(0).deepCopy();
        ArrayNode tests = root.arrayNode();
        group.get("tests").valueStream().filter(t -> t.get("result").asString().equals("valid")).limit(4).forEach(tests::add);
        group.set("tests", tests);
        root.set("testGroups", root.arrayNode().add(group));
        long withContext = tests.valueStream().filter(t -> t.has("ctx") && !t.get("ctx").asString().isEmpty()).count();
        assertTrue(withContext > 0 && withContext < tests.size(), "the group should mix empty and non-empty contexts");
        Map<String, EngineReport> rows = run("verify.json", root.toString());
        assertEquals(tests.size() - withContext, rows.get(JDK_PQC).passed(), rows.toString());
        assertEquals(withContext, rows.get(VIA_BC).passed(), rows.toString());
    }
}

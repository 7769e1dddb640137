package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code qsafe doctor}: text and JSON, the active profile's refusals with their rules, exit codes, help. */
class DoctorCommandTest {
    @TempDir
    Path dir;

    private static JsonNode json(Cli.Result r) {
        return JsonMapper.builder().build().readTree(r.out());
    }

    private static Map<String, JsonNode> byAlgorithm(JsonNode root) {
        Map<String, JsonNode> m = new HashMap<>();
        root.get("algorithms").forEach(a -> m.put(a.get("algorithm").asString(), a));
        return m;
    }

    @Test
    void doctor_text_explainsEnginesModesAndNativeSpeed() {
        Cli.Result r = Cli.run("doctor");
        assertEquals(0, r.code(), r.err() + r.out());
        for (String s : new String[] {"Policy profile: none", "Modes", "hybrid-v1", "Algorithms: the engine that runs and why",
                "X-Wing", "highest weight", "self-test", "Native speed", "accp", "conscrypt", "->", "Exit code: 0"}) {
            assertTrue(r.out().contains(s), "missing " + s + " in\n" + r.out());
        }
    }

    @Test
    void doctor_json_perAlgorithmEngineWeightSelfTestNative_andNoRefusalsWithoutProfile() {
        Cli.Result r = Cli.run("doctor", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = json(r);
        assertTrue(root.get("profile").isNull());
        JsonNode xwing = byAlgorithm(root).get("X-Wing");
        assertFalse(xwing.get("selected").isNull(), xwing.toString());
        assertTrue(xwing.get("weight").asInt() >= 0);
        assertEquals("passed", xwing.get("selfTest").asString());
        assertTrue(xwing.get("native").isBoolean());
        assertTrue(xwing.get("refusedBy").isNull());
        root.get("modes").forEach(m -> assertTrue(m.get("refusedBy").isNull(), m.toString()));
        assertEquals(2, root.get("native").size());
        root.get("native").forEach(n -> assertFalse(n.get("advice").asString().isBlank(), n.toString()));
        assertEquals(0, root.get("exitCode").asInt());
    }

    @Test
    void doctor_hybridMin_listsRulesAndRefusals_defaultModeStillUsable() {
        Cli.Result r = Cli.run("--profile", "hybrid-min", "doctor", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = json(r);
        assertEquals("hybrid-min", root.get("profile").get("name").asString());
        assertEquals(4, root.get("profile").get("rules").size());
        Map<String, JsonNode> algs = byAlgorithm(root);
        assertEquals("hybrid-min.kem", algs.get("DHKEM-X25519-HKDF-SHA256").get("refusedBy").get("rule").asString());
        assertEquals("hybrid-min.signature", algs.get("Ed25519").get("refusedBy").get("rule").asString());
        assertTrue(algs.get("ML-KEM-768").get("refusedBy").isNull());
        for (JsonNode m : root.get("modes")) {
            boolean classical = m.get("mode").asString().equals("CLASSICAL");
            assertEquals(!classical, m.get("refusedBy").isNull(), m.toString());
        }
        Cli.Result text = Cli.run("--profile", "hybrid-min", "doctor");
        assertTrue(text.out().contains("Policy profile: hybrid-min") && text.out().contains("refused (hybrid-min.kem)")
                && text.out().contains("refused: DHKEM-X25519-HKDF-SHA256 (rule hybrid-min.kem)"), text.out());
    }

    @Test
    void doctor_cnsa2_pqcModeRunsPqcCnsa2_exit0() {
        Cli.Result r = Cli.run("--profile", "cnsa2", "doctor", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = json(r);
        assertEquals(0, root.get("exitCode").asInt());
        assertEquals("PQC", root.get("configuration").get("defaultMode").asString(), root.get("configuration").toString());
        Map<String, JsonNode> algs = byAlgorithm(root);
        assertEquals("cnsa2.kdf", algs.get("HKDF-SHA256").get("refusedBy").get("rule").asString());
        JsonNode hkdf384 = algs.get("HKDF-SHA384");
        assertTrue(hkdf384.get("refusedBy").isNull(), hkdf384.toString());
        assertEquals("passed", hkdf384.get("selfTest").asString(), hkdf384.toString());
        for (JsonNode m : root.get("modes")) {
            boolean pqc = m.get("mode").asString().equals("PQC");
            assertEquals(pqc, m.get("refusedBy").isNull(), m.toString());
            if (pqc) {
                assertEquals("pqc-cnsa2-v1", m.get("suite").asString(), m.toString());
                assertTrue(m.get("usable").asBoolean() && m.get("default").asBoolean(), m.toString());
            }
        }
    }

    @Test
    void doctor_profileRefusingTheConfiguredDefaultMode_exit4() throws Exception {
        Path cfg = dir.resolve("hybrid-cnsa2.json");
        Files.writeString(cfg, "{\"profile\": \"cnsa2\", \"defaultMode\": \"hybrid\"}");
        Cli.Result r = Cli.run("--config", cfg.toString(), "doctor", "--json");
        assertEquals(4, r.code(), r.err());
        assertEquals(4, json(r).get("exitCode").asInt());
        assertEquals("cnsa2.kem", byAlgorithm(json(r)).get("X-Wing").get("refusedBy").get("rule").asString());
    }

    @Test
    void doctor_unknownProfile_exit4ListingTheProfiles() {
        Cli.Result r = Cli.run("--profile", "cnsa9", "doctor");
        assertEquals(4, r.code());
        assertTrue(r.err().contains("cnsa9") && r.err().contains("hybrid-min"), r.err());
    }

    @Test
    void profileFromConfigFile_refusesKeygen_namingTheRule() throws Exception {
        Path cfg = dir.resolve("qsafe.json");
        Files.writeString(cfg, "{\"profile\": \"hybrid-min\"}");
        Cli.Result r = Cli.run("--config", cfg.toString(), "keygen", "--mode", "classical", "--unprotected",
                "-o", dir.resolve("old").toString());
        assertEquals(4, r.code(), r.err());
        assertTrue(r.err().contains("rule hybrid-min.kem"), r.err());
        assertFalse(Files.exists(dir.resolve("old")));
        // --profile none over the file is a reported relaxation
        Cli.Result off = Cli.run("--config", cfg.toString(), "--profile", "none", "doctor");
        assertEquals(0, off.code(), off.err());
        assertTrue(off.err().contains("profile hybrid-min -> none"), off.err());
    }

    @Test
    void doctor_help_hasExamplesAndExitCodes() {
        Cli.Result r = Cli.run("doctor", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Examples:") && r.out().contains("Exit codes:") && r.out().contains("--json")
                && r.out().contains("qsafe --profile hybrid-min doctor"), r.out());
    }
}

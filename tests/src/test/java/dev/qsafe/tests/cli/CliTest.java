package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.runtime.registry.RegistryConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code qsafe} command run in-process, as the launcher runs it, on the module path. */
class CliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        Cli.Result r = Cli.run(args);
        return new Run(r.code(), r.out(), r.err());
    }

    @Test
    void providers_listsEveryProviderAndTheSelectedEngines() {
        Run r = run("providers");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {"jdk-classical", "bc-classical", "bc-pqc", "jdk-pqc", "hybrid", "conscrypt", "accp", "ML-KEM-768", "Ed25519",
                "AES-256-GCM", "X-Wing", "MLDSA65-Ed25519-SHA512"}) {
            assertTrue(r.out().contains(s), "missing " + s + " in\n" + r.out());
        }
    }

    @Test
    void providers_json_isValidAndNamesTheSelectedEngine() {
        Run r = run("providers", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        assertEquals(7, root.get("providers").size());
        boolean conscryptActive = false;
        for (JsonNode p : root.get("providers")) {
            String name = p.get("name").asString();
            if (name.equals("conscrypt") || name.equals("accp")) {
                assertTrue(p.get("hardwareBacked").asBoolean(), name);
                assertTrue(p.get("reason").asString().contains("AES-NI"), "CPU features in the reason: " + p);
                conscryptActive |= name.equals("conscrypt") && p.get("state").asString().equals("active");
            }
        }
        boolean ed25519 = false;
        for (JsonNode a : root.get("algorithms")) {
            if (a.get("algorithm").asString().equals("Ed25519")) {
                // The native engines win where they load (their weights, docs/PROVIDERS.md "Weights").
                assertEquals(conscryptActive ? "conscrypt" : "bc-classical", a.get("selected").asString());
                assertEquals(conscryptActive ? 3 : 2, a.get("candidates").size());
                ed25519 = true;
            }
        }
        assertTrue(ed25519);
    }

    @Test
    void demo_roundTripsEveryMode_includingHybrid() {
        Run r = run("demo", "--warmup-ms", "0", "--measure-ms", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("CLASSICAL") && r.out().contains("PQC"), r.out());
        assertTrue(r.out().contains("quick estimate"), "timings are labelled as an estimate");
        assertFalse(r.out().contains("not available"), r.out());
        // mode, KEM, signature, AEAD, pk, kem ct, sig, ...
        List<String> hybrid = r.out().lines().filter(l -> l.startsWith("HYBRID")).findFirst()
                .map(l -> List.of(l.trim().split("\\s+"))).orElseThrow(() -> new AssertionError("no HYBRID row in\n" + r.out()));
        assertEquals(List.of("HYBRID", "hybrid-v1", "X-Wing", "MLDSA65-Ed25519-SHA512", "AES-256-GCM", "1216", "1120", "3373", "4583"),
                hybrid.subList(0, 9), r.out());
        // The composite is conscrypt's native one where Conscrypt loaded (it outweighs hybrid's), else hybrid's.
        assertTrue(r.out().contains("engines for HYBRID: {X-Wing=hybrid, MLDSA65-Ed25519-SHA512=conscrypt")
                || r.out().contains("engines for HYBRID: {X-Wing=hybrid, MLDSA65-Ed25519-SHA512=hybrid"), r.out());
    }

    @Test
    void demo_json_reportsSizesOfTheRealAlgorithms() {
        Run r = run("demo", "--mode", "classical,hybrid,quantum", "--json", "--warmup-ms", "0", "--measure-ms", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode modes = JsonMapper.builder().build().readTree(r.out()).get("modes");
        assertEquals(3, modes.size());
        JsonNode classical = mode(modes, "CLASSICAL");
        assertEquals(32, classical.get("sizeBytes").get("kemPublicKey").asInt());
        assertEquals(64, classical.get("sizeBytes").get("signature").asInt());
        assertEquals(171, classical.get("sizeBytes").get("envelopeOverhead").asInt(), "docs/FORMAT.md overhead");
        JsonNode hybrid = mode(modes, "HYBRID");
        assertEquals(1216, hybrid.get("sizeBytes").get("kemPublicKey").asInt());
        assertEquals(1120, hybrid.get("sizeBytes").get("kemCiphertext").asInt());
        assertEquals(3373, hybrid.get("sizeBytes").get("signature").asInt());
        assertEquals(4583, hybrid.get("sizeBytes").get("envelopeOverhead").asInt(), "docs/FORMAT.md overhead");
        JsonNode pqc = mode(modes, "PQC");
        assertEquals(1568, pqc.get("sizeBytes").get("kemCiphertext").asInt());
        assertEquals(4627, pqc.get("sizeBytes").get("signature").asInt());
        assertEquals(6272, pqc.get("sizeBytes").get("envelopeOverhead").asInt(), "docs/FORMAT.md overhead");
    }

    @Test
    void demo_onlyUnavailableMode_exitsWithUnsupportedCode() {
        // With the hybrid provider excluded by the system property, HYBRID has no engine.
        String previous = System.getProperty(RegistryConfig.EXCLUDE_PROPERTY);
        System.setProperty(RegistryConfig.EXCLUDE_PROPERTY, "hybrid");
        try {
            Run r = run("demo", "--mode", "hybrid");
            assertEquals(3, r.code());
            assertTrue(r.err().startsWith("qsafe: ") && r.err().strip().lines().count() == 1, "one line: " + r.err());
            assertTrue(r.err().contains("X-Wing") && r.err().contains("excluded"), r.err());
        } finally {
            if (previous == null) {
                System.clearProperty(RegistryConfig.EXCLUDE_PROPERTY);
            } else {
                System.setProperty(RegistryConfig.EXCLUDE_PROPERTY, previous);
            }
        }
    }

    private static JsonNode mode(JsonNode modes, String name) {
        for (JsonNode m : modes) {
            if (m.get("mode").asString().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no mode " + name + " in " + modes);
    }

    @Test
    void unknownMode_isAUsageErrorOnOneLineWithoutStackTrace() {
        Run r = run("demo", "--mode", "quantumish");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown mode 'quantumish'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void everyCommand_hasHelpWithExampleAndExitCodes() {
        for (String[] cmd : new String[][] {{"--help"}, {"providers", "--help"}, {"demo", "--help"}}) {
            Run r = run(cmd);
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Examples:") && r.out().contains("Exit codes:"), String.join(" ", cmd) + ":\n" + r.out());
        }
    }
}

package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code qsafe} command run in-process, as the launcher runs it, on the module path. */
class CliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void providers_listsEveryProviderAndTheSelectedEngines() {
        Run r = run("providers");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {"jdk-classical", "bc-classical", "bc-pqc", "ML-KEM-768", "Ed25519", "AES-256-GCM"}) {
            assertTrue(r.out().contains(s), "missing " + s + " in\n" + r.out());
        }
    }

    @Test
    void providers_json_isValidAndNamesTheSelectedEngine() {
        Run r = run("providers", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        assertEquals(3, root.get("providers").size());
        boolean ed25519 = false;
        for (JsonNode a : root.get("algorithms")) {
            if (a.get("algorithm").asString().equals("Ed25519")) {
                assertEquals("bc-classical", a.get("selected").asString());
                assertEquals(2, a.get("candidates").size());
                ed25519 = true;
            }
        }
        assertTrue(ed25519);
    }

    @Test
    void demo_roundTripsEveryAvailableMode_andNamesTheMissingOne() {
        Run r = run("demo", "--warmup-ms", "0", "--measure-ms", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("CLASSICAL") && r.out().contains("PQC"), r.out());
        assertTrue(r.out().contains("quick estimate"), "timings are labelled as an estimate");
        assertTrue(r.out().contains("HYBRID") && r.out().contains("X-Wing"), r.out());
    }

    @Test
    void demo_json_reportsSizesOfTheRealAlgorithms() {
        Run r = run("demo", "--mode", "classical,quantum", "--json", "--warmup-ms", "0", "--measure-ms", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode modes = JsonMapper.builder().build().readTree(r.out()).get("modes");
        assertEquals(2, modes.size());
        JsonNode classical = modes.get(0);
        assertEquals(32, classical.get("sizeBytes").get("kemPublicKey").asInt());
        assertEquals(64, classical.get("sizeBytes").get("signature").asInt());
        assertEquals(171, classical.get("sizeBytes").get("envelopeOverhead").asInt(), "docs/FORMAT.md overhead");
        JsonNode pqc = modes.get(1);
        assertEquals("PQC", pqc.get("mode").asString());
        assertEquals(1568, pqc.get("sizeBytes").get("kemCiphertext").asInt());
        assertEquals(4627, pqc.get("sizeBytes").get("signature").asInt());
        assertEquals(6272, pqc.get("sizeBytes").get("envelopeOverhead").asInt(), "docs/FORMAT.md overhead");
    }

    @Test
    void demo_onlyUnavailableMode_exitsWithUnsupportedCode() {
        Run r = run("demo", "--mode", "hybrid");
        assertEquals(3, r.code());
        assertTrue(r.err().startsWith("qsafe: ") && r.err().strip().lines().count() == 1, "one line: " + r.err());
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

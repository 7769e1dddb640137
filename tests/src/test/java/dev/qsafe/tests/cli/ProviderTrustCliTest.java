package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.tests.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Issue 13, item 1, through the command: the trust policy and a misspelt exclusion in a configuration file. */
class ProviderTrustCliTest {
    @TempDir
    Path dir;

    private Path config(String providers) throws IOException {
        Path file = dir.resolve("qsafe.json");
        Files.writeString(file, "{\"providers\": " + providers + "}");
        return file;
    }

    @Test
    void excludeTypo_isAConfigurationError_exit4() throws IOException {
        Cli.Result r = Cli.run("--config", config("{\"exclude\": [\"jdk-clasical\"]}").toString(), "providers");
        assertEquals(4, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("jdk-clasical"), r.err());
    }

    @Test
    void allowOnlyQsafe_isShown_andEveryProviderIsQsafes() throws IOException {
        Cli.Result r = Cli.run("--config", config("{\"allow\": [\"qsafe\"]}").toString(), "providers");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Trust policy: only qsafe"), r.out());
        JsonNode root = JsonMapper.builder().build().readTree(
                Cli.run("--config", config("{\"allow\": [\"qsafe\"]}").toString(), "providers", "--json").out());
        assertEquals("qsafe", root.get("allowedProviders").get(0).asString());
        root.get("providers").forEach(p -> assertTrue(p.get("builtIn").asBoolean(), p.toString()));
        assertTrue(root.get("notices").isEmpty());
    }

    @Test
    void vectors_runsEverySelfTest_includingTheInvalidKeys_onEveryEngine() {
        String file = Vectors.dir().resolve("rfc7748").resolve("x25519_rfc7748_kat_test.json").toString();
        Cli.Result r = Cli.run("vectors", file);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Self-tests (known answers, and the small-order and non-canonical keys every engine must refuse)")
                && r.out().contains(" 0 failed"), r.out());
        JsonNode root = JsonMapper.builder().build().readTree(Cli.run("vectors", "--json", file).out());
        java.util.Set<String> tested = new java.util.HashSet<>();
        root.get("selfTests").forEach(t -> {
            assertTrue(t.get("passed").asBoolean(), t.toString());
            tested.add(t.get("algorithm").asString() + "/" + t.get("engine").asString());
        });
        for (String engine : java.util.List.of("jdk-classical", "bc-classical")) {
            assertTrue(tested.contains("Ed25519/" + engine) && tested.contains("DHKEM-X25519-HKDF-SHA256/" + engine), tested.toString());
        }
        assertTrue(tested.contains("MLDSA65-Ed25519-SHA512/hybrid") && tested.contains("X-Wing/hybrid"), tested.toString());
    }
}

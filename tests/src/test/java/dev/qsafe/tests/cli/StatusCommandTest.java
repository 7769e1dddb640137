package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code qsafe status}: table, JSON with a probe, help, and a configuration error. */
class StatusCommandTest {
    @TempDir
    Path dir;

    @Test
    void status_table_showsSettingsCachesPoolAndEngines() {
        Cli.Result r = Cli.run("status", "--probe");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {"Runtime settings", "Operations", "Caches", "signatures", "Buffer pool",
                "Selected engines", "X-Wing", "seal", "open"}) {
            assertTrue(r.out().contains(s), "missing " + s + " in\n" + r.out());
        }
    }

    @Test
    void status_jsonProbe_measuresEveryOperationOfEveryModeWithEngines() {
        Cli.Result r = Cli.run("status", "--json", "--probe");
        assertEquals(0, r.code(), r.err());
        JsonNode root = JsonMapper.builder().build().readTree(r.out());
        assertTrue(root.get("settings").get("cachesEnabled").asBoolean());
        JsonNode metrics = root.get("metrics");
        Set<String> seen = new HashSet<>();
        for (JsonNode op : metrics.get("operations")) {
            seen.add(op.get("operation").asString() + "/" + op.get("mode").asString());
            assertTrue(op.get("latencyNanos").get("p50").asLong() > 0, op.toString());
        }
        for (String mode : new String[] {"CLASSICAL", "HYBRID", "PQC"}) {
            for (String op : new String[] {"keygen", "seal", "open", "sign", "verify"}) {
                assertTrue(seen.contains(op + "/" + mode), op + "/" + mode + " in " + seen);
            }
        }
        assertTrue(metrics.get("caches").get("signatures").get("hits").asLong() >= 6, "re-open and re-verify hit");
        assertEquals(0, metrics.get("pool").get("outstanding").asLong());
        assertFalse(metrics.get("engines").isEmpty());
    }

    @Test
    void status_help_hasExampleAndExitCodes() {
        Cli.Result r = Cli.run("status", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Examples:") && r.out().contains("Exit codes:") && r.out().contains("--json"), r.out());
    }

    @Test
    void status_badRuntimeConfig_exit4NamingTheField() throws IOException {
        Path cfg = dir.resolve("qsafe.json");
        Files.writeString(cfg, "{\"cache\": {\"signatures\": {\"maxBytes\": -3}}}");
        Cli.Result r = Cli.run("--config", cfg.toString(), "status");
        assertEquals(4, r.code(), r.err());
        assertTrue(r.err().contains("cache.signatures.maxBytes"), r.err());
        assertFalse(r.err().contains("\tat "));
    }
}

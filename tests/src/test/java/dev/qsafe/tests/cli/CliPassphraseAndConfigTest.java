package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.ExitCodes;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.config.RuntimeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passphrases and configuration at the command line (issue 13, items 7 and 8): a weak passphrase is
 * warned about when keygen uses it; own identities (private keys) stay in the cache minutes, not an
 * hour, by default; a configuration that relaxes policy (system properties over a file, or
 * {@code --config} over a stricter {@code -Dqsafe.config}) says so once on the error stream and in
 * {@code qsafe status}.
 */
class CliPassphraseAndConfigTest {
    @TempDir
    Path dir;

    private String f(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void keygen_warnsAboutAWeakPassphrase_notAboutAStrongOne() throws IOException {
        Files.writeString(dir.resolve("weak.txt"), "password1\n");
        Files.writeString(dir.resolve("strong.txt"), "Tr0ub4dor & three more words\n");
        Cli.Result weak = Cli.run("keygen", "--mode", "classical", "-o", f("weak.id"), "--passphrase-file", f("weak.txt"));
        assertEquals(0, weak.code(), weak.err());
        assertTrue(weak.err().contains("warning: weak passphrase"), weak.err());
        assertFalse(weak.err().contains("password1"), "never the passphrase itself: " + weak.err());
        Cli.Result strong = Cli.run("keygen", "--mode", "classical", "-o", f("strong.id"), "--passphrase-file", f("strong.txt"));
        assertEquals(0, strong.code(), strong.err());
        assertFalse(strong.err().contains("weak"), strong.err());
    }

    @Test
    void identityCache_keepsPrivateKeysMinutesByDefault() {
        Duration ttl = RuntimeSettings.defaults().identitiesTtl();
        assertTrue(ttl.compareTo(Duration.ofMinutes(5)) <= 0, "identities (private keys) cached for " + ttl);
        assertTrue(ttl.compareTo(Duration.ZERO) > 0);
    }

    private void configs() throws IOException {
        Files.writeString(dir.resolve("strict.json"), """
                { "policy": { "minNistCategory": 3, "allowedAlgorithms": [] }, "maxMessageBytes": 1048576 }
                """);
        Files.writeString(dir.resolve("lax.json"), """
                { "policy": { "minNistCategory": 0 } }
                """);
    }

    @Test
    void systemPropertiesOverAStricterFile_areListedAsRelaxations() throws IOException {
        configs();
        Properties props = new Properties();
        props.setProperty(QSafeConfig.CONFIG_PROPERTY, f("strict.json"));
        assertEquals(List.of(), QSafeConfig.fromProperties(props).relaxations(), "the file alone relaxes nothing");
        props.setProperty("qsafe.policy.minNistCategory", "1");
        props.setProperty("qsafe.maxMessageBytes", "2097152");
        List<String> relaxed = QSafeConfig.fromProperties(props).relaxations();
        assertEquals(2, relaxed.size(), relaxed.toString());
        assertTrue(relaxed.get(0).startsWith("policy.minNistCategory 3 -> 1"), relaxed.toString());
        assertTrue(relaxed.get(1).startsWith("maxMessageBytes 1048576 -> 2097152"), relaxed.toString());
        props.setProperty("qsafe.policy.minNistCategory", "5");
        props.setProperty("qsafe.maxMessageBytes", "1024");
        assertEquals(List.of(), QSafeConfig.fromProperties(props).relaxations(), "stricter overrides are not relaxations");
    }

    @Test
    void widerProviderTrust_isARelaxation() throws IOException {
        Files.writeString(dir.resolve("trusting.json"), """
                { "providers": { "allow": ["qsafe"] } }
                """);
        Properties props = new Properties();
        props.setProperty(QSafeConfig.CONFIG_PROPERTY, f("trusting.json"));
        assertEquals(List.of(), QSafeConfig.fromProperties(props).relaxations());
        props.setProperty("qsafe.provider.allow", "qsafe,acme");
        List<String> relaxed = QSafeConfig.fromProperties(props).relaxations();
        assertEquals(1, relaxed.size(), relaxed.toString());
        assertTrue(relaxed.get(0).startsWith("providers.allow also allows [acme]"), relaxed.toString());
        props.setProperty("qsafe.provider.allow", "*");
        relaxed = QSafeConfig.fromProperties(props).relaxations();
        assertTrue(relaxed.size() == 1 && relaxed.get(0).startsWith("providers.allow [qsafe] -> any provider"), relaxed.toString());
    }

    @Test
    void relaxedConfiguration_isReportedOnceOnStderrAndInStatus() throws Exception {
        configs();
        JsonMapper json = JsonMapper.builder().build();

        Subprocess.Result strict = Subprocess.run(dir, null, List.of("-Dqsafe.config=strict.json"), "status", "--json");
        assertEquals(ExitCodes.OK, strict.code(), strict.err());
        assertFalse(strict.err().contains("relaxes"), strict.err());
        assertEquals(0, json.readTree(strict.out()).get("settings").get("relaxations").size());

        for (List<String> jvm : List.of(List.of("-Dqsafe.config=strict.json", "-Dqsafe.policy.minNistCategory=0"),
                List.of("-Dqsafe.config=strict.json", "-Dqsafe.policy.minNistCategory=0", "-Dqsafe.maxMessageBytes=4096"))) {
            Subprocess.Result r = Subprocess.run(dir, null, jvm, "status", "--json");
            assertEquals(ExitCodes.OK, r.code(), r.err());
            assertEquals(1, r.err().lines().filter(l -> l.contains("relaxes policy")).count(), "once: " + r.err());
            assertTrue(r.err().contains("policy.minNistCategory 3 -> 0"), r.err());
            JsonNode relaxations = json.readTree(r.out()).get("settings").get("relaxations");
            assertEquals(1, relaxations.size(), relaxations.toString());
        }

        Subprocess.Result over = Subprocess.run(dir, null, List.of("-Dqsafe.config=strict.json"), "--config", "lax.json", "status");
        assertEquals(ExitCodes.OK, over.code(), over.err());
        assertEquals(1, over.err().lines().filter(l -> l.contains("relaxes policy")).count(), "once: " + over.err());
        assertTrue(over.err().contains("--config lax.json over -Dqsafe.config=strict.json"), over.err());
        assertTrue(over.out().contains("Configuration relaxes policy") && over.out().contains("policy.minNistCategory 3 -> 0"),
                over.out());
    }
}

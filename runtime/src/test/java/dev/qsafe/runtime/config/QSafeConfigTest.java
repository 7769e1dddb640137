package dev.qsafe.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.suite.Policy;
import dev.qsafe.runtime.suite.Suite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QSafeConfigTest {
    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path p = dir.resolve("qsafe.json");
        Files.writeString(p, json);
        return p;
    }

    private String error(String json) throws IOException {
        Path p = write(json);
        return assertThrows(ConfigurationException.class, () -> QSafeConfig.load(p)).getMessage();
    }

    @Test
    void defaults_hybridBuiltInSuitesPermissive64MiB() {
        QSafeConfig c = QSafeConfig.defaults();
        assertEquals(CryptoMode.HYBRID, c.defaultMode());
        assertEquals(Suite.HYBRID, c.suite(CryptoMode.HYBRID));
        assertEquals(Policy.PERMISSIVE, c.policy());
        assertEquals(64L * 1024 * 1024, c.maxMessageBytes());
    }

    @Test
    void load_fullFile_setsEveryKnob() throws IOException {
        QSafeConfig c = QSafeConfig.load(write("""
                { "defaultMode": "quantum",
                  "suites": { "classical": "classical-chacha20-v1",
                              "pqc": { "name": "mine", "kem": "ML-KEM-768", "signature": "ML-DSA-65",
                                       "aead": "ChaCha20-Poly1305", "kdf": "HKDF-SHA256" } },
                  "providers": { "pin": { "Ed25519": "jdk-classical" }, "exclude": [ "bc-pqc" ] },
                  "policy": { "allowedAlgorithms": [ "ML-KEM-768" ], "minNistCategory": 1 },
                  "maxMessageBytes": 1000 }"""));
        assertEquals(CryptoMode.PQC, c.defaultMode());
        assertEquals(Suite.CLASSICAL_CHACHA20, c.suite(CryptoMode.CLASSICAL));
        assertEquals("mine", c.suite(CryptoMode.PQC).name());
        assertEquals(Algorithm.CHACHA20_POLY1305, c.suite(CryptoMode.PQC).aead());
        assertEquals("jdk-classical", c.providers().pins().get(Algorithm.ED25519));
        assertEquals(Set.of("bc-pqc"), c.providers().excluded());
        assertEquals(new Policy(Set.of(Algorithm.ML_KEM_768), 1), c.policy());
        assertEquals(1000, c.maxMessageBytes());
    }

    @Test
    void load_errors_nameTheFileAndField() throws IOException {
        assertTrue(error("{ \"defaultMode\": \"fast\" }").contains("defaultMode"));
        assertTrue(error("{ \"colour\": 1 }").contains("colour: unknown setting"));
        assertTrue(error("{ \"suites\": { \"hybrid\": \"pqc-v1\" } }").contains("suites.hybrid"));
        assertTrue(error("{ \"suites\": { \"pqc\": { \"name\": \"x\", \"kem\": \"Ed25519\", \"signature\": \"ML-DSA-65\","
                + " \"aead\": \"AES-256-GCM\", \"kdf\": \"HKDF-SHA256\" } } }").contains("suites.pqc"));
        assertTrue(error("{ \"providers\": { \"pin\": { \"Rot13\": \"x\" } } }").contains("providers.pin.Rot13"));
        assertTrue(error("{ \"policy\": { \"minNistCategory\": 9 } }").contains("policy.minNistCategory"));
        assertTrue(error("{ \"maxMessageBytes\": -1 }").contains("maxMessageBytes"));
        String notJson = error("{ nope");
        assertTrue(notJson.contains("qsafe.json") && notJson.contains("not valid JSON"), notJson);
        assertTrue(error("[]").contains("JSON object"));
        Path missing = dir.resolve("missing.json");
        assertTrue(assertThrows(ConfigurationException.class, () -> QSafeConfig.load(missing)).getMessage().contains("missing.json"));
    }

    @Test
    void load_suiteBreakingTheRulesOfItsMode_orReusingABuiltInName_fails() throws IOException {
        String fakePqc = error("""
                { "suites": { "pqc": { "name": "fake-pqc", "kem": "DHKEM-X25519-HKDF-SHA256", "signature": "Ed25519",
                                       "aead": "AES-128-GCM", "kdf": "HKDF-SHA256" } } }""");
        assertTrue(fakePqc.contains("suites.pqc") && fakePqc.contains("classical-only"), fakePqc);
        String weakAead = error("""
                { "suites": { "hybrid": { "name": "h", "kem": "X-Wing", "signature": "MLDSA65-Ed25519-SHA512",
                                          "aead": "AES-128-GCM", "kdf": "HKDF-SHA256" } } }""");
        assertTrue(weakAead.contains("suites.hybrid") && weakAead.contains("AES-128-GCM"), weakAead);
        String notHybrid = error("""
                { "suites": { "hybrid": { "name": "h", "kem": "ML-KEM-768", "signature": "ML-DSA-65",
                                          "aead": "AES-256-GCM", "kdf": "HKDF-SHA256" } } }""");
        assertTrue(notHybrid.contains("suites.hybrid") && notHybrid.contains("hybrid kem"), notHybrid);
        String reused = error("""
                { "suites": { "pqc": { "name": "pqc-v1", "kem": "ML-KEM-768", "signature": "ML-DSA-65",
                                       "aead": "AES-256-GCM", "kdf": "HKDF-SHA256" } } }""");
        assertTrue(reused.contains("suites.pqc") && reused.contains("built-in"), reused);
    }

    @Test
    void load_maxMessageBytesNotAWholeNumber_fails() throws IOException {
        for (String value : new String[] {"1.5", "1e3", "1000.0", "\"1000\"", "true", "99999999999999999999"}) {
            String message = error("{ \"maxMessageBytes\": " + value + " }");
            assertTrue(message.contains("maxMessageBytes must be an integer"), value + ": " + message);
        }
    }

    @Test
    void load_duplicateKey_failsRatherThanTakingTheLast() throws IOException {
        // A second "policy" must not silently replace a strict one.
        String message = error("{ \"policy\": { \"minNistCategory\": 5 }, \"policy\": {} }");
        assertTrue(message.contains("not valid JSON") && message.contains("policy"), message);
        assertTrue(error("{ \"policy\": { \"minNistCategory\": 5, \"minNistCategory\": 0 } }").contains("minNistCategory"));
    }

    @Test
    void load_twoSuitesForOneMode_fails() throws IOException {
        String message = error("{ \"suites\": { \"pqc\": \"pqc-v1\", \"quantum\": \"pqc-768-v1\" } }");
        assertTrue(message.contains("suites.quantum") && message.contains("suites.pqc"), message);
    }

    @Test
    void systemProperties_overrideTheFile() throws IOException {
        Properties p = new Properties();
        p.setProperty(QSafeConfig.CONFIG_PROPERTY, write("{ \"defaultMode\": \"classical\", \"maxMessageBytes\": 10 }").toString());
        p.setProperty("qsafe.mode", "pqc");
        p.setProperty("qsafe.suite.pqc", "pqc-768-v1");
        p.setProperty("qsafe.policy.minNistCategory", "3");
        QSafeConfig c = QSafeConfig.fromProperties(p);
        assertEquals(CryptoMode.PQC, c.defaultMode());
        assertEquals(Suite.PQC_768, c.suite(CryptoMode.PQC));
        assertEquals(3, c.policy().minNistCategory());
        assertEquals(10, c.maxMessageBytes(), "not overridden: from the file");
        p.setProperty("qsafe.maxMessageBytes", "lots");
        assertTrue(assertThrows(ConfigurationException.class, () -> QSafeConfig.fromProperties(p)).getMessage()
                .contains("qsafe.maxMessageBytes"));
    }

    /** A section another module owns is kept as read, with its properties, without the runtime judging it. */
    @Test
    void moduleSection_keptAsRead_withItsPropertiesAndFile() throws IOException {
        Path file = write("{ \"adaptive\": { \"floor\": \"not a mode\", \"network\": { \"metered\": true } } }");
        QSafeConfig loaded = QSafeConfig.load(file);
        assertEquals("not a mode", loaded.section("adaptive").orElseThrow().get("floor").asString());
        assertTrue(loaded.section("adaptive").orElseThrow().get("network").get("metered").asBoolean());
        assertEquals(Optional.of(file), loaded.source());
        assertEquals(Map.of(), loaded.sectionProperties("adaptive"), "load() reads no system property");

        loaded.section("adaptive").orElseThrow().properties().clear();
        assertFalse(loaded.section("adaptive").orElseThrow().isEmpty(), "callers get a copy");

        Properties p = new Properties();
        p.setProperty(QSafeConfig.CONFIG_PROPERTY, file.toString());
        p.setProperty("qsafe.adaptive.floor", "pqc");
        p.setProperty("qsafe.mode", "pqc");
        QSafeConfig c = QSafeConfig.fromProperties(p).toBuilder().maxMessageBytes(10).build();
        assertEquals(Map.of("qsafe.adaptive.floor", "pqc"), c.sectionProperties("adaptive"));
        assertEquals(loaded.section("adaptive"), c.section("adaptive"), "toBuilder keeps the section");
        assertEquals(Optional.of(file), c.source());

        assertEquals(Optional.empty(), QSafeConfig.defaults().section("adaptive"));
        assertEquals(Optional.empty(), QSafeConfig.defaults().source());
        assertThrows(IllegalArgumentException.class, () -> loaded.section("policy"), "only sections another module owns");
    }
}

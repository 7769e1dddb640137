package dev.qsafe.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.config.QSafeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdaptiveConfigParserTest {
    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path p = dir.resolve("qsafe.json");
        Files.writeString(p, json);
        return p;
    }

    private QSafeConfig load(String json) throws IOException {
        return QSafeConfig.load(write(json));
    }

    private String error(String json) throws IOException {
        QSafeConfig c = load(json); // the runtime keeps the section unread: only its owner can judge it
        return assertThrows(ConfigurationException.class, () -> AdaptiveConfig.from(c)).getMessage();
    }

    @Test
    void absentSection_givesTheDefaults() throws IOException {
        assertEquals(AdaptiveConfig.DEFAULTS, AdaptiveConfig.from(load("{}")));
        assertEquals(AdaptiveConfig.DEFAULTS, AdaptiveConfig.from(QSafeConfig.defaults()));
    }

    @Test
    void fullSection_isRead() throws IOException {
        QSafeConfig c = load("""
                {"defaultMode": "pqc", "adaptive": {"floor": "quantum", "preferred": "hybrid",
                  "network": {"bandwidthMbps": 2.5, "rttMs": 80, "lossPercent": 0.5, "metered": true},
                  "thresholds": {"economizeAt": 4, "latencyBudgetMs": 20, "lowBatteryPercent": 10}}}""");
        AdaptiveConfig a = AdaptiveConfig.from(c);
        assertEquals(CryptoMode.PQC, a.floor());
        assertEquals(CryptoMode.HYBRID, a.preferred());
        assertEquals(new AdaptiveInputs.Network(2.5, 80.0, 0.5, true), a.network());
        assertEquals(4, a.thresholds().economizeAt());
        assertEquals(20, a.thresholds().latencyBudgetMs());
        assertEquals(10, a.thresholds().lowBatteryPercent());
        assertEquals(AdaptiveConfig.Thresholds.DEFAULTS.highRttMs(), a.thresholds().highRttMs());
        assertEquals(a, AdaptiveConfig.from(c.toBuilder().build()), "toBuilder keeps the section");
    }

    @Test
    void errors_nameTheField() throws IOException {
        assertTrue(error("{\"adaptive\": {\"flor\": \"hybrid\"}}").contains("adaptive.flor: unknown setting"));
        assertTrue(error("{\"adaptive\": {\"floor\": \"quantumish\"}}").contains("adaptive.floor"));
        assertTrue(error("{\"adaptive\": {\"floor\": 3}}").contains("adaptive.floor"));
        assertTrue(error("{\"adaptive\": []}").contains("adaptive must be a JSON object"));
        assertTrue(error("{\"adaptive\": {\"network\": {\"bandwidthMbps\": \"fast\"}}}").contains("adaptive.network.bandwidthMbps"));
        assertTrue(error("{\"adaptive\": {\"network\": {\"lossPercent\": 150}}}").contains("adaptive.network"));
        assertTrue(error("{\"adaptive\": {\"network\": {\"metered\": \"yes\"}}}").contains("adaptive.network.metered"));
        assertTrue(error("{\"adaptive\": {\"network\": {\"speed\": 1}}}").contains("adaptive.network.speed"));
        assertTrue(error("{\"adaptive\": {\"thresholds\": {\"economizeAt\": 0}}}").contains("adaptive.thresholds.economizeAt"));
        assertTrue(error("{\"adaptive\": {\"thresholds\": {\"economizeAt\": 2.5}}}").contains("adaptive.thresholds.economizeAt"));
        assertTrue(error("{\"adaptive\": {\"thresholds\": {\"highCpuLoad\": 2}}}").contains("adaptive.thresholds.highCpuLoad"));
        assertTrue(error("{\"adaptive\": {\"thresholds\": {\"slowBandwidthMbps\": 20}}}").contains("adaptive.thresholds.moderateBandwidthMbps"));
        assertTrue(error("{\"adaptive\": {\"thresholds\": {\"x\": 1}}}").contains("adaptive.thresholds.x"));
    }

    @Test
    void errors_nameTheFile_asWhenTheRuntimeReadTheSection() throws IOException {
        Path file = write("{\"adaptive\": {\"floor\": \"quantumish\"}}");
        Properties p = new Properties();
        p.setProperty(QSafeConfig.CONFIG_PROPERTY, file.toString());
        String msg = assertThrows(ConfigurationException.class, () -> AdaptiveConfig.from(QSafeConfig.fromProperties(p))).getMessage();
        assertTrue(msg.startsWith(file + ": adaptive.floor"), msg);
    }

    @Test
    void systemProperties_overrideFloorAndPreferred() {
        Properties p = new Properties();
        p.setProperty("qsafe.adaptive.floor", "hybrid");
        p.setProperty("qsafe.adaptive.preferred", "pq");
        QSafeConfig c = QSafeConfig.fromProperties(p);
        assertEquals(CryptoMode.HYBRID, AdaptiveConfig.from(c).floor());
        assertEquals(CryptoMode.PQC, AdaptiveConfig.from(c).preferred());
        p.setProperty("qsafe.adaptive.floor", "nope");
        QSafeConfig bad = QSafeConfig.fromProperties(p);
        assertTrue(assertThrows(ConfigurationException.class, () -> AdaptiveConfig.from(bad)).getMessage()
                .contains("qsafe.adaptive.floor"));
    }
}

package dev.qsafe.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeSettingsTest {
    @TempDir
    Path dir;

    private QSafeConfig load(String json) throws IOException {
        Path p = dir.resolve("qsafe.json");
        Files.writeString(p, json);
        return QSafeConfig.load(p);
    }

    private String error(String json) {
        return assertThrows(ConfigurationException.class, () -> load(json)).getMessage();
    }

    @Test
    void defaults_stayUnderTenMegabytesInAll_hpkeSecretsOff() {
        RuntimeSettings d = RuntimeSettings.defaults();
        assertTrue(d.maxRetainedBytes() < 10_000_000, "caches and pool together: " + d.maxRetainedBytes());
        assertTrue(d.withHpkeSecrets(true, Duration.ofSeconds(5)).maxRetainedBytes() < 10_000_000);
        assertFalse(d.hpkeSecretsEnabled());
        assertTrue(d.cachesEnabled() && d.poolEnabled() && d.metricsEnabled());
        assertEquals(d, QSafeConfig.defaults().runtime());
    }

    @Test
    void load_everySection_readsEveryKnob() throws IOException {
        RuntimeSettings r = load("""
                { "cache": { "enabled": false,
                             "publicKeys": { "maxBytes": 1000, "ttlSeconds": 11 },
                             "identities": { "maxBytes": 2000, "ttlSeconds": 12 },
                             "signatures": { "maxBytes": 3000, "ttlSeconds": 13 },
                             "hpkeSecrets": { "enabled": true, "maxBytes": 4000, "ttlSeconds": 14 } },
                  "pool": { "enabled": false, "maxBytes": 5000, "maxBufferBytes": 500 },
                  "batch": { "executor": "fixed", "parallelism": 3, "timeoutMillis": 1500 },
                  "metrics": { "enabled": false } }""").runtime();
        assertEquals(new RuntimeSettings(false, 1000, Duration.ofSeconds(11), 2000, Duration.ofSeconds(12), 3000,
                Duration.ofSeconds(13), true, 4000, Duration.ofSeconds(14), false, 5000, 500,
                RuntimeSettings.BatchExecutor.FIXED, 3, Duration.ofMillis(1500), false), r);
    }

    @Test
    void load_wrongValues_errorNamesTheField() {
        assertTrue(error("{\"cache\": {\"publicKeys\": {\"maxBytes\": -1}}}").contains("cache.publicKeys.maxBytes"));
        assertTrue(error("{\"cache\": {\"publicKeys\": {\"maxBytes\": 1.5}}}").contains("cache.publicKeys.maxBytes"));
        assertTrue(error("{\"cache\": {\"signatures\": {\"ttlSeconds\": 0}}}").contains("cache.signatures.ttlSeconds"));
        assertTrue(error("{\"cache\": {\"hpkeSecrets\": {\"enabled\": \"yes\"}}}").contains("cache.hpkeSecrets.enabled"));
        assertTrue(error("{\"cache\": {\"sizes\": 1}}").contains("cache.sizes"));
        assertTrue(error("{\"pool\": {\"maxBytes\": 10, \"maxBufferBytes\": 11}}").contains("pool.maxBufferBytes"));
        assertTrue(error("{\"batch\": {\"executor\": \"forkjoin\"}}").contains("batch.executor"));
        assertTrue(error("{\"batch\": {\"parallelism\": 0}}").contains("batch.parallelism"));
        assertTrue(error("{\"batch\": {\"parallelism\": -99999999999}}").contains("batch.parallelism"));
        assertTrue(error("{\"pool\": {\"maxBufferBytes\": -99999999999}}").contains("pool.maxBufferBytes"));
        assertTrue(error("{\"pool\": {\"maxBufferBytes\": 99999999999}}").contains("pool.maxBufferBytes"));
        assertTrue(error("{\"batch\": {\"timeoutMillis\": -5}}").contains("batch.timeoutMillis"));
        assertTrue(error("{\"metrics\": []}").contains("metrics"));
        assertTrue(error("{\"metrics\": {\"enabled\": true, \"enabled\": false}}").contains("enabled"), "repeated key");
    }

    @Test
    void systemProperties_overrideTheFile() throws IOException {
        Path p = dir.resolve("qsafe.json");
        Files.writeString(p, "{\"cache\": {\"enabled\": true}, \"batch\": {\"parallelism\": 2}}");
        Properties props = new Properties();
        props.setProperty(QSafeConfig.CONFIG_PROPERTY, p.toString());
        props.setProperty("qsafe.cache.enabled", "false");
        props.setProperty("qsafe.batch.executor", "fixed");
        props.setProperty("qsafe.cache.signatures.maxBytes", "4096");
        RuntimeSettings r = QSafeConfig.fromProperties(props).runtime();
        assertFalse(r.cachesEnabled());
        assertEquals(RuntimeSettings.BatchExecutor.FIXED, r.batchExecutor());
        assertEquals(2, r.batchParallelism());
        assertEquals(4096, r.signaturesMaxBytes());

        props.setProperty("qsafe.pool.maxBytes", "lots");
        String msg = assertThrows(ConfigurationException.class, () -> QSafeConfig.fromProperties(props)).getMessage();
        assertTrue(msg.contains("pool.maxBytes"), msg);
    }

    @Test
    void builder_namedKnobs_giveTheSettingsOfThePositionalConstructor() {
        RuntimeSettings built = RuntimeSettings.newBuilder()
                .cachesEnabled(false)
                .publicKeys(1000, Duration.ofSeconds(11))
                .identities(2000, Duration.ofSeconds(12))
                .signatures(3000, Duration.ofSeconds(13))
                .hpkeSecrets(true, 4000, Duration.ofSeconds(14))
                .pool(false, 5000, 500)
                .batch(RuntimeSettings.BatchExecutor.FIXED, 3, Duration.ofMillis(1500))
                .metricsEnabled(false)
                .build();
        assertEquals(new RuntimeSettings(false, 1000, Duration.ofSeconds(11), 2000, Duration.ofSeconds(12), 3000,
                Duration.ofSeconds(13), true, 4000, Duration.ofSeconds(14), false, 5000, 500,
                RuntimeSettings.BatchExecutor.FIXED, 3, Duration.ofMillis(1500), false), built);
        assertEquals(built, built.toBuilder().build());
        assertEquals(RuntimeSettings.defaults(), RuntimeSettings.newBuilder().build());
        // private keys stay in the identity cache 5 minutes by default (issue 13: only as long as configured, short default)
        assertEquals(new RuntimeSettings(true, 2L << 20, Duration.ofHours(1), 2L << 20, Duration.ofMinutes(5), 1L << 20,
                Duration.ofMinutes(10), false, 256L << 10, Duration.ofSeconds(60), true, 4L << 20, 1 << 20,
                RuntimeSettings.BatchExecutor.VIRTUAL, Math.max(1, Runtime.getRuntime().availableProcessors()),
                Duration.ofMinutes(5), true), RuntimeSettings.defaults(), "the documented defaults");
        RuntimeSettings changed = built.toBuilder().signatures(9000, Duration.ofSeconds(99)).build();
        assertEquals(9000, changed.signaturesMaxBytes());
        assertEquals(Duration.ofSeconds(99), changed.signaturesTtl());
        assertEquals(built.publicKeysMaxBytes(), changed.publicKeysMaxBytes(), "other knobs unchanged");
    }

    @Test
    void builder_wrongValue_failsAtTheSetter_namingTheField() {
        RuntimeSettings.Builder b = RuntimeSettings.newBuilder();
        assertTrue(assertThrows(ConfigurationException.class, () -> b.publicKeys(-1, Duration.ofSeconds(1)))
                .getMessage().contains("cache.publicKeys.maxBytes"));
        assertTrue(assertThrows(ConfigurationException.class, () -> b.hpkeSecrets(true, 10, Duration.ZERO))
                .getMessage().contains("cache.hpkeSecrets.ttlSeconds"));
        assertTrue(assertThrows(ConfigurationException.class, () -> b.pool(true, 10, 11))
                .getMessage().contains("pool.maxBufferBytes"));
        assertTrue(assertThrows(ConfigurationException.class,
                () -> b.batch(RuntimeSettings.BatchExecutor.FIXED, 0, Duration.ofSeconds(1)))
                .getMessage().contains("batch.parallelism"));
        assertEquals(RuntimeSettings.defaults(), b.build(), "a refused setter changes nothing");
    }
}

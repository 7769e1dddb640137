package dev.qsafe.tests.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.adaptive.AdaptiveConfig;
import dev.qsafe.adaptive.AdaptiveInputs;
import dev.qsafe.adaptive.AdaptiveSelector;
import dev.qsafe.adaptive.CryptoBenchmark.ModeResult;
import dev.qsafe.adaptive.CryptoBenchmark.Operation;
import dev.qsafe.adaptive.CryptoBenchmark;
import dev.qsafe.adaptive.Recommendation;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Policy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CryptoBenchmark API with the real providers, and its latencies fed into the adaptive selector. */
class CryptoBenchmarkTest {
    private static final QSafe QSAFE = QSafe.newBuilder().config(QSafeConfig.defaults()).build();

    private static CryptoBenchmark.Report quick(QSafe qsafe, Set<CryptoMode> modes) {
        return CryptoBenchmark.newBuilder(qsafe).modes(modes).iterations(6).warmupIterations(1).messageBytes(256).build().run();
    }

    @Test
    void run_measuresEveryOperationOfEveryMode_withRatiosToClassical_andReportsProgress() {
        List<String> steps = new ArrayList<>();
        CryptoBenchmark bench = CryptoBenchmark.newBuilder(QSAFE).iterations(6).warmupIterations(1).messageBytes(0)
                .progress(steps::add).build();
        CryptoBenchmark.Report r = bench.run();
        assertEquals(bench.steps(), steps.size());
        assertEquals(15, steps.size());
        assertEquals(List.of(CryptoMode.CLASSICAL, CryptoMode.HYBRID, CryptoMode.PQC), r.modes().stream().map(ModeResult::mode).toList());
        for (ModeResult m : r.modes()) {
            assertTrue(m.available(), m.reason());
            for (Operation op : Operation.values()) {
                var s = m.operations().get(op);
                assertEquals(6, s.samplesNanos().size());
                assertTrue(s.medianNanos() > 0 && s.p99Nanos() >= s.medianNanos());
                assertEquals(s.samplesNanos().stream().mapToLong(Long::longValue).max().orElseThrow(), s.p99Nanos(),
                        "p99 of 6 samples is the largest (nearest rank)");
                assertTrue(s.allocatedBytesPerOp() > 0);
            }
            assertEquals(Set.of("keygen", "seal", "open", "sign", "verify", "overhead"),
                    Set.copyOf(m.ratios().keySet().stream().filter(k -> !k.startsWith("allocated.")).toList()));
        }
        ModeResult classical = r.modes().get(0);
        ModeResult pqc = r.modes().get(2);
        assertEquals(1.0, classical.ratios().get("overhead"));
        assertEquals(Math.round((double) pqc.envelopeOverheadBytes() / classical.envelopeOverheadBytes() * 100) / 100.0,
                pqc.ratios().get("overhead"));
        assertTrue(pqc.envelopeOverheadBytes() > 30 * classical.envelopeOverheadBytes(), "ML-KEM-1024 + ML-DSA-87 are large");
        assertTrue(r.toJson().contains("\"ratiosToClassical\""));
        assertFalse(r.toJson().contains("samples"), "raw samples stay out of the JSON");
    }

    /**
     * Open and verify are measured on the same envelope and signature again and again: with the
     * caller's caches on, every repetition after the first would be a cache hit (a "verify" of 1 µs).
     * The benchmark measures on a facade of its own with the caches off.
     */
    @Test
    void measuresTheCryptography_notCacheHits() {
        try (QSafe cached = QSafe.newBuilder().config(QSafeConfig.defaults()).build()) {
            assertTrue(cached.config().runtime().cachesEnabled());
            quick(cached, EnumSet.of(CryptoMode.CLASSICAL));
            long hits = cached.metrics().snapshot().caches().values().stream().mapToLong(c -> c.hits()).sum();
            assertEquals(0, hits, "the benchmark's operations were served from the caller's caches");
        }
    }

    @Test
    void withoutClassical_thereAreNoRatios() {
        CryptoBenchmark.Report r = quick(QSAFE, EnumSet.of(CryptoMode.HYBRID));
        assertEquals(1, r.modes().size());
        assertTrue(r.modes().get(0).ratios().isEmpty());
    }

    @Test
    void modeWithoutEngine_orRefusedByPolicy_isReportedNotRun() {
        QSafe noHybrid = QSafe.newBuilder().config(QSafeConfig.defaults())
                .registry(CryptoRegistry.discover(RegistryConfig.newBuilder().exclude("hybrid").build())).build();
        ModeResult h = quick(noHybrid, EnumSet.of(CryptoMode.HYBRID)).modes().get(0);
        assertFalse(h.available());
        assertTrue(h.reason().contains("X-Wing"), h.reason());
        QSafe category5 = QSafe.newBuilder().config(QSafeConfig.newBuilder().policy(new Policy(Set.of(), 5)).build()).build();
        ModeResult c = quick(category5, EnumSet.of(CryptoMode.CLASSICAL)).modes().get(0);
        assertFalse(c.available());
        assertTrue(c.reason().contains("minNistCategory"), c.reason());
    }

    @Test
    void builder_validatesAtOnce_andRejectsASecondSet() {
        var b = CryptoBenchmark.newBuilder(QSAFE);
        assertThrows(ConfigurationException.class, () -> b.iterations(0));
        assertThrows(ConfigurationException.class, () -> CryptoBenchmark.newBuilder(QSAFE).warmupIterations(-1));
        assertThrows(ConfigurationException.class, () -> CryptoBenchmark.newBuilder(QSAFE).messageBytes(-1));
        assertThrows(ConfigurationException.class, () -> CryptoBenchmark.newBuilder(QSAFE).modes(Set.of()));
        QSafe small = QSafe.newBuilder().config(QSafeConfig.newBuilder().maxMessageBytes(100).build()).build();
        assertThrows(ConfigurationException.class, () -> CryptoBenchmark.newBuilder(small).messageBytes(101));
        var c = CryptoBenchmark.newBuilder(QSAFE).iterations(3);
        assertThrows(ConfigurationException.class, () -> c.iterations(4));
    }

    @Test
    void measuredLatencies_feedTheSelector_andRemoveTheLatencyUnknown() {
        CryptoBenchmark.Report r = quick(QSAFE, EnumSet.allOf(CryptoMode.class));
        AdaptiveInputs.ObservedLatencies observed = AdaptiveInputs.ObservedLatencies.fromBenchmark(r);
        assertEquals(Set.of(CryptoMode.values()), observed.byMode().keySet());
        assertEquals(6, observed.byMode().get(CryptoMode.PQC).sealNanos().size());
        AdaptiveSelector selector = new AdaptiveSelector(AdaptiveConfig.DEFAULTS);
        AdaptiveInputs.Network fibre = new AdaptiveInputs.Network(1000.0, 2.0, 0.0, false);
        Recommendation with = selector.recommend(AdaptiveInputs.of(QSAFE, fibre, AdaptiveInputs.Device.UNKNOWN, observed));
        Recommendation without = selector.recommend(AdaptiveInputs.of(QSAFE, fibre, AdaptiveInputs.Device.UNKNOWN,
                AdaptiveInputs.ObservedLatencies.NONE));
        assertFalse(with.unknowns().contains("latency"));
        assertTrue(without.unknowns().contains("latency"));
        assertTrue(with.confidence() > without.confidence());
    }

    @Test
    void inputsOfAFacade_leaveOutModesWithoutEngines() {
        QSafe noPqc = QSafe.newBuilder().config(QSafeConfig.defaults())
                .registry(CryptoRegistry.discover(RegistryConfig.newBuilder().exclude("bc-pqc").exclude("jdk-pqc").build())).build();
        AdaptiveInputs in = AdaptiveInputs.of(noPqc, AdaptiveInputs.Network.UNKNOWN, AdaptiveInputs.Device.UNKNOWN,
                AdaptiveInputs.ObservedLatencies.NONE);
        assertFalse(in.suites().containsKey(CryptoMode.PQC), "ML-KEM-1024 has no engine without bc-pqc and jdk-pqc");
        assertTrue(in.suites().containsKey(CryptoMode.CLASSICAL));
        Recommendation r = new AdaptiveSelector(AdaptiveConfig.DEFAULTS).recommend(in.withFloor(CryptoMode.CLASSICAL));
        assertFalse(r.candidates().contains(CryptoMode.PQC));
    }
}

package dev.qsafe.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.adaptive.AdaptiveConfig;
import dev.qsafe.adaptive.AdaptiveInputs;
import dev.qsafe.adaptive.AdaptiveSelector;
import dev.qsafe.adaptive.Recommendation;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import dev.qsafe.runtime.ops.QSafeMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Counters, histograms, recent latencies, pool and engine selection, as objects and as JSON. */
class MetricsTest {
    private static final byte[] MESSAGE = "measured".getBytes(StandardCharsets.US_ASCII);

    @Test
    void operationsAreCountedAndTimed_perOperationAndMode() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults())) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            for (int i = 0; i < 5; i++) {
                byte[] e = q.seal(MESSAGE, bob.publicIdentity(), alice);
                q.open(e, bob, alice.publicIdentity());
            }
            byte[] bad = q.seal(MESSAGE, bob.publicIdentity(), alice);
            bad[bad.length - 1] ^= 1;
            assertThrows(DecryptionFailedException.class, () -> q.open(bad, bob, alice.publicIdentity()));

            MetricsSnapshot s = q.metrics().snapshot();
            MetricsSnapshot.OperationStats seal = one(s, QSafeMetrics.Operation.SEAL);
            assertEquals(6, seal.succeeded());
            assertEquals(mode.name(), seal.mode());
            assertTrue(seal.algorithms().contains(bob.kem().algorithm().name()));
            MetricsSnapshot.OperationStats open = one(s, QSafeMetrics.Operation.OPEN);
            assertEquals(5, open.succeeded());
            assertEquals(1, open.failed());
            assertEquals(6, open.latency().count());
            assertTrue(open.latency().min() > 0 && open.latency().p50() >= open.latency().min()
                    && open.latency().p99() <= open.latency().max());
            assertEquals(2, one(s, QSafeMetrics.Operation.KEYGEN).succeeded());

            List<Duration> recent = q.metrics().recentLatencies(mode, QSafeMetrics.Operation.SEAL);
            assertEquals(6, recent.size());
            assertTrue(recent.stream().allMatch(d -> d.toNanos() > 0));
            assertEquals(5, q.metrics().recentLatencies(mode, QSafeMetrics.Operation.OPEN).size(), "successes only");
            assertTrue(q.metrics().recentLatencies(mode, QSafeMetrics.Operation.VERIFY).isEmpty());

            assertTrue(s.pool().acquired() > 0);
            assertEquals(s.pool().acquired(), s.pool().released());
            assertEquals(0, s.pool().outstanding());
            assertTrue(s.pool().hits() > 0, "the second seal of the same size reuses buffers");
            assertEquals(q.registry().selection(bob.kem().algorithm()).selected().orElseThrow(),
                    s.engines().get(bob.kem().algorithm().name()));
        }
    }

    /** The facade's own recent latencies are the adaptive selector's "observed latencies" input. */
    @Test
    void recentLatencies_feedTheAdaptiveSelector() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults())) {
            assertTrue(AdaptiveInputs.ObservedLatencies.fromMetrics(q.metrics()).byMode().isEmpty(), "nothing observed yet");
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            for (int i = 0; i < AdaptiveSelector.MIN_SAMPLES + 1; i++) {
                q.open(q.seal(MESSAGE, bob.publicIdentity(), alice), bob, alice.publicIdentity());
            }
            AdaptiveInputs.ObservedLatencies observed = AdaptiveInputs.ObservedLatencies.fromMetrics(q.metrics());
            assertEquals(java.util.Set.of(mode), observed.byMode().keySet());
            assertEquals(q.metrics().recentLatencies(mode, QSafeMetrics.Operation.SEAL).stream().map(Duration::toNanos).toList(),
                    observed.byMode().get(mode).sealNanos());
            assertEquals(AdaptiveSelector.MIN_SAMPLES + 1, observed.byMode().get(mode).openNanos().size());
            AdaptiveInputs.LatencySource source = () -> AdaptiveInputs.ObservedLatencies.fromMetrics(q.metrics());
            Recommendation r = new AdaptiveSelector(AdaptiveConfig.from(q.config())).recommend(AdaptiveInputs.of(q,
                    AdaptiveInputs.Network.UNKNOWN, AdaptiveInputs.Device.UNKNOWN, source.observedLatencies()));
            assertEquals(observed, r.inputs().latencies());
        }
    }

    @Test
    void toJson_isOneDocumentWithEverySection() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults())) {
            Identity alice = q.generateIdentity("alice", mode);
            q.verify(MESSAGE, q.sign(MESSAGE, alice), alice.publicIdentity());
            JsonNode root = JsonMapper.builder().build().readTree(q.metrics().snapshot().toJson());
            assertTrue(root.get("metricsEnabled").asBoolean());
            assertEquals(3, root.get("operations").size());
            assertTrue(root.get("operations").get(0).get("latencyNanos").get("p99").asLong() > 0);
            assertTrue(root.get("caches").has("signatures") && root.get("caches").has("publicKeys"));
            assertTrue(root.get("pool").has("hitRatio"));
            assertFalse(root.get("engines").isEmpty());
        }
    }

    @Test
    void metricsOff_recordsNothing() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults().withMetricsEnabled(false))) {
            Identity alice = q.generateIdentity("alice", mode);
            q.sign(MESSAGE, alice);
            assertTrue(q.metrics().snapshot().operations().isEmpty());
            assertTrue(q.metrics().recentLatencies(mode, QSafeMetrics.Operation.SIGN).isEmpty());
        }
    }

    private static MetricsSnapshot.OperationStats one(MetricsSnapshot s, QSafeMetrics.Operation op) {
        List<MetricsSnapshot.OperationStats> l = s.operations().stream().filter(o -> o.operation() == op).toList();
        assertEquals(1, l.size(), l::toString);
        return l.getFirst();
    }
}

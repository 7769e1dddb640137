package dev.qsafe.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.micrometer.QSafeMeterBinder;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import dev.qsafe.runtime.ops.QSafeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 17, must-have 6: the library's metrics as Micrometer meters (qsafe-micrometer, docs/METRICS.md). */
class QSafeMeterBinderTest {
    private static final byte[] MESSAGE = "measured".getBytes(StandardCharsets.US_ASCII);

    @Test
    void operationsCachesPoolAndEngines_becomeMeters_thatFollowTheFacade() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults())) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new QSafeMeterBinder(q.metrics(), Tags.of("instance", "test"), Duration.ZERO).bindTo(registry);
            assertTrue(registry.find("qsafe.operations").meters().isEmpty(), "no operation yet, no operation meters");
            assertEquals(1.0, registry.get("qsafe.metrics.enabled").gauge().value());
            double acquiredBefore = registry.get("qsafe.pool.acquired").functionCounter().count();

            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            for (int i = 0; i < 4; i++) {
                q.open(q.seal(MESSAGE, bob.publicIdentity(), alice), bob, alice.publicIdentity());
            }
            byte[] bad = q.seal(MESSAGE, bob.publicIdentity(), alice);
            bad[bad.length - 1] ^= 1;
            assertThrows(DecryptionFailedException.class, () -> q.open(bad, bob, alice.publicIdentity()));
            byte[] signature = q.sign(MESSAGE, alice);
            q.verify(MESSAGE, signature, alice.publicIdentity());
            q.verify(MESSAGE, signature, alice.publicIdentity()); // a signature verified before: a cache hit
            registry.get("qsafe.pool.acquired").functionCounter().count(); // a read takes a snapshot: new meters appear

            MetricsSnapshot.OperationStats open = q.metrics().snapshot().operations().stream()
                    .filter(o -> o.operation() == QSafeMetrics.Operation.OPEN).findFirst().orElseThrow();
            Tags openTags = Tags.of("instance", "test", "operation", "open", "mode", mode.name(), "algorithms", open.algorithms());
            assertEquals(4.0, registry.get("qsafe.operations").tags(openTags).tag("outcome", "success").functionCounter().count());
            assertEquals(1.0, registry.get("qsafe.operations").tags(openTags).tag("outcome", "failure").functionCounter().count());
            assertEquals(5.0, registry.get("qsafe.operations").tags("operation", "seal").tag("outcome", "success").functionCounter().count());
            assertEquals(2.0, registry.get("qsafe.operations").tags("operation", "keygen").tag("outcome", "success").functionCounter().count());

            FunctionTimer latency = registry.get("qsafe.operation.latency").tags(openTags).functionTimer();
            assertEquals(5.0, latency.count());
            assertTrue(latency.totalTime(TimeUnit.NANOSECONDS) > 0);
            TimeGauge p50 = registry.get("qsafe.operation.latency.percentile").tags(openTags).tag("phi", "0.5").timeGauge();
            TimeGauge p99 = registry.get("qsafe.operation.latency.percentile").tags(openTags).tag("phi", "0.99").timeGauge();
            TimeGauge max = registry.get("qsafe.operation.latency.max").tags(openTags).timeGauge();
            assertTrue(p50.value(TimeUnit.NANOSECONDS) > 0 && p50.value(TimeUnit.NANOSECONDS) <= p99.value(TimeUnit.NANOSECONDS),
                    "p50 " + p50.value(TimeUnit.NANOSECONDS) + " p99 " + p99.value(TimeUnit.NANOSECONDS));
            assertEquals(open.latency().max(), max.value(TimeUnit.NANOSECONDS), 1.0,
                    "the max, within a nanosecond (the gauge converts through a double base unit)");

            assertTrue(registry.get("qsafe.pool.acquired").functionCounter().count() > acquiredBefore, "the pool counters moved");
            MetricsSnapshot s = q.metrics().snapshot();
            assertFalse(s.caches().isEmpty(), "caches are on by default");
            for (var e : s.caches().entrySet()) {
                FunctionCounter hits = registry.get("qsafe.cache.gets").tags("cache", e.getKey(), "result", "hit").functionCounter();
                assertEquals(e.getValue().hits(), hits.count(), 0.0, e.getKey());
            }
            assertTrue(registry.get("qsafe.cache.gets").tags("cache", "signatures", "result", "hit").functionCounter().count() >= 1,
                    "the signature verified twice hit the cache: " + s.caches());
            String kem = bob.kem().algorithm().name();
            Gauge engine = registry.get("qsafe.engine.selected").tag("algorithm", kem).gauge();
            assertEquals(1.0, engine.value());
            assertEquals(s.engines().get(kem), engine.getId().getTag("provider"));
        }
    }

    @Test
    void prometheusScrape_showsTheOperations_afterTheyHappen() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults())) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new QSafeMeterBinder(q.metrics()).bindTo(registry);
            String before = registry.scrape();
            assertTrue(before.contains("qsafe_pool_acquired_total"), before);
            assertFalse(before.contains("qsafe_operations_total"), "nothing done yet");

            Identity alice = q.generateIdentity("alice", mode);
            q.verify(MESSAGE, q.sign(MESSAGE, alice), alice.publicIdentity());
            try {
                Thread.sleep(QSafeMeterBinder.DEFAULT_SNAPSHOT_MAX_AGE.toMillis() + 50); // the default binder reuses a snapshot for 1 s
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            registry.scrape(); // the first scrape whose snapshot has the new operations registers their meters
            String after = registry.scrape();
            assertTrue(after.contains("qsafe_operations_total{algorithms="), after);
            assertTrue(after.matches("(?s).*qsafe_operations_total\\{[^}]*operation=\"sign\",outcome=\"success\"} 1\\.0.*"), after);
            assertTrue(after.contains("qsafe_operation_latency_seconds_count{"), after);
            assertTrue(after.contains("qsafe_operation_latency_percentile_seconds{"), after);
            assertTrue(after.contains("qsafe_engine_selected{"), after);
        }
    }
}

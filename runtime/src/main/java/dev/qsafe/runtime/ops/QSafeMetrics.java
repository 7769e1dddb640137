package dev.qsafe.runtime.ops;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counters and latency histograms of one {@link dev.qsafe.runtime.QSafe} facade, per operation, mode and algorithms, and
 * the recent latencies per mode and operation; {@link #snapshot()} adds cache and pool statistics and
 * the selected engines. Thread-safe and lock-free on the recording path.
 *
 * <p>{@link #recentLatencies(CryptoMode, Operation)} gives the last {@value #RECENT} observed latencies
 * of one operation in one mode, oldest first: the "observed latencies" input of the adaptive mode
 * selector, which the {@code dev.qsafe.adaptive} module reads from here (this class knows nothing of it).
 *
 * {@snippet :
 * QSafe qsafe = QSafe.newBuilder().build();
 * // ... seal and open messages ...
 * List<Duration> recentSeals = qsafe.metrics().recentLatencies(CryptoMode.HYBRID, QSafeMetrics.Operation.SEAL);
 * String json = qsafe.metrics().snapshot().toJson(); // what `qsafe status --json` prints
 * }
 */
public final class QSafeMetrics {
    /** How many recent latencies are kept per mode and operation. */
    public static final int RECENT = 256;

    /** The operations the facade measures. */
    public enum Operation {
        /** {@link dev.qsafe.runtime.QSafe#generateIdentity(String, CryptoMode)}. */
        KEYGEN,
        /** {@link dev.qsafe.runtime.QSafe#seal}. */
        SEAL,
        /** {@link dev.qsafe.runtime.QSafe#open}. */
        OPEN,
        /** {@link dev.qsafe.runtime.QSafe#sign}. */
        SIGN,
        /** {@link dev.qsafe.runtime.QSafe#verify}. */
        VERIFY
    }

    private final boolean enabled;
    private final CryptoRegistry registry;
    private final Supplier<Map<String, MetricsSnapshot.CacheStats>> caches;
    private final Supplier<MetricsSnapshot.PoolStats> pool;
    private final Clock clock;
    private final Map<Key, Counters> counters = new ConcurrentHashMap<>();
    private final Map<CryptoMode, Map<Operation, Recent>> recent = new EnumMap<>(CryptoMode.class);

    /**
     * Made by the facade ({@code dev.qsafe.runtime.QSafe}, in another package, hence public); an application
     * reads the facade's metrics through {@code QSafe.metrics()}.
     */
    public QSafeMetrics(boolean enabled, CryptoRegistry registry, Supplier<Map<String, MetricsSnapshot.CacheStats>> caches,
                 Supplier<MetricsSnapshot.PoolStats> pool, Clock clock) {
        this.enabled = enabled;
        this.registry = registry;
        this.caches = caches;
        this.pool = pool;
        this.clock = clock;
        for (CryptoMode m : CryptoMode.values()) {
            Map<Operation, Recent> byOp = new EnumMap<>(Operation.class);
            for (Operation o : Operation.values()) {
                byOp.put(o, new Recent());
            }
            recent.put(m, byOp);
        }
    }

    /** Whether operations are recorded ({@code metrics.enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /** Records one operation (no-op when disabled); the facade calls it after each operation. */
    public void record(Operation op, CryptoMode mode, String algorithms, long nanos, boolean ok) {
        if (!enabled) {
            return;
        }
        Counters c = counters.computeIfAbsent(new Key(op, mode, algorithms), k -> new Counters());
        (ok ? c.succeeded : c.failed).increment();
        c.latency.record(nanos);
        if (ok) {
            recent.get(mode).get(op).add(nanos);
        }
    }

    /**
     * The latencies of the last (at most {@value #RECENT}) successful {@code operation}s in {@code mode},
     * oldest first; empty if none were observed or metrics are off. The input an adaptive mode selector
     * takes as "observed latencies of recent operations".
     */
    public List<Duration> recentLatencies(CryptoMode mode, Operation operation) {
        return recent.get(Objects.requireNonNull(mode, "mode")).get(Objects.requireNonNull(operation, "operation")).list();
    }

    /** Counters, latencies, cache and pool statistics, and selected engines, now. */
    public MetricsSnapshot snapshot() {
        List<MetricsSnapshot.OperationStats> ops = new ArrayList<>();
        counters.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Key, Counters> e) -> e.getKey().op())
                        .thenComparing(e -> e.getKey().mode()).thenComparing(e -> e.getKey().algorithms()))
                .forEach(e -> ops.add(new MetricsSnapshot.OperationStats(e.getKey().op(), e.getKey().mode().name(),
                        e.getKey().algorithms(), e.getValue().succeeded.sum(), e.getValue().failed.sum(),
                        e.getValue().latency.snapshot())));
        Map<String, String> engines = new LinkedHashMap<>();
        for (Algorithm a : registry.algorithms()) {
            engines.put(a.name(), registry.selection(a).selected().orElse("NONE"));
        }
        return new MetricsSnapshot(clock.instant(), enabled, ops, caches.get(), pool.get(), engines);
    }

    private record Key(Operation op, CryptoMode mode, String algorithms) {
    }

    private static final class Counters {
        final LongAdder succeeded = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LatencyHistogram latency = new LatencyHistogram();
    }

    /** A ring of the last {@value #RECENT} latencies. */
    private static final class Recent {
        private final long[] ring = new long[RECENT];
        private long written;

        synchronized void add(long nanos) {
            ring[(int) (written++ % RECENT)] = nanos;
        }

        synchronized List<Duration> list() {
            int n = (int) Math.min(written, RECENT);
            List<Duration> out = new ArrayList<>(n);
            for (long i = written - n; i < written; i++) {
                out.add(Duration.ofNanos(ring[(int) (i % RECENT)]));
            }
            return List.copyOf(out);
        }
    }
}

package dev.qsafe.runtime.ops;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Counters and latency histograms of one {@link dev.qsafe.runtime.QSafe} facade, per operation, mode and algorithms, and
 * the recent latencies per mode and operation; {@link #snapshot()} adds cache and pool statistics and
 * the selected engines. A read-only view: the facade records into its own unexported meters, so an
 * application reads these figures but cannot add to them. Thread-safe.
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
 *
 * @since 0.1.0
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
    private final Supplier<List<MetricsSnapshot.OperationStats>> operations;
    private final BiFunction<CryptoMode, Operation, List<Duration>> recent;
    private final Supplier<Map<String, MetricsSnapshot.CacheStats>> caches;
    private final Supplier<MetricsSnapshot.PoolStats> pool;
    private final Clock clock;
    private final Supplier<MetricsSnapshot.StreamStats> streams;

    /**
     * Made by the facade ({@code dev.qsafe.runtime.QSafe}, in another package, hence public) over what its
     * data path records; an application reads the facade's metrics through {@code QSafe.metrics()}. This
     * class only reads: recording is the facade's own (unexported) business.
     *
     * @param enabled    whether operations are recorded ({@code metrics.enabled})
     * @param registry   whose selected engines the snapshot lists
     * @param operations the counters and latencies per operation, mode and algorithms, sorted
     * @param recent     the recent latencies of an operation in a mode, oldest first
     * @param caches     cache statistics by cache name
     * @param pool       buffer pool statistics
     * @param clock      when a snapshot is taken
     */
    public QSafeMetrics(boolean enabled, CryptoRegistry registry, Supplier<List<MetricsSnapshot.OperationStats>> operations,
                        BiFunction<CryptoMode, Operation, List<Duration>> recent,
                        Supplier<Map<String, MetricsSnapshot.CacheStats>> caches,
                        Supplier<MetricsSnapshot.PoolStats> pool, Clock clock) {
        this(enabled, registry, operations, recent, caches, pool, clock, () -> MetricsSnapshot.StreamStats.NONE);
    }

    /**
     * As the constructor above, with the streaming envelopes' figures.
     *
     * @param streams chunks and bytes of streaming envelopes sealed and opened, refusals by reason
     * @since 0.1.0
     */
    public QSafeMetrics(boolean enabled, CryptoRegistry registry, Supplier<List<MetricsSnapshot.OperationStats>> operations,
                        BiFunction<CryptoMode, Operation, List<Duration>> recent,
                        Supplier<Map<String, MetricsSnapshot.CacheStats>> caches,
                        Supplier<MetricsSnapshot.PoolStats> pool, Clock clock, Supplier<MetricsSnapshot.StreamStats> streams) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.enabled = enabled;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.operations = Objects.requireNonNull(operations, "operations");
        this.recent = Objects.requireNonNull(recent, "recent");
        this.caches = Objects.requireNonNull(caches, "caches");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether operations are recorded ({@code metrics.enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The latencies of the last (at most {@value #RECENT}) successful {@code operation}s in {@code mode},
     * oldest first; empty if none were observed or metrics are off. The input an adaptive mode selector
     * takes as "observed latencies of recent operations".
     */
    public List<Duration> recentLatencies(CryptoMode mode, Operation operation) {
        return recent.apply(Objects.requireNonNull(mode, "mode"), Objects.requireNonNull(operation, "operation"));
    }

    /** Counters, latencies, cache and pool statistics, and selected engines, now. */
    public MetricsSnapshot snapshot() {
        Map<String, String> engines = new LinkedHashMap<>();
        for (Algorithm a : registry.algorithms()) {
            engines.put(a.name(), registry.selection(a).selected().orElse("NONE"));
        }
        return new MetricsSnapshot(clock.instant(), enabled, operations.get(), caches.get(), pool.get(), engines, streams.get());
    }
}

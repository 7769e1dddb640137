package dev.qsafe.micrometer;

import dev.qsafe.runtime.ops.MetricsSnapshot;
import dev.qsafe.runtime.ops.QSafeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds the metrics of one qsafe facade ({@link QSafeMetrics}, {@code QSafe.metrics()}) to a Micrometer
 * {@link MeterRegistry}, so that Prometheus, Datadog, OTLP or any other Micrometer backend shows them:
 *
 * {@snippet :
 * QSafe qsafe = QSafe.newBuilder().build();
 * new QSafeMeterBinder(qsafe.metrics()).bindTo(meterRegistry); // Spring Boot: expose it as a @Bean
 * }
 *
 * <p>The meters (names in Micrometer's dotted form; Prometheus shows {@code qsafe_operations_total} and so on):
 * <ul>
 *   <li>{@code qsafe.operations} (function counter), tags {@code operation} (keygen, seal, open, sign, verify),
 *       {@code mode}, {@code algorithms}, {@code outcome} (success, failure);</li>
 *   <li>{@code qsafe.operation.latency} (function timer: count and total time), {@code qsafe.operation.latency.max}
 *       and {@code qsafe.operation.latency.percentile} (time gauges, tag {@code phi}: 0.5, 0.9, 0.99, 0.999; bucket
 *       upper bounds, at most 19% high), same {@code operation}, {@code mode}, {@code algorithms} tags;</li>
 *   <li>{@code qsafe.cache.gets} (tag {@code result}: hit, miss), {@code qsafe.cache.evictions},
 *       {@code qsafe.cache.loads}, {@code qsafe.cache.load.failures} (function counters) and
 *       {@code qsafe.cache.size}, {@code qsafe.cache.weight}, {@code qsafe.cache.max.weight} (gauges, bytes),
 *       tag {@code cache};</li>
 *   <li>{@code qsafe.pool.acquired}, {@code qsafe.pool.hits}, {@code qsafe.pool.allocations},
 *       {@code qsafe.pool.dropped}, {@code qsafe.pool.reused} (bytes) (function counters) and
 *       {@code qsafe.pool.held}, {@code qsafe.pool.max} (bytes), {@code qsafe.pool.outstanding} (gauges);</li>
 *   <li>{@code qsafe.stream.streams} (tag {@code direction}: sealed, opened), {@code qsafe.stream.chunks} and
 *       {@code qsafe.stream.bytes} (plaintext bytes) (function counters, same tag): streaming envelopes
 *       (version 2) and the chunks in them; {@code qsafe.stream.refusals} (function counter), tag {@code reason}
 *       (truncated, reordered, tampered, signature): streams refused on opening, by reason
 *       ({@link MetricsSnapshot.StreamStats});</li>
 *   <li>{@code qsafe.engine.selected} (gauge, 1), tags {@code algorithm} and {@code provider}: which engine the
 *       registry selected for each algorithm ({@code NONE} when none is usable);</li>
 *   <li>{@code qsafe.metrics.enabled} (gauge, 1 or 0): whether the facade records operations ({@code metrics.enabled}).</li>
 * </ul>
 *
 * <p>The meters read a snapshot ({@link QSafeMetrics#snapshot()}) that is reused for at most
 * {@code snapshotMaxAge} (one second by default), so that one scrape takes one snapshot. An operation,
 * mode and algorithms combination seen for the first time gets its meters when a later snapshot is taken
 * (in practice: from the scrape after the one that first saw it). Names, counts and durations only:
 * never key material or message content. Thread-safe; one binder may be bound to several registries.
 *
 * @since 0.1.0
 */
public final class QSafeMeterBinder implements MeterBinder {
    /** The default longest reuse of one snapshot. */
    public static final Duration DEFAULT_SNAPSHOT_MAX_AGE = Duration.ofSeconds(1);

    private static final List<Percentile> PERCENTILES = List.of(
            new Percentile("0.5", MetricsSnapshot.Latency::p50), new Percentile("0.9", MetricsSnapshot.Latency::p90),
            new Percentile("0.99", MetricsSnapshot.Latency::p99), new Percentile("0.999", MetricsSnapshot.Latency::p999));

    private record Percentile(String phi, ToLongFunction<MetricsSnapshot.Latency> value) {
    }

    /** The identity of one operation's meters. */
    private record OpKey(QSafeMetrics.Operation operation, String mode, String algorithms) {
        Tags tags() {
            return Tags.of("operation", operation.name().toLowerCase(Locale.ROOT), "mode", mode, "algorithms", algorithms);
        }
    }

    /** A snapshot, when it was taken, and its operations by key. */
    private record Taken(MetricsSnapshot snapshot, long nanoTime, Map<OpKey, MetricsSnapshot.OperationStats> operations) {
    }

    private final QSafeMetrics metrics;
    private final Tags tags;
    private final long maxAgeNanos;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Map<MeterRegistry, Set<OpKey>> registered = new ConcurrentHashMap<>();
    private volatile Taken taken;

    /**
     * A binder of {@code metrics} without extra tags.
     *
     * @param metrics the facade's metrics, {@code QSafe.metrics()}
     */
    public QSafeMeterBinder(QSafeMetrics metrics) {
        this(metrics, Tags.empty(), DEFAULT_SNAPSHOT_MAX_AGE);
    }

    /**
     * A binder of {@code metrics} that adds {@code tags} to every meter (e.g. {@code instance}, when an
     * application runs several facades).
     *
     * @param metrics        the facade's metrics, {@code QSafe.metrics()}
     * @param tags           added to every meter
     * @param snapshotMaxAge how long one snapshot is reused (zero: a new one at every read)
     */
    public QSafeMeterBinder(QSafeMetrics metrics, Iterable<Tag> tags, Duration snapshotMaxAge) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        if (snapshotMaxAge.isNegative()) {
            throw new IllegalArgumentException("snapshotMaxAge must not be negative: " + snapshotMaxAge);
        }
        this.maxAgeNanos = snapshotMaxAge.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (registered.putIfAbsent(registry, ConcurrentHashMap.newKeySet()) != null) {
            return; // bound already
        }
        registries.add(registry);
        MetricsSnapshot s = fresh().snapshot();
        // Held strongly by the registry, so that this binder (the other meters' state) lives as long as it.
        Gauge.builder("qsafe.metrics.enabled", this, b -> b.metrics.enabled() ? 1 : 0).strongReference(true)
                .description("whether the qsafe facade records operations (metrics.enabled)").tags(tags).register(registry);
        for (String cache : s.caches().keySet()) {
            bindCache(registry, cache);
        }
        bindPool(registry);
        bindStreams(registry);
        s.engines().forEach((algorithm, provider) -> Gauge.builder("qsafe.engine.selected", this,
                        b -> provider.equals(b.current().snapshot().engines().get(algorithm)) ? 1 : 0)
                .description("the engine the registry selected for an algorithm").tags(tags)
                .tags("algorithm", algorithm, "provider", provider).register(registry));
        registerOperations(registry, taken);
    }

    /** The current snapshot: the last one if it is recent enough, else a new one (which may register new meters). */
    private Taken current() {
        Taken t = taken;
        if (t != null && System.nanoTime() - t.nanoTime() <= maxAgeNanos && maxAgeNanos > 0) {
            return t;
        }
        t = fresh();
        for (MeterRegistry r : registries) {
            registerOperations(r, t);
        }
        return t;
    }

    private Taken fresh() {
        MetricsSnapshot s = metrics.snapshot();
        Map<OpKey, MetricsSnapshot.OperationStats> ops = new HashMap<>();
        for (MetricsSnapshot.OperationStats o : s.operations()) {
            ops.put(new OpKey(o.operation(), o.mode(), o.algorithms()), o);
        }
        Taken t = new Taken(s, System.nanoTime(), Map.copyOf(ops));
        taken = t;
        return t;
    }

    private void registerOperations(MeterRegistry registry, Taken t) {
        Set<OpKey> done = registered.get(registry);
        for (OpKey key : t.operations().keySet()) {
            if (done.add(key)) {
                bindOperation(registry, key);
            }
        }
    }

    private MetricsSnapshot.OperationStats stats(OpKey key) {
        return current().operations().get(key);
    }

    private long opLong(OpKey key, ToLongFunction<MetricsSnapshot.OperationStats> f) {
        MetricsSnapshot.OperationStats o = stats(key);
        return o == null ? 0 : f.applyAsLong(o);
    }

    private void bindOperation(MeterRegistry registry, OpKey key) {
        Tags t = tags.and(key.tags());
        FunctionCounter.builder("qsafe.operations", this, b -> b.opLong(key, MetricsSnapshot.OperationStats::succeeded))
                .description("qsafe operations by outcome").tags(t).tags("outcome", "success").register(registry);
        FunctionCounter.builder("qsafe.operations", this, b -> b.opLong(key, MetricsSnapshot.OperationStats::failed))
                .description("qsafe operations by outcome").tags(t).tags("outcome", "failure").register(registry);
        FunctionTimer.builder("qsafe.operation.latency", this,
                        b -> b.opLong(key, o -> o.latency().count()),
                        b -> (double) b.opLong(key, o -> o.latency().mean() * o.latency().count()), TimeUnit.NANOSECONDS)
                .description("latency of qsafe operations (successes and failures)").tags(t).register(registry);
        TimeGauge.builder("qsafe.operation.latency.max", this, TimeUnit.NANOSECONDS, b -> b.opLong(key, o -> o.latency().max()))
                .description("largest latency of qsafe operations").tags(t).register(registry);
        for (Percentile p : PERCENTILES) {
            TimeGauge.builder("qsafe.operation.latency.percentile", this, TimeUnit.NANOSECONDS,
                            b -> b.opLong(key, o -> p.value().applyAsLong(o.latency())))
                    .description("latency percentile of qsafe operations (bucket upper bound, at most 19% high)")
                    .tags(t).tags("phi", p.phi()).register(registry);
        }
    }

    private double cache(String name, ToDoubleFunction<MetricsSnapshot.CacheStats> f) {
        MetricsSnapshot.CacheStats c = current().snapshot().caches().get(name);
        return c == null ? 0 : f.applyAsDouble(c);
    }

    private void bindCache(MeterRegistry registry, String name) {
        Tags t = tags.and("cache", name);
        FunctionCounter.builder("qsafe.cache.gets", this, b -> b.cache(name, MetricsSnapshot.CacheStats::hits))
                .description("qsafe cache lookups by result").tags(t).tags("result", "hit").register(registry);
        FunctionCounter.builder("qsafe.cache.gets", this, b -> b.cache(name, MetricsSnapshot.CacheStats::misses))
                .description("qsafe cache lookups by result").tags(t).tags("result", "miss").register(registry);
        FunctionCounter.builder("qsafe.cache.evictions", this, b -> b.cache(name, MetricsSnapshot.CacheStats::evictions))
                .description("entries evicted by size or time").tags(t).register(registry);
        FunctionCounter.builder("qsafe.cache.loads", this, b -> b.cache(name, MetricsSnapshot.CacheStats::loads))
                .description("values computed after a miss").tags(t).register(registry);
        FunctionCounter.builder("qsafe.cache.load.failures", this, b -> b.cache(name, MetricsSnapshot.CacheStats::loadFailures))
                .description("computations that threw").tags(t).register(registry);
        Gauge.builder("qsafe.cache.size", this, b -> b.cache(name, MetricsSnapshot.CacheStats::entries))
                .description("entries held (estimate)").tags(t).register(registry);
        Gauge.builder("qsafe.cache.weight", this, b -> b.cache(name, MetricsSnapshot.CacheStats::weightBytes))
                .description("estimated bytes held").baseUnit(BaseUnits.BYTES).tags(t).register(registry);
        Gauge.builder("qsafe.cache.max.weight", this, b -> b.cache(name, MetricsSnapshot.CacheStats::maxBytes))
                .description("the bound on bytes held").baseUnit(BaseUnits.BYTES).tags(t).register(registry);
    }

    private double streams(ToDoubleFunction<MetricsSnapshot.StreamStats> f) {
        return f.applyAsDouble(current().snapshot().streams());
    }

    private void bindStreams(MeterRegistry registry) {
        List<StreamCounter> counters = List.of(
                new StreamCounter("qsafe.stream.streams", "direction", "sealed", MetricsSnapshot.StreamStats::streamsSealed,
                        "streaming envelopes sealed or opened to the end"),
                new StreamCounter("qsafe.stream.streams", "direction", "opened", MetricsSnapshot.StreamStats::streamsOpened,
                        "streaming envelopes sealed or opened to the end"),
                new StreamCounter("qsafe.stream.chunks", "direction", "sealed", MetricsSnapshot.StreamStats::chunksSealed,
                        "chunks of streaming envelopes sealed, or authenticated on opening"),
                new StreamCounter("qsafe.stream.chunks", "direction", "opened", MetricsSnapshot.StreamStats::chunksOpened,
                        "chunks of streaming envelopes sealed, or authenticated on opening"),
                new StreamCounter("qsafe.stream.bytes", "direction", "sealed", MetricsSnapshot.StreamStats::bytesSealed,
                        "plaintext bytes in those chunks"),
                new StreamCounter("qsafe.stream.bytes", "direction", "opened", MetricsSnapshot.StreamStats::bytesOpened,
                        "plaintext bytes in those chunks"),
                new StreamCounter("qsafe.stream.refusals", "reason", "truncated", MetricsSnapshot.StreamStats::refusedTruncated,
                        "streaming envelopes refused on opening, by reason"),
                new StreamCounter("qsafe.stream.refusals", "reason", "reordered", MetricsSnapshot.StreamStats::refusedReordered,
                        "streaming envelopes refused on opening, by reason"),
                new StreamCounter("qsafe.stream.refusals", "reason", "tampered", MetricsSnapshot.StreamStats::refusedTampered,
                        "streaming envelopes refused on opening, by reason"),
                new StreamCounter("qsafe.stream.refusals", "reason", "signature", MetricsSnapshot.StreamStats::refusedSignature,
                        "streaming envelopes refused on opening, by reason"));
        for (StreamCounter c : counters) {
            FunctionCounter.Builder<QSafeMeterBinder> b = FunctionCounter.builder(c.name(), this, x -> x.streams(c.value()))
                    .description(c.description()).tags(tags).tags(c.tag(), c.tagValue());
            if (c.name().equals("qsafe.stream.bytes")) {
                b.baseUnit(BaseUnits.BYTES);
            }
            b.register(registry);
        }
    }

    private record StreamCounter(String name, String tag, String tagValue, ToDoubleFunction<MetricsSnapshot.StreamStats> value,
                                 String description) {
    }

    private double pool(ToDoubleFunction<MetricsSnapshot.PoolStats> f) {
        return f.applyAsDouble(current().snapshot().pool());
    }

    private void bindPool(MeterRegistry registry) {
        FunctionCounter.builder("qsafe.pool.acquired", this, b -> b.pool(MetricsSnapshot.PoolStats::acquired))
                .description("buffers handed out").tags(tags).register(registry);
        FunctionCounter.builder("qsafe.pool.hits", this, b -> b.pool(MetricsSnapshot.PoolStats::hits))
                .description("buffers reused (allocations avoided)").tags(tags).register(registry);
        FunctionCounter.builder("qsafe.pool.allocations", this, b -> b.pool(MetricsSnapshot.PoolStats::allocations))
                .description("buffers newly allocated").tags(tags).register(registry);
        FunctionCounter.builder("qsafe.pool.dropped", this, b -> b.pool(MetricsSnapshot.PoolStats::dropped))
                .description("released buffers not kept (pool full)").tags(tags).register(registry);
        FunctionCounter.builder("qsafe.pool.reused", this, b -> b.pool(MetricsSnapshot.PoolStats::bytesReused))
                .description("bytes of allocation avoided").baseUnit(BaseUnits.BYTES).tags(tags).register(registry);
        Gauge.builder("qsafe.pool.held", this, b -> b.pool(MetricsSnapshot.PoolStats::bytesHeld))
                .description("bytes held by the pool now").baseUnit(BaseUnits.BYTES).tags(tags).register(registry);
        Gauge.builder("qsafe.pool.max", this, b -> b.pool(MetricsSnapshot.PoolStats::maxBytes))
                .description("bound on bytes held while idle").baseUnit(BaseUnits.BYTES).tags(tags).register(registry);
        Gauge.builder("qsafe.pool.outstanding", this, b -> b.pool(MetricsSnapshot.PoolStats::outstanding))
                .description("buffers lent out now").tags(tags).register(registry);
    }
}

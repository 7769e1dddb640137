package dev.qsafe.runtime.internal;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import dev.qsafe.runtime.ops.QSafeMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The recording side of a facade's metrics: one {@link Meter} per operation, mode and algorithms,
 * made once and kept by whoever records (the facade's data path keeps it with the suite it belongs
 * to), so recording builds no label and looks nothing up. {@link QSafeMetrics} reads what is recorded
 * here ({@link #operations()}, {@link #recent}); nothing outside the runtime can record. Lock-free on
 * the recording path.
 */
public final class OperationMeters {
    private final boolean enabled;
    private final Map<Key, Meter> meters = new ConcurrentHashMap<>();
    private final Map<CryptoMode, Map<QSafeMetrics.Operation, Recent>> recent = new EnumMap<>(CryptoMode.class);
    private final LongAdder[] streams = new LongAdder[10];

    /** Records nothing when not {@code enabled} ({@code metrics.enabled}). */
    public OperationMeters(boolean enabled) {
        this.enabled = enabled;
        for (CryptoMode m : CryptoMode.values()) {
            Map<QSafeMetrics.Operation, Recent> byOp = new EnumMap<>(QSafeMetrics.Operation.class);
            for (QSafeMetrics.Operation o : QSafeMetrics.Operation.values()) {
                byOp.put(o, new Recent());
            }
            recent.put(m, byOp);
        }
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new LongAdder();
        }
    }

    /** Why a streaming envelope was refused (the metric's reason; the caller always sees one uniform error). */
    public enum StreamRefusal {
        /** The stream ended early. */
        TRUNCATED,
        /** A chunk authenticates at another position. */
        REORDERED,
        /** Any other failing chunk, appended bytes, a malformed trailer or encapsulation. */
        TAMPERED,
        /** The chunks authenticated; the trailer names another sender or the signature fails. */
        SIGNATURE
    }

    /** Records one streaming seal that ended: {@code chunks} chunks holding {@code bytes} plaintext bytes. */
    public void streamSealed(long chunks, long bytes) {
        if (enabled) {
            streams[0].increment();
            streams[1].add(chunks);
            streams[2].add(bytes);
        }
    }

    /**
     * Records one streaming open that ended: {@code chunks} authenticated chunks holding {@code bytes}
     * plaintext bytes, and {@code refusal} null if it opened, else why it was refused.
     */
    public void streamOpened(long chunks, long bytes, StreamRefusal refusal) {
        if (enabled) {
            streams[refusal == null ? 3 : 6 + refusal.ordinal()].increment();
            streams[4].add(chunks);
            streams[5].add(bytes);
        }
    }

    /** The streaming figures recorded so far. */
    public MetricsSnapshot.StreamStats streams() {
        long[] v = new long[streams.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = streams[i].sum();
        }
        return new MetricsSnapshot.StreamStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }

    /** Whether anything is recorded. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The meter of {@code op} in {@code mode} for {@code algorithms} (the label the snapshot shows, e.g.
     * {@code X-Wing/HKDF-SHA256/AES-256-GCM+MLDSA65-Ed25519}); the same object for the same three. Get it
     * once and keep it: this call looks the label up.
     */
    public Meter meter(QSafeMetrics.Operation op, CryptoMode mode, String algorithms) {
        Key key = new Key(Objects.requireNonNull(op, "op"), Objects.requireNonNull(mode, "mode"),
                Objects.requireNonNull(algorithms, "algorithms"));
        Meter m = meters.get(key);
        return m != null ? m : meters.computeIfAbsent(key, k -> new Meter(k, enabled ? recent.get(mode).get(op) : null));
    }

    /** What every meter that recorded something holds, sorted by operation, mode and algorithms. */
    public List<MetricsSnapshot.OperationStats> operations() {
        List<MetricsSnapshot.OperationStats> out = new ArrayList<>();
        meters.values().stream()
                .filter(m -> m.succeeded.sum() + m.failed.sum() > 0)
                .sorted(Comparator.comparing((Meter m) -> m.key.op()).thenComparing(m -> m.key.mode())
                        .thenComparing(m -> m.key.algorithms()))
                .forEach(m -> out.add(new MetricsSnapshot.OperationStats(m.key.op(), m.key.mode().name(),
                        m.key.algorithms(), m.succeeded.sum(), m.failed.sum(), m.latency.snapshot())));
        return out;
    }

    /** The latencies of the last (at most {@value QSafeMetrics#RECENT}) successful {@code op}s in {@code mode}, oldest first. */
    public List<Duration> recent(CryptoMode mode, QSafeMetrics.Operation op) {
        return recent.get(Objects.requireNonNull(mode, "mode")).get(Objects.requireNonNull(op, "operation")).list();
    }

    private record Key(QSafeMetrics.Operation op, CryptoMode mode, String algorithms) {
    }

    /** Counts and times one operation, mode and algorithms. */
    public static final class Meter {
        private final Key key;
        private final Recent recent; // null when metrics are off
        private final LongAdder succeeded = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LatencyHistogram latency = new LatencyHistogram();

        private Meter(Key key, Recent recent) {
            this.key = key;
            this.recent = recent;
        }

        /** Records one operation that took {@code nanos} and succeeded or threw (no-op when metrics are off). */
        public void record(long nanos, boolean ok) {
            if (recent == null) {
                return;
            }
            (ok ? succeeded : failed).increment();
            latency.record(nanos);
            if (ok) {
                recent.add(nanos);
            }
        }

        @Override
        public String toString() {
            return "Meter[" + key.op() + ", " + key.mode() + ", " + key.algorithms() + "]";
        }
    }

    /** A ring of the last {@value QSafeMetrics#RECENT} latencies. */
    private static final class Recent {
        private final long[] ring = new long[QSafeMetrics.RECENT];
        private long written;

        synchronized void add(long nanos) {
            ring[(int) (written++ % QSafeMetrics.RECENT)] = nanos;
        }

        synchronized List<Duration> list() {
            int n = (int) Math.min(written, QSafeMetrics.RECENT);
            List<Duration> out = new ArrayList<>(n);
            for (long i = written - n; i < written; i++) {
                out.add(Duration.ofNanos(ring[(int) (i % QSafeMetrics.RECENT)]));
            }
            return List.copyOf(out);
        }
    }
}

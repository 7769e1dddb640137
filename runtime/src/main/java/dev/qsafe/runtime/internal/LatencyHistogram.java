package dev.qsafe.runtime.internal;

import dev.qsafe.runtime.ops.MetricsSnapshot;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket logarithmic latency histogram: four buckets per power of two of nanoseconds (so a
 * bucket's upper bound is at most 19% above its lower bound), from 1 ns to about 10^12 ns. Lock-free;
 * percentiles are reported as the upper bound of the bucket that holds them.
 */
final class LatencyHistogram {
    private static final int SUB = 4;
    private static final int POWERS = 41;
    private final AtomicLongArray buckets = new AtomicLongArray(POWERS * SUB);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final LongAccumulator min = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    void record(long nanos) {
        long v = Math.max(1, nanos);
        buckets.incrementAndGet(index(v));
        count.increment();
        sum.add(v);
        min.accumulate(v);
        max.accumulate(v);
    }

    static int index(long v) {
        int power = 63 - Long.numberOfLeadingZeros(v); // 2^power <= v
        if (power >= POWERS) {
            return POWERS * SUB - 1;
        }
        int sub = power < 2 ? 0 : (int) ((v >>> (power - 2)) & 3); // the two bits after the leading one
        return power * SUB + sub;
    }

    /** The largest value that falls in bucket {@code i}. */
    static long upperBound(int i) {
        int power = i / SUB;
        int sub = i % SUB;
        if (power < 2) {
            return (1L << (power + 1)) - 1;
        }
        long base = 1L << power;
        long step = base / SUB;
        return base + step * (sub + 1) - 1;
    }

    MetricsSnapshot.Latency snapshot() {
        long n = count.sum();
        if (n == 0) {
            return new MetricsSnapshot.Latency(0, 0, 0, 0, 0, 0, 0, 0);
        }
        long[] counts = new long[buckets.length()];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.get(i);
            total += counts[i];
        }
        long mx = max.get();
        return new MetricsSnapshot.Latency(total, sum.sum() / Math.max(1, n), min.get(), mx,
                Math.min(mx, percentile(counts, total, 0.50)), Math.min(mx, percentile(counts, total, 0.90)),
                Math.min(mx, percentile(counts, total, 0.99)), Math.min(mx, percentile(counts, total, 0.999)));
    }

    private static long percentile(long[] counts, long total, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) {
                return upperBound(i);
            }
        }
        return upperBound(counts.length - 1);
    }
}

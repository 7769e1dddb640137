package dev.qsafe.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.runtime.ops.MetricsSnapshot;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketBounds_containTheirValues_within19Percent() {
        for (long v : new long[] {1, 2, 3, 4, 5, 7, 8, 100, 1_000, 12_345, 1_000_000, 987_654_321L}) {
            long upper = LatencyHistogram.upperBound(LatencyHistogram.index(v));
            assertTrue(upper >= v && upper <= v * 1.25 + 1, v + " -> " + upper);
        }
    }

    @Test
    void percentiles_followTheRecordedValues() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i * 1000L); // 1 us .. 1 ms
        }
        MetricsSnapshot.Latency l = h.snapshot();
        assertEquals(1000, l.count());
        assertEquals(1000, l.min());
        assertEquals(1_000_000, l.max());
        assertEquals(500_500, l.mean());
        assertTrue(l.p50() >= 500_000 && l.p50() <= 600_000, "p50 " + l.p50());
        assertTrue(l.p99() >= 990_000 && l.p99() <= 1_000_000, "p99 " + l.p99());
        assertEquals(0, new LatencyHistogram().snapshot().count());
    }
}

package dev.qsafe.relay.internal;

import java.util.concurrent.ConcurrentHashMap;

/** Token buckets by key (a queue, a client address), in memory on one relay; bounded in size. */
final class RateLimiter {
    private static final int MAX_KEYS = 100_000;

    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code key} at {@code nowNanos}; false when the bucket is empty. */
    boolean tryAcquire(String key, long nowNanos) {
        if (buckets.size() > MAX_KEYS) {
            buckets.clear(); // forgetting is generous, never unbounded
        }
        double[] b = buckets.computeIfAbsent(key, k -> new double[] {burst, nowNanos});
        synchronized (b) {
            double elapsed = Math.max(0, (nowNanos - (long) b[1]) / 1e9);
            b[0] = Math.min(burst, b[0] + elapsed * perSecond);
            b[1] = nowNanos;
            if (b[0] >= 1) {
                b[0] -= 1;
                return true;
            }
            return false;
        }
    }
}

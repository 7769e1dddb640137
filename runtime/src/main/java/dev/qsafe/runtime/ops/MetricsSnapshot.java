package dev.qsafe.runtime.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the runtime has done and holds, at one instant: per operation, mode and algorithms the success
 * and failure counts and a latency histogram summary; statistics of every cache and of the buffer pool;
 * the engine selected for each algorithm. Names, counts and durations only: never key material, never
 * message content. {@link #toJson()} renders it as one JSON document ({@code qsafe status --json}).
 *
 * @param taken      when it was taken
 * @param enabled    whether metrics are recorded ({@code metrics.enabled}); when off, operations are empty
 * @param operations per (operation, mode, algorithms)
 * @param caches     per cache name ({@code publicKeys}, {@code identities}, {@code signatures}, {@code hpkeSecrets});
 *                   empty when the caches are off
 * @param pool       the buffer pool
 * @param engines    the selected provider per algorithm name ("NONE" when no provider is usable)
 * @param streams    streaming envelopes (version 2): chunks and bytes sealed and opened, refusals by reason
 * @since 0.1.0
 */
public record MetricsSnapshot(Instant taken, boolean enabled, List<OperationStats> operations,
                              Map<String, CacheStats> caches, PoolStats pool, Map<String, String> engines,
                              StreamStats streams) {
    /** Copies the collections. */
    public MetricsSnapshot {
        operations = List.copyOf(operations);
        caches = Map.copyOf(caches);
        engines = Map.copyOf(engines);
        java.util.Objects.requireNonNull(streams, "streams");
    }

    /**
     * A snapshot without streaming figures (all zero).
     *
     * @since 0.1.0
     */
    public MetricsSnapshot(Instant taken, boolean enabled, List<OperationStats> operations,
                           Map<String, CacheStats> caches, PoolStats pool, Map<String, String> engines) {
        this(taken, enabled, operations, caches, pool, engines, StreamStats.NONE);
    }

    /**
     * Streaming envelopes (version 2, {@code QSafe.sealStream} / {@code openStream}, and version 2 envelopes
     * opened in memory), counted when each stream ends. A chunk is counted when it was sealed, or when it
     * authenticated on opening; its bytes are the plaintext it holds (the trailer's included). A refused
     * stream counts the chunks that authenticated before the refusal, and one refusal by its reason:
     * {@code truncated} (the stream ended early: at a chunk boundary, or inside a chunk header's tag),
     * {@code reordered} (a chunk authenticates at another position: moved, dropped or duplicated),
     * {@code tampered} (any other chunk that fails, bytes appended after the last chunk, a malformed
     * trailer or encapsulation; a stream cut inside a chunk is indistinguishable from a modified last
     * chunk and counts here), {@code signature} (every chunk authenticated, but the trailer names another
     * sender or the signature does not verify). The caller sees one {@code DecryptionFailedException} whatever
     * the reason; only the recipient's own metrics tell them apart.
     *
     * @param streamsSealed     streams sealed to the end
     * @param chunksSealed      chunks sealed
     * @param bytesSealed       plaintext bytes in them
     * @param streamsOpened     streams opened to the end (signature verified)
     * @param chunksOpened      chunks authenticated
     * @param bytesOpened       plaintext bytes in them
     * @param refusedTruncated  streams refused as truncated
     * @param refusedReordered  streams refused as reordered
     * @param refusedTampered   streams refused as tampered
     * @param refusedSignature  streams refused for the sender or signature
     * @since 0.1.0
     */
    public record StreamStats(long streamsSealed, long chunksSealed, long bytesSealed, long streamsOpened, long chunksOpened,
                              long bytesOpened, long refusedTruncated, long refusedReordered, long refusedTampered,
                              long refusedSignature) {
        /** Nothing streamed. */
        public static final StreamStats NONE = new StreamStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Counters and latency of one kind of operation.
     *
     * @param operation  what was done
     * @param mode       the mode of the suite involved
     * @param algorithms the algorithms, e.g. {@code X-Wing/HKDF-SHA256/AES-256-GCM+ML-DSA-65}
     * @param succeeded  operations that returned normally
     * @param failed     operations that threw
     * @param latency    latency of all of them, in nanoseconds
     */
    public record OperationStats(QSafeMetrics.Operation operation, String mode, String algorithms, long succeeded,
                                 long failed, Latency latency) {
    }

    /**
     * A latency summary in nanoseconds; percentiles are bucket upper bounds (at most 19% high).
     *
     * @param count how many
     * @param mean  mean
     * @param min   smallest
     * @param max   largest
     * @param p50   median
     * @param p90   90th percentile
     * @param p99   99th percentile
     * @param p999  99.9th percentile
     */
    public record Latency(long count, long mean, long min, long max, long p50, long p90, long p99, long p999) {
    }

    /**
     * One cache.
     *
     * @param entries       entries held (estimate)
     * @param weightBytes   estimated bytes held
     * @param maxBytes      the bound
     * @param hits          lookups served from the cache
     * @param misses        lookups not served
     * @param hitRate       hits / lookups
     * @param evictions     entries evicted by size or time
     * @param loads         values computed after a miss
     * @param loadFailures  computations that threw (e.g. a signature that did not verify)
     * @param loadTimeNanos total time spent computing values
     */
    public record CacheStats(long entries, long weightBytes, long maxBytes, long hits, long misses, double hitRate,
                             long evictions, long loads, long loadFailures, long loadTimeNanos) {
    }

    /**
     * The buffer pool.
     *
     * @param enabled            whether buffers are reused
     * @param maxBytes           bound on bytes held while idle
     * @param bytesHeld          bytes held now
     * @param acquired           buffers handed out
     * @param released           buffers given back
     * @param hits               buffers reused (allocations avoided)
     * @param allocations        buffers newly allocated
     * @param hitRatio           hits / acquired
     * @param bytesReused        bytes of allocation avoided
     * @param dropped            released buffers not kept (pool full)
     * @param outstanding        buffers lent out now
     */
    public record PoolStats(boolean enabled, long maxBytes, long bytesHeld, long acquired, long released, long hits,
                            long allocations, double hitRatio, long bytesReused, long dropped, long outstanding) {
    }

    /** This snapshot as a JSON document (pretty-printed). */
    public String toJson() {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = mapper.createObjectNode();
        root.put("taken", taken.toString());
        root.put("metricsEnabled", enabled);
        ArrayNode ops = root.putArray("operations");
        for (OperationStats o : operations) {
            ObjectNode n = ops.addObject();
            n.put("operation", o.operation().name().toLowerCase(java.util.Locale.ROOT));
            n.put("mode", o.mode());
            n.put("algorithms", o.algorithms());
            n.put("succeeded", o.succeeded());
            n.put("failed", o.failed());
            ObjectNode l = n.putObject("latencyNanos");
            Latency x = o.latency();
            l.put("count", x.count());
            l.put("mean", x.mean());
            l.put("min", x.min());
            l.put("max", x.max());
            l.put("p50", x.p50());
            l.put("p90", x.p90());
            l.put("p99", x.p99());
            l.put("p999", x.p999());
        }
        ObjectNode c = root.putObject("caches");
        caches.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            CacheStats s = e.getValue();
            ObjectNode n = c.putObject(e.getKey());
            n.put("entries", s.entries());
            n.put("weightBytes", s.weightBytes());
            n.put("maxBytes", s.maxBytes());
            n.put("hits", s.hits());
            n.put("misses", s.misses());
            n.put("hitRate", s.hitRate());
            n.put("evictions", s.evictions());
            n.put("loads", s.loads());
            n.put("loadFailures", s.loadFailures());
            n.put("loadTimeNanos", s.loadTimeNanos());
        });
        ObjectNode p = root.putObject("pool");
        p.put("enabled", pool.enabled());
        p.put("maxBytes", pool.maxBytes());
        p.put("bytesHeld", pool.bytesHeld());
        p.put("acquired", pool.acquired());
        p.put("released", pool.released());
        p.put("hits", pool.hits());
        p.put("allocations", pool.allocations());
        p.put("hitRatio", pool.hitRatio());
        p.put("bytesReused", pool.bytesReused());
        p.put("dropped", pool.dropped());
        p.put("outstanding", pool.outstanding());
        ObjectNode st = root.putObject("streams");
        st.put("streamsSealed", streams.streamsSealed());
        st.put("chunksSealed", streams.chunksSealed());
        st.put("bytesSealed", streams.bytesSealed());
        st.put("streamsOpened", streams.streamsOpened());
        st.put("chunksOpened", streams.chunksOpened());
        st.put("bytesOpened", streams.bytesOpened());
        ObjectNode refused = st.putObject("refused");
        refused.put("truncated", streams.refusedTruncated());
        refused.put("reordered", streams.refusedReordered());
        refused.put("tampered", streams.refusedTampered());
        refused.put("signature", streams.refusedSignature());
        ObjectNode en = root.putObject("engines");
        engines.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> en.put(e.getKey(), e.getValue()));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}

package dev.qsafe.runtime;

import dev.qsafe.api.ConfigurationException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The runtime's performance knobs: caches, buffer pool, batch executor and metrics. Part of
 * {@link QSafeConfig} ({@link QSafeConfig#runtime()}), read from the sections {@code "cache"},
 * {@code "pool"}, {@code "batch"} and {@code "metrics"} of the configuration file and from system
 * properties {@code qsafe.<field>} (e.g. {@code -Dqsafe.cache.publicKeys.maxBytes=1048576}); see
 * {@code docs/RUNTIME.md}. The defaults keep every cache and the pool together under 10 MB.
 *
 * @param cachesEnabled        {@code cache.enabled}: whether the facade uses its caches at all
 * @param publicKeysMaxBytes   {@code cache.publicKeys.maxBytes}: bound on parsed public keys held
 * @param publicKeysTtl        {@code cache.publicKeys.ttlSeconds}: time to live after write
 * @param identitiesMaxBytes   {@code cache.identities.maxBytes}: bound on own identities (key pairs) held
 * @param identitiesTtl        {@code cache.identities.ttlSeconds}
 * @param signaturesMaxBytes   {@code cache.signatures.maxBytes}: bound on verified-signature results
 * @param signaturesTtl        {@code cache.signatures.ttlSeconds}
 * @param hpkeSecretsEnabled   {@code cache.hpkeSecrets.enabled}: cache decapsulated KEM shared secrets (off by default)
 * @param hpkeSecretsMaxBytes  {@code cache.hpkeSecrets.maxBytes}
 * @param hpkeSecretsTtl       {@code cache.hpkeSecrets.ttlSeconds}: secrets are wiped when they expire or are evicted
 * @param poolEnabled          {@code pool.enabled}: whether the envelope code reuses pooled buffers
 * @param poolMaxBytes         {@code pool.maxBytes}: total bytes the pool may hold while idle
 * @param poolMaxBufferBytes   {@code pool.maxBufferBytes}: buffers larger than this are never pooled
 * @param batchExecutor        {@code batch.executor}: {@code virtual} threads or a {@code fixed} pool
 * @param batchParallelism     {@code batch.parallelism}: items run at once (fixed pool size; cap for virtual threads)
 * @param batchTimeout         {@code batch.timeoutMillis}: default time a batch may take before its remaining items time out
 * @param metricsEnabled       {@code metrics.enabled}: record counters and latency histograms
 */
public record RuntimeSettings(boolean cachesEnabled,
                              long publicKeysMaxBytes, Duration publicKeysTtl,
                              long identitiesMaxBytes, Duration identitiesTtl,
                              long signaturesMaxBytes, Duration signaturesTtl,
                              boolean hpkeSecretsEnabled, long hpkeSecretsMaxBytes, Duration hpkeSecretsTtl,
                              boolean poolEnabled, long poolMaxBytes, int poolMaxBufferBytes,
                              BatchExecutor batchExecutor, int batchParallelism, Duration batchTimeout,
                              boolean metricsEnabled) {
    /** Largest total any one cache or the pool may be given: 1 GiB. */
    public static final long MAX_BYTES = 1L << 30;

    /** The kind of executor a {@link Batch} runs on. */
    public enum BatchExecutor {
        /** One virtual thread per item, at most {@code batch.parallelism} running at once. */
        VIRTUAL,
        /** A fixed pool of {@code batch.parallelism} platform threads, shared by every batch of one facade. */
        FIXED;

        static BatchExecutor parse(String s, String field) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "virtual" -> VIRTUAL;
                case "fixed" -> FIXED;
                default -> throw new ConfigurationException(field + " must be \"virtual\" or \"fixed\", got \"" + s + "\"");
            };
        }
    }

    /** Checks every field, naming the one that is wrong. */
    public RuntimeSettings {
        bytes(publicKeysMaxBytes, "cache.publicKeys.maxBytes");
        bytes(identitiesMaxBytes, "cache.identities.maxBytes");
        bytes(signaturesMaxBytes, "cache.signatures.maxBytes");
        bytes(hpkeSecretsMaxBytes, "cache.hpkeSecrets.maxBytes");
        bytes(poolMaxBytes, "pool.maxBytes");
        ttl(publicKeysTtl, "cache.publicKeys.ttlSeconds");
        ttl(identitiesTtl, "cache.identities.ttlSeconds");
        ttl(signaturesTtl, "cache.signatures.ttlSeconds");
        ttl(hpkeSecretsTtl, "cache.hpkeSecrets.ttlSeconds");
        if (poolMaxBufferBytes < 0 || poolMaxBufferBytes > poolMaxBytes) {
            throw new ConfigurationException("pool.maxBufferBytes must be 0..pool.maxBytes (" + poolMaxBytes + "), got "
                    + poolMaxBufferBytes);
        }
        Objects.requireNonNull(batchExecutor, "batch.executor");
        if (batchParallelism < 1 || batchParallelism > 4096) {
            throw new ConfigurationException("batch.parallelism must be 1..4096, got " + batchParallelism);
        }
        Objects.requireNonNull(batchTimeout, "batch.timeoutMillis");
        if (batchTimeout.isNegative() || batchTimeout.isZero() || batchTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigurationException("batch.timeoutMillis must be 1..86400000, got " + batchTimeout.toMillis());
        }
    }

    /**
     * The defaults: caches on (public keys 2 MiB / 1 h, identities 2 MiB / 1 h, verified signatures
     * 1 MiB / 10 min), HPKE secret cache off (256 KiB / 60 s when enabled), pool on (4 MiB, buffers up to
     * 1 MiB), batches on virtual threads with parallelism = available processors and a 5-minute
     * timeout, metrics on. 9.25 MiB in all at most.
     */
    public static RuntimeSettings defaults() {
        return new RuntimeSettings(true,
                2L << 20, Duration.ofHours(1),
                2L << 20, Duration.ofHours(1),
                1L << 20, Duration.ofMinutes(10),
                false, 256L << 10, Duration.ofSeconds(60),
                true, 4L << 20, 1 << 20,
                BatchExecutor.VIRTUAL, Math.max(1, Runtime.getRuntime().availableProcessors()), Duration.ofMinutes(5),
                true);
    }

    /** The most the caches and the pool can hold together, in bytes (what the bounds add up to). */
    public long maxRetainedBytes() {
        return publicKeysMaxBytes + identitiesMaxBytes + signaturesMaxBytes
                + (hpkeSecretsEnabled ? hpkeSecretsMaxBytes : 0) + poolMaxBytes;
    }

    /** These settings with the caches switched on or off (the other knobs unchanged). */
    public RuntimeSettings withCachesEnabled(boolean enabled) {
        return new RuntimeSettings(enabled, publicKeysMaxBytes, publicKeysTtl, identitiesMaxBytes, identitiesTtl,
                signaturesMaxBytes, signaturesTtl, hpkeSecretsEnabled, hpkeSecretsMaxBytes, hpkeSecretsTtl, poolEnabled,
                poolMaxBytes, poolMaxBufferBytes, batchExecutor, batchParallelism, batchTimeout, metricsEnabled);
    }

    /** These settings with the HPKE secret cache switched on or off with the given time to live. */
    public RuntimeSettings withHpkeSecrets(boolean enabled, Duration ttl) {
        return new RuntimeSettings(cachesEnabled, publicKeysMaxBytes, publicKeysTtl, identitiesMaxBytes, identitiesTtl,
                signaturesMaxBytes, signaturesTtl, enabled, hpkeSecretsMaxBytes, ttl, poolEnabled,
                poolMaxBytes, poolMaxBufferBytes, batchExecutor, batchParallelism, batchTimeout, metricsEnabled);
    }

    /** These settings with the buffer pool switched on or off. */
    public RuntimeSettings withPoolEnabled(boolean enabled) {
        return new RuntimeSettings(cachesEnabled, publicKeysMaxBytes, publicKeysTtl, identitiesMaxBytes, identitiesTtl,
                signaturesMaxBytes, signaturesTtl, hpkeSecretsEnabled, hpkeSecretsMaxBytes, hpkeSecretsTtl, enabled,
                poolMaxBytes, poolMaxBufferBytes, batchExecutor, batchParallelism, batchTimeout, metricsEnabled);
    }

    /** These settings with another batch executor, parallelism and default timeout. */
    public RuntimeSettings withBatch(BatchExecutor executor, int parallelism, Duration timeout) {
        return new RuntimeSettings(cachesEnabled, publicKeysMaxBytes, publicKeysTtl, identitiesMaxBytes, identitiesTtl,
                signaturesMaxBytes, signaturesTtl, hpkeSecretsEnabled, hpkeSecretsMaxBytes, hpkeSecretsTtl, poolEnabled,
                poolMaxBytes, poolMaxBufferBytes, executor, parallelism, timeout, metricsEnabled);
    }

    /** These settings with metrics switched on or off. */
    public RuntimeSettings withMetricsEnabled(boolean enabled) {
        return new RuntimeSettings(cachesEnabled, publicKeysMaxBytes, publicKeysTtl, identitiesMaxBytes, identitiesTtl,
                signaturesMaxBytes, signaturesTtl, hpkeSecretsEnabled, hpkeSecretsMaxBytes, hpkeSecretsTtl, poolEnabled,
                poolMaxBytes, poolMaxBufferBytes, batchExecutor, batchParallelism, batchTimeout, enabled);
    }

    private static void bytes(long value, String field) {
        if (value < 0 || value > MAX_BYTES) {
            throw new ConfigurationException(field + " must be 0.." + MAX_BYTES + " bytes, got " + value);
        }
    }

    private static void ttl(Duration value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofDays(30)) > 0) {
            throw new ConfigurationException(field + " must be 1..2592000 seconds, got " + value.toSeconds());
        }
    }
}

package dev.qsafe.runtime.config;

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
 * <p>Build settings by name rather than through the 17-argument canonical constructor: start from
 * {@link #newBuilder()} (the defaults) or {@link #toBuilder()}, and set one group of knobs at a time;
 * each setter checks its values at once, naming the field.
 * {@snippet :
 * RuntimeSettings s = RuntimeSettings.newBuilder()
 *         .signatures(4L << 20, Duration.ofMinutes(30))
 *         .pool(true, 8L << 20, 1 << 20)
 *         .build();
 * }
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
 * @since 0.1.0
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

    /** The kind of executor a {@link dev.qsafe.runtime.Batch} runs on. */
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
        checkCache("publicKeys", publicKeysMaxBytes, publicKeysTtl);
        checkCache("identities", identitiesMaxBytes, identitiesTtl);
        checkCache("signatures", signaturesMaxBytes, signaturesTtl);
        checkCache("hpkeSecrets", hpkeSecretsMaxBytes, hpkeSecretsTtl);
        checkPool(poolMaxBytes, poolMaxBufferBytes);
        checkBatch(batchExecutor, batchParallelism, batchTimeout);
    }

    /**
     * The defaults: caches on (public keys 2 MiB / 1 h, identities (private keys) 2 MiB / 5 min, verified signatures
     * 1 MiB / 10 min), HPKE secret cache off (256 KiB / 60 s when enabled), pool on (4 MiB, buffers up to
     * 1 MiB), batches on virtual threads with parallelism = available processors and a 5-minute
     * timeout, metrics on. 9.25 MiB in all at most.
     */
    public static RuntimeSettings defaults() {
        return newBuilder().build();
    }

    /** A builder holding the {@linkplain #defaults() defaults}. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The most the caches and the pool can hold together, in bytes (what the bounds add up to). */
    public long maxRetainedBytes() {
        return publicKeysMaxBytes + identitiesMaxBytes + signaturesMaxBytes
                + (hpkeSecretsEnabled ? hpkeSecretsMaxBytes : 0) + poolMaxBytes;
    }

    /** These settings with the caches switched on or off (the other knobs unchanged). */
    public RuntimeSettings withCachesEnabled(boolean enabled) {
        return toBuilder().cachesEnabled(enabled).build();
    }

    /** These settings with the HPKE secret cache switched on or off with the given time to live. */
    public RuntimeSettings withHpkeSecrets(boolean enabled, Duration ttl) {
        return toBuilder().hpkeSecrets(enabled, hpkeSecretsMaxBytes, ttl).build();
    }

    /** These settings with the buffer pool switched on or off. */
    public RuntimeSettings withPoolEnabled(boolean enabled) {
        return toBuilder().pool(enabled, poolMaxBytes, poolMaxBufferBytes).build();
    }

    /** These settings with another batch executor, parallelism and default timeout. */
    public RuntimeSettings withBatch(BatchExecutor executor, int parallelism, Duration timeout) {
        return toBuilder().batch(executor, parallelism, timeout).build();
    }

    /** These settings with metrics switched on or off. */
    public RuntimeSettings withMetricsEnabled(boolean enabled) {
        return toBuilder().metricsEnabled(enabled).build();
    }

    /**
     * Builds {@link RuntimeSettings} one group of knobs at a time, starting from the defaults or from
     * given settings. A later call for the same group replaces the earlier one. Each setter checks its
     * values at once and throws {@link ConfigurationException} naming the configuration field.
     */
    public static final class Builder {
        private boolean cachesEnabled = true;
        private long publicKeysMaxBytes = 2L << 20;
        private Duration publicKeysTtl = Duration.ofHours(1);
        private long identitiesMaxBytes = 2L << 20;
        // Own identities hold private keys: kept briefly by default (they were kept an hour until 0.1).
        private Duration identitiesTtl = Duration.ofMinutes(5);
        private long signaturesMaxBytes = 1L << 20;
        private Duration signaturesTtl = Duration.ofMinutes(10);
        private boolean hpkeSecretsEnabled = false;
        private long hpkeSecretsMaxBytes = 256L << 10;
        private Duration hpkeSecretsTtl = Duration.ofSeconds(60);
        private boolean poolEnabled = true;
        private long poolMaxBytes = 4L << 20;
        private int poolMaxBufferBytes = 1 << 20;
        private BatchExecutor batchExecutor = BatchExecutor.VIRTUAL;
        private int batchParallelism = Math.max(1, Runtime.getRuntime().availableProcessors());
        private Duration batchTimeout = Duration.ofMinutes(5);
        private boolean metricsEnabled = true;

        private Builder() {
        }

        private Builder(RuntimeSettings s) {
            cachesEnabled = s.cachesEnabled;
            publicKeysMaxBytes = s.publicKeysMaxBytes;
            publicKeysTtl = s.publicKeysTtl;
            identitiesMaxBytes = s.identitiesMaxBytes;
            identitiesTtl = s.identitiesTtl;
            signaturesMaxBytes = s.signaturesMaxBytes;
            signaturesTtl = s.signaturesTtl;
            hpkeSecretsEnabled = s.hpkeSecretsEnabled;
            hpkeSecretsMaxBytes = s.hpkeSecretsMaxBytes;
            hpkeSecretsTtl = s.hpkeSecretsTtl;
            poolEnabled = s.poolEnabled;
            poolMaxBytes = s.poolMaxBytes;
            poolMaxBufferBytes = s.poolMaxBufferBytes;
            batchExecutor = s.batchExecutor;
            batchParallelism = s.batchParallelism;
            batchTimeout = s.batchTimeout;
            metricsEnabled = s.metricsEnabled;
        }

        /** {@code cache.enabled}: whether the facade uses its caches at all. */
        public Builder cachesEnabled(boolean enabled) {
            this.cachesEnabled = enabled;
            return this;
        }

        /** {@code cache.publicKeys.maxBytes} and {@code .ttlSeconds}: parsed public keys held. */
        public Builder publicKeys(long maxBytes, Duration ttl) {
            checkCache("publicKeys", maxBytes, ttl);
            this.publicKeysMaxBytes = maxBytes;
            this.publicKeysTtl = ttl;
            return this;
        }

        /** {@code cache.identities.maxBytes} and {@code .ttlSeconds}: own identities (key pairs) held. */
        public Builder identities(long maxBytes, Duration ttl) {
            checkCache("identities", maxBytes, ttl);
            this.identitiesMaxBytes = maxBytes;
            this.identitiesTtl = ttl;
            return this;
        }

        /** {@code cache.signatures.maxBytes} and {@code .ttlSeconds}: verified-signature results held. */
        public Builder signatures(long maxBytes, Duration ttl) {
            checkCache("signatures", maxBytes, ttl);
            this.signaturesMaxBytes = maxBytes;
            this.signaturesTtl = ttl;
            return this;
        }

        /**
         * {@code cache.hpkeSecrets.enabled}, {@code .maxBytes} and {@code .ttlSeconds}: decapsulated KEM
         * shared secrets, wiped when they expire or are evicted.
         */
        public Builder hpkeSecrets(boolean enabled, long maxBytes, Duration ttl) {
            checkCache("hpkeSecrets", maxBytes, ttl);
            this.hpkeSecretsEnabled = enabled;
            this.hpkeSecretsMaxBytes = maxBytes;
            this.hpkeSecretsTtl = ttl;
            return this;
        }

        /**
         * {@code pool.enabled}, {@code pool.maxBytes} (total held while idle) and {@code pool.maxBufferBytes}
         * (larger buffers are never pooled).
         */
        public Builder pool(boolean enabled, long maxBytes, int maxBufferBytes) {
            checkPool(maxBytes, maxBufferBytes);
            this.poolEnabled = enabled;
            this.poolMaxBytes = maxBytes;
            this.poolMaxBufferBytes = maxBufferBytes;
            return this;
        }

        /**
         * {@code batch.executor}, {@code batch.parallelism} (items run at once) and {@code batch.timeoutMillis}
         * (default time a batch may take).
         */
        public Builder batch(BatchExecutor executor, int parallelism, Duration timeout) {
            checkBatch(executor, parallelism, timeout);
            this.batchExecutor = executor;
            this.batchParallelism = parallelism;
            this.batchTimeout = timeout;
            return this;
        }

        /** {@code metrics.enabled}: record counters and latency histograms. */
        public Builder metricsEnabled(boolean enabled) {
            this.metricsEnabled = enabled;
            return this;
        }

        /** The settings. */
        public RuntimeSettings build() {
            return new RuntimeSettings(cachesEnabled,
                    publicKeysMaxBytes, publicKeysTtl,
                    identitiesMaxBytes, identitiesTtl,
                    signaturesMaxBytes, signaturesTtl,
                    hpkeSecretsEnabled, hpkeSecretsMaxBytes, hpkeSecretsTtl,
                    poolEnabled, poolMaxBytes, poolMaxBufferBytes,
                    batchExecutor, batchParallelism, batchTimeout,
                    metricsEnabled);
        }
    }

    private static void checkCache(String cache, long maxBytes, Duration ttl) {
        bytes(maxBytes, "cache." + cache + ".maxBytes");
        ttl(ttl, "cache." + cache + ".ttlSeconds");
    }

    private static void checkPool(long maxBytes, int maxBufferBytes) {
        bytes(maxBytes, "pool.maxBytes");
        if (maxBufferBytes < 0 || maxBufferBytes > maxBytes) {
            throw new ConfigurationException("pool.maxBufferBytes must be 0..pool.maxBytes (" + maxBytes + "), got "
                    + maxBufferBytes);
        }
    }

    private static void checkBatch(BatchExecutor executor, int parallelism, Duration timeout) {
        Objects.requireNonNull(executor, "batch.executor");
        if (parallelism < 1 || parallelism > 4096) {
            throw new ConfigurationException("batch.parallelism must be 1..4096, got " + parallelism);
        }
        Objects.requireNonNull(timeout, "batch.timeoutMillis");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigurationException("batch.timeoutMillis must be 1..86400000, got " + timeout.toMillis());
        }
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

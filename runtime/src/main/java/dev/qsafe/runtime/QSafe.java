package dev.qsafe.runtime;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyId;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.format.Envelopes;
import dev.qsafe.runtime.internal.BufferPool;
import dev.qsafe.runtime.internal.OperationMeters;
import dev.qsafe.runtime.internal.RuntimeCaches;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import dev.qsafe.runtime.ops.QSafeMetrics;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The front door: generate identities, seal and open messages, sign and verify, in any mode.
 *
 * <pre>{@code
 * QSafe qsafe = QSafe.newBuilder().build();                 // configuration from system properties
 * Identity alice = qsafe.generateIdentity("alice", CryptoMode.HYBRID);
 * Identity bob = qsafe.generateIdentity("bob", CryptoMode.HYBRID);
 * byte[] envelope = qsafe.seal(message, bob.publicIdentity(), alice);
 * byte[] opened = qsafe.open(envelope, bob, alice.publicIdentity());
 * }</pre>
 *
 * <p>Sealing uses the recipient's KEM key and, for the AEAD and KDF, the configured suite of the
 * recipient's mode when that suite uses the same KEM (otherwise the recipient's own suite): changing
 * the configuration changes new messages, while every envelope names its own algorithms, so older
 * messages open as long as the policy allows them. Thread-safe.
 *
 * <p>Runtime composition ({@link QSafeConfig#runtime()}, see {@code docs/RUNTIME.md}): with caches on,
 * a signature that verified once is not verified again for exactly the same bytes (algorithm, key,
 * signed bytes, signature), parsed public keys are kept by key id, generated identities by name and
 * suite, and, only when enabled, KEM shared secrets for a short time (wiped when they leave the cache).
 * Scratch buffers of the envelope code come from a bounded {@link #metrics() measured} pool that zeroes
 * them on return; {@link #batch()} runs many operations in parallel; {@link #metrics()} counts and times
 * every operation. {@link #close()} stops the batch executor and wipes cached secrets.
 *
 * @since 0.1.0
 */
public final class QSafe implements AutoCloseable {
    private final CryptoRegistry registry;
    private final QSafeConfig config;
    private final RuntimeCaches caches; // null when caches are off
    private final BufferPool pool;
    private final OperationMeters meters;
    private final QSafeMetrics metrics;
    /** The data path: seals, opens, signs and verifies with this facade's registry, policy, limits, caches and pool. */
    private final Envelopes envelopes;
    private final Object executorLock = new Object();
    private ExecutorService batchExecutor;
    private Semaphore batchPermits;
    private boolean closed;

    private QSafe(CryptoRegistry registry, QSafeConfig config, Ticker ticker) {
        this.registry = registry;
        this.config = config;
        RuntimeSettings rs = config.runtime();
        this.caches = rs.cachesEnabled() ? new RuntimeCaches(rs, ticker) : null;
        this.pool = new BufferPool(rs.poolEnabled(), rs.poolMaxBytes(), rs.poolMaxBufferBytes());
        Supplier<Map<String, MetricsSnapshot.CacheStats>> cacheStats = () -> caches == null ? Map.of() : caches.stats();
        this.meters = new OperationMeters(rs.metricsEnabled());
        this.metrics = new QSafeMetrics(rs.metricsEnabled(), registry, meters::operations, meters::recent, cacheStats,
                pool::stats, Clock.systemUTC(), meters::streams);
        this.envelopes = new Envelopes(registry, config, caches, pool, meters);
    }

    /** A builder. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The configuration in force. */
    public QSafeConfig config() {
        return config;
    }

    /** The registry whose engines are used. */
    public CryptoRegistry registry() {
        return registry;
    }

    /** Counters, latency histograms, cache and pool statistics; recent latencies per mode and operation. */
    public QSafeMetrics metrics() {
        return metrics;
    }

    /** A new, empty batch of operations to run in parallel. */
    public Batch batch() {
        return new Batch(this);
    }

    /** A new identity in the configured default mode. */
    public Identity generateIdentity(String name) {
        return generateIdentity(name, config.defaultMode());
    }

    /**
     * A new identity with the configured suite of {@code mode}; with caches on it is also kept for
     * {@link #cachedIdentity(String, Suite)}.
     *
     * @throws dev.qsafe.api.PolicyViolationException if the policy does not allow that suite
     */
    public Identity generateIdentity(String name, CryptoMode mode) {
        Suite suite = config.suite(mode);
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            config.policy().check("suite " + suite.name(), suite.algorithms());
            Identity id = Identity.generate(name, suite, registry);
            if (caches != null) {
                caches.putIdentity(id);
            }
            ok = true;
            return id;
        } finally {
            meters.meter(QSafeMetrics.Operation.KEYGEN, mode, suite.kem() + "+" + suite.signature())
                    .record(System.nanoTime() - t0, ok);
        }
    }

    /** An own identity kept by the cache (generated here, or {@linkplain #remember(Identity) remembered}) by name and suite. */
    public Optional<Identity> cachedIdentity(String name, Suite suite) {
        return caches == null ? Optional.empty() : caches.identity(name, suite.name());
    }

    /** Keeps an own identity (e.g. one read from a file) in the cache for {@link #cachedIdentity}; no-op with caches off. */
    public void remember(Identity identity) {
        if (caches != null) {
            caches.putIdentity(Objects.requireNonNull(identity, "identity"));
        }
    }

    /** Keeps both public keys of {@code identity} for {@link #cachedPublicKey}; no-op with caches off. */
    public void remember(PublicIdentity identity) {
        if (caches != null) {
            caches.putPublicKey(identity.kem());
            caches.putPublicKey(identity.signature());
        }
    }

    /** A public key by algorithm and key id, if the cache holds it. */
    public Optional<PublicKey> cachedPublicKey(Algorithm algorithm, KeyId keyId) {
        Objects.requireNonNull(keyId, "keyId");
        return caches == null ? Optional.empty() : caches.publicKey(algorithm, keyId);
    }

    /** {@link #cachedPublicKey(Algorithm, KeyId)} with the key id as hex (empty if it is not a key id). */
    public Optional<PublicKey> cachedPublicKey(Algorithm algorithm, String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        KeyId id = parseKeyId(keyId);
        return id == null ? Optional.empty() : cachedPublicKey(algorithm, id);
    }

    /**
     * The public key with this algorithm and key id: from the cache, or parsed from its DER
     * SubjectPublicKeyInfo {@code spki} (and then cached). Parsing is skipped when the key id is cached.
     *
     * @throws dev.qsafe.api.InvalidKeyException if {@code spki} is malformed, or is not the key named
     */
    public PublicKey publicKey(Algorithm algorithm, KeyId keyId, byte[] spki) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(spki, "spki");
        Supplier<PublicKey> parse = () -> KeyEncodings.decodeSpki(spki, algorithm);
        if (caches == null) {
            PublicKey k = parse.get();
            if (!k.id().equals(keyId)) {
                throw new InvalidKeyException("the key parsed is " + k.keyId() + ", not " + keyId);
            }
            return k;
        }
        return caches.publicKey(algorithm, keyId, parse);
    }

    /** {@link #publicKey(Algorithm, KeyId, byte[])} with the key id as hex. */
    public PublicKey publicKey(Algorithm algorithm, String keyId, byte[] spki) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(spki, "spki");
        KeyId id = parseKeyId(keyId);
        if (id == null) { // no key has this id: say what the bytes are, as for any other id that is not theirs
            PublicKey k = KeyEncodings.decodeSpki(spki, algorithm);
            throw new InvalidKeyException("the key parsed is " + k.keyId() + ", not " + keyId);
        }
        return publicKey(algorithm, id, spki);
    }

    /** The key id of this hex, or {@code null} if it is not one in the form keys render it (no key has it then). */
    private static KeyId parseKeyId(String hex) {
        try {
            KeyId id = KeyId.parse(hex);
            return id.toString().equals(hex) ? id : null; // lower case only, as PublicKey.keyId() writes it
        } catch (InvalidInputException e) {
            return null;
        }
    }

    /**
     * Seals {@code message} for {@code recipient}, signed by {@code sender}.
     *
     * @throws dev.qsafe.api.PolicyViolationException if the policy does not allow the algorithms, or they (the
     *                                                sender's signature included) break the rules of the recipient's mode ({@link ModeRules})
     * @throws dev.qsafe.api.InvalidInputException    if the message is larger than the configured maximum
     */
    public byte[] seal(byte[] message, PublicIdentity recipient, Identity sender) {
        return envelopes.seal(message, recipient, sender);
    }

    /**
     * Opens an envelope sealed to {@code recipient} and checks it was signed by {@code sender}.
     *
     * @throws dev.qsafe.api.DecryptionFailedException uniformly, for any cryptographic failure
     * @throws dev.qsafe.api.PolicyViolationException  if the envelope's suite is not allowed (naming suite and rule), or
     *                                                 its algorithms or the sender's break the rules of the recipient's mode ({@link ModeRules})
     * @throws dev.qsafe.api.InvalidKeyException       if it was sealed to another key, or {@code recipient} was destroyed
     * @throws dev.qsafe.api.InvalidInputException     if the bytes are not a well-formed envelope
     */
    public byte[] open(byte[] envelope, Identity recipient, PublicIdentity sender) {
        return envelopes.open(envelope, recipient, sender);
    }

    /** The chunk size of streaming envelopes unless told otherwise: 64 KiB. */
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

    /**
     * Seals everything {@code in} delivers as a streaming envelope (version 2, docs/FORMAT.md) written to
     * {@code out}, signed by {@code sender}: one pass, constant memory whatever the size, chunks of
     * {@link #DEFAULT_CHUNK_SIZE}. Algorithms, policy and mode rules are those of {@link #seal}. Neither
     * stream is closed. Returns the number of message bytes.
     *
     * @throws IOException if reading or writing fails (the output is then an incomplete envelope, which does not open)
     */
    public long sealStream(InputStream in, OutputStream out, PublicIdentity recipient, Identity sender) throws IOException {
        return envelopes.sealStream(in, out, recipient, sender, DEFAULT_CHUNK_SIZE);
    }

    /**
     * {@link #sealStream(InputStream, OutputStream, PublicIdentity, Identity)} with chunks of {@code chunkSize}
     * bytes, a power of two from 256 B to 16 MiB.
     *
     * @throws dev.qsafe.api.InvalidInputException if the chunk size is not one of those
     */
    public long sealStream(InputStream in, OutputStream out, PublicIdentity recipient, Identity sender, int chunkSize)
            throws IOException {
        return envelopes.sealStream(in, out, recipient, sender, chunkSize);
    }

    /** {@link #sealStream(InputStream, OutputStream, PublicIdentity, Identity)} over channels (neither is closed). */
    public long sealStream(ReadableByteChannel in, WritableByteChannel out, PublicIdentity recipient, Identity sender)
            throws IOException {
        return envelopes.sealStream(Channels.newInputStream(in), Channels.newOutputStream(out), recipient, sender,
                DEFAULT_CHUNK_SIZE);
    }

    /**
     * Seals {@code message} to every one of {@code recipients} (1 to 1000, of any modes one sender
     * signature satisfies), signed by {@code sender}, as a multi-recipient envelope (version 3,
     * docs/FORMAT.md): one content key wrapped by one HPKE encapsulation per recipient, the message
     * encrypted once. Each recipient opens it with {@link #open}. The recipients' key ids are in the header
     * (so each recipient finds its entry at once); {@link #sealStream(InputStream, OutputStream, List, Identity, int, boolean)}
     * can hide them.
     *
     * @throws dev.qsafe.api.InvalidInputException    if there are no or too many recipients, one is listed twice, or
     *                                                the message is larger than the configured maximum
     * @throws dev.qsafe.api.PolicyViolationException if the policy or a recipient's mode ({@link ModeRules}) refuses the algorithms
     */
    public byte[] seal(byte[] message, List<PublicIdentity> recipients, Identity sender) {
        return envelopes.seal(message, recipients, sender, DEFAULT_CHUNK_SIZE, false);
    }

    /**
     * Seals everything {@code in} delivers to every one of {@code recipients} as a multi-recipient
     * envelope (version 3) written to {@code out}: one pass, constant memory, chunks of {@code chunkSize}
     * bytes. Neither stream is closed. Returns the number of message bytes.
     *
     * @param hideKeyIds leave the recipients' key ids out of the header: an outsider then learns only how many
     *                   recipients there are and their KEMs, and each recipient tries its keys on every entry of
     *                   its KEM (trial decapsulation, up to one per entry and key)
     * @throws dev.qsafe.api.InvalidInputException    as {@link #seal(byte[], List, Identity)}, or a bad chunk size
     * @throws dev.qsafe.api.PolicyViolationException as {@link #seal(byte[], List, Identity)}
     * @throws IOException                            if reading or writing fails
     */
    public long sealStream(InputStream in, OutputStream out, List<PublicIdentity> recipients, Identity sender, int chunkSize,
                           boolean hideKeyIds) throws IOException {
        return envelopes.sealStream(in, out, recipients, sender, chunkSize, hideKeyIds);
    }

    /**
     * Opens an envelope read from {@code in} (a streaming envelope in constant memory, or a version 1
     * envelope within {@code maxMessageBytes}) sealed to {@code recipient}, checks it was signed by
     * {@code sender}, and writes the message to {@code out}; returns its length. Neither stream is closed.
     *
     * <p><b>Discard the output if this throws.</b> Each chunk is authenticated (under the recipient's
     * key) before any of it is written, but the sender's signature covers the whole message and comes at
     * the end: until this method returns normally, what was written is neither known to be from
     * {@code sender} nor known to be complete. Write to a temporary place and release it only after this
     * returns (as {@code qsafe open} does); see docs/FORMAT.md, "Opening, and what it releases".
     *
     * @throws dev.qsafe.api.DecryptionFailedException uniformly, for a modified, truncated, extended or
     *                                                 reordered stream, a wrong key or another sender
     * @throws dev.qsafe.api.PolicyViolationException  as {@link #open}
     * @throws dev.qsafe.api.InvalidKeyException       if it was sealed to another key, or {@code recipient} was destroyed
     * @throws dev.qsafe.api.InvalidInputException     if the input does not start with a well-formed envelope header
     * @throws IOException                             if reading or writing fails
     */
    public long openStream(InputStream in, OutputStream out, Identity recipient, PublicIdentity sender) throws IOException {
        return envelopes.openStream(in, out, recipient, sender);
    }

    /** {@link #openStream(InputStream, OutputStream, Identity, PublicIdentity)} over channels (neither is closed). */
    public long openStream(ReadableByteChannel in, WritableByteChannel out, Identity recipient, PublicIdentity sender)
            throws IOException {
        return envelopes.openStream(Channels.newInputStream(in), Channels.newOutputStream(out), recipient, sender);
    }

    /**
     * Random access: the message bytes of chunk {@code index} (chunk {@code i} holds message bytes
     * {@code i * chunkSize ..}) of a streaming envelope, read at its place in {@code envelope}: version 2,
     * or version 3 (several recipients) through {@code recipient}'s own entry (found by its key id, or by
     * trial decapsulation when the sender hid the key ids), as {@link #openStream} finds it.
     *
     * <p>The chunk is authenticated as encrypted to {@code recipient}, at this position of this envelope.
     * <b>The sender's signature is not verified</b> (it covers the whole message): {@code sender} only
     * sets the mode's rules. For version 3 this also means the chunk is known to be encrypted under the
     * content key of this envelope's header, which every recipient holds: any recipient could have made it.
     * Open the envelope once with {@link #openStream} to know it is from the sender.
     *
     * @throws dev.qsafe.api.InvalidInputException     if it is not a streaming envelope or the index is outside the message
     * @throws dev.qsafe.api.DecryptionFailedException if the chunk or the trailer does not authenticate (a modified or moved
     *                                                 chunk, a wrong last-chunk flag, a truncated envelope), the recipient's
     *                                                 entry does not open, or, key ids hidden, no entry opens for {@code recipient}
     * @throws dev.qsafe.api.InvalidKeyException       if it was sealed to another key (version 3 with key ids: {@code recipient} is
     *                                                 not among its recipients)
     */
    public byte[] openChunk(java.nio.channels.SeekableByteChannel envelope, long index, Identity recipient, PublicIdentity sender)
            throws IOException {
        return envelopes.openChunk(envelope, index, recipient, sender);
    }

    /** The data path, for the facade's companions in this package ({@link Rewrap}). */
    Envelopes envelopes() {
        return envelopes;
    }

    /** The header of an envelope (no key needed; nothing is authenticated until it is opened). */
    public EnvelopeHeader inspect(byte[] envelope) {
        return envelopes.inspect(envelope);
    }

    /**
     * The header of an envelope without building a facade or discovering providers (for tools that only
     * look, such as {@code qsafe inspect}): no key, no engine, nothing authenticated.
     *
     * @param maxMessageBytes the largest message the header may announce (the configuration's limit)
     * @throws dev.qsafe.api.InvalidInputException        if the bytes are not a well-formed envelope
     * @throws dev.qsafe.api.UnsupportedAlgorithmException if an algorithm id is unknown before discovery
     *                                                     (a third party's: use {@link #inspect} then)
     */
    public static EnvelopeHeader readHeader(byte[] envelope, long maxMessageBytes) {
        return Envelopes.header(envelope, maxMessageBytes);
    }

    /** A detached signature of {@code message} by {@code signer}. */
    public byte[] sign(byte[] message, Identity signer) {
        return envelopes.sign(message, signer);
    }

    /**
     * Verifies a detached signature.
     *
     * @throws dev.qsafe.api.InvalidSignatureException if it is not {@code signer}'s signature of {@code message}
     */
    public void verify(byte[] message, byte[] signature, PublicIdentity signer) {
        envelopes.verify(message, signature, signer);
    }

    /** Stops the batch executor (running batches finish their started items), drops every cache entry and wipes cached secrets. */
    @Override
    public void close() {
        synchronized (executorLock) {
            closed = true;
            if (batchExecutor != null) {
                batchExecutor.shutdown();
            }
        }
        if (caches != null) {
            caches.invalidateAll();
        }
        pool.clear();
    }

    /** The batch executor, created on first use. */
    ExecutorService batchExecutor() {
        synchronized (executorLock) {
            if (closed) {
                throw new IllegalStateException("this QSafe was closed");
            }
            if (batchExecutor == null) {
                RuntimeSettings rs = config.runtime();
                if (rs.batchExecutor() == RuntimeSettings.BatchExecutor.VIRTUAL) {
                    batchExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("qsafe-batch-", 0).factory());
                    batchPermits = new Semaphore(rs.batchParallelism());
                } else {
                    AtomicInteger n = new AtomicInteger();
                    ThreadFactory f = r -> {
                        Thread t = new Thread(r, "qsafe-batch-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    };
                    batchExecutor = Executors.newFixedThreadPool(rs.batchParallelism(), f);
                }
            }
            return batchExecutor;
        }
    }

    /** Limits items running at once on virtual threads; {@code null} for a fixed pool (its size is the limit). */
    Semaphore batchPermits() {
        synchronized (executorLock) {
            return batchPermits;
        }
    }

    /** Builds a {@link QSafe}; each setter may be called once. */
    public static final class Builder {
        private CryptoRegistry registry;
        private QSafeConfig config;
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /** The clock of cache expiry, in nanoseconds (tests move it by hand). */
        Builder cacheTicker(java.util.function.LongSupplier nanos) {
            this.ticker = nanos::getAsLong;
            return this;
        }

        /** The configuration; default {@link QSafeConfig#fromSystem()}. */
        public Builder config(QSafeConfig config) {
            if (this.config != null) {
                throw new ConfigurationException("config is already set");
            }
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The registry; default {@link CryptoRegistry#discover(RegistryConfig)} with the configuration's providers. */
        public Builder registry(CryptoRegistry registry) {
            if (this.registry != null) {
                throw new ConfigurationException("registry is already set");
            }
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The facade. */
        public QSafe build() {
            QSafeConfig c = config != null ? config : QSafeConfig.fromSystem();
            CryptoRegistry r = registry != null ? registry : CryptoRegistry.discover(c.providers());
            if (!r.config().profile().equals(c.profile())) {
                // the registry enforces the profile: a configuration's profile a given registry lacks would be silently off
                throw new ConfigurationException("the configuration's policy profile (" + c.profile().map(Object::toString).orElse("none")
                        + ") is not the registry's (" + r.config().profile().map(Object::toString).orElse("none")
                        + "): discover the registry with config.providers()");
            }
            return new QSafe(r, c, ticker);
        }
    }
}

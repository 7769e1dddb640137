package dev.qsafe.runtime.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyId;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The runtime's four Caffeine caches, each bounded by bytes ({@code maximumWeight} with a weigher that
 * estimates the retained size of an entry) and by a time to live after write, with statistics:
 * <ul>
 *   <li>{@code publicKeys}: parsed public keys by (algorithm, key id);</li>
 *   <li>{@code identities}: own identities (key pairs) by (name, suite);</li>
 *   <li>{@code signatures}: "this signature verified" results, keyed by a SHA-256 over the algorithm,
 *       public key, signed bytes, signature and context, each length-prefixed, so a hit binds exactly
 *       the bytes that would have been verified. Only successes are stored;</li>
 *   <li>{@code hpkeSecrets} (only when enabled): KEM shared secrets by (the recipient's private key
 *       object, KEM, SHA-256 of the encapsulation); values are wiped when they expire, are evicted or
 *       are removed, and callers only ever get a copy. Used through {@link #decapsulationCache}, a KEM
 *       engine that wraps the registry's, so HPKE knows no cache.</li>
 * </ul>
 * Removal listeners run on the calling thread, so wiping is done when {@link #cleanUp()} returns.
 */
public final class RuntimeCaches {
    /** Rough per-entry overhead of Caffeine's node, the key object and the map slot. */
    static final int ENTRY_OVERHEAD = 96;
    /** What a key id weighs in the public-key cache: as much as its hex string did (32 chars), so bounds evict as before. */
    private static final int KEY_ID_WEIGHT = KeyId.HEX_LENGTH * 2;
    private static final byte[] SIGNATURE_DOMAIN = "qsafe verified-signature cache v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECRET_DOMAIN = "qsafe hpke secret cache v1".getBytes(StandardCharsets.US_ASCII);

    private final Cache<KeyRef, PublicKey> publicKeys;
    private final Cache<IdentityRef, Identity> identities;
    private final Cache<Digest, Boolean> signatures;
    private final Cache<SecretRef, CachedSecret> hpkeSecrets; // null when disabled
    /** Sees each array the secret cache copies a secret into (tests check it is zeroed later). */
    volatile java.util.function.Consumer<byte[]> secretArrayObserver = b -> { };

    public RuntimeCaches(RuntimeSettings s, Ticker ticker) {
        publicKeys = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run).recordStats()
                .maximumWeight(s.publicKeysMaxBytes()).expireAfterWrite(s.publicKeysTtl())
                .weigher((KeyRef k, PublicKey v) -> ENTRY_OVERHEAD + KEY_ID_WEIGHT + v.length())
                .build();
        // Private keys: a scheduler drops an expired identity when its time is up, not at the next
        // cache access, which may never come.
        identities = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run).scheduler(Scheduler.systemScheduler())
                .recordStats()
                .maximumWeight(s.identitiesMaxBytes()).expireAfterWrite(s.identitiesTtl())
                .weigher((IdentityRef k, Identity v) -> ENTRY_OVERHEAD * 3 + (k.name().length() + k.suite().length()) * 2
                        + v.kem().publicKey().length() + v.kem().privateKey().length()
                        + v.signature().publicKey().length() + v.signature().privateKey().length())
                .build();
        signatures = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run).recordStats()
                .maximumWeight(s.signaturesMaxBytes()).expireAfterWrite(s.signaturesTtl())
                .weigher((Digest k, Boolean v) -> ENTRY_OVERHEAD + 32)
                .build();
        hpkeSecrets = !s.hpkeSecretsEnabled() ? null : Caffeine.newBuilder().ticker(ticker).executor(Runnable::run)
                .recordStats()
                .maximumWeight(s.hpkeSecretsMaxBytes()).expireAfterWrite(s.hpkeSecretsTtl())
                .weigher((SecretRef k, CachedSecret v) -> ENTRY_OVERHEAD * 2 + 32 + v.length)
                .<SecretRef, CachedSecret>removalListener((k, v, cause) -> {
                    if (v != null) {
                        v.wipe();
                    }
                })
                .build();
    }

    /** A public key by algorithm and key id, if cached. */
    public Optional<PublicKey> publicKey(Algorithm algorithm, KeyId keyId) {
        return Optional.ofNullable(publicKeys.getIfPresent(new KeyRef(algorithm, keyId)));
    }

    /** Caches {@code key} under its algorithm and key id. */
    public void putPublicKey(PublicKey key) {
        publicKeys.put(new KeyRef(key.algorithm(), key.id()), key);
    }

    /** The cached key for this algorithm and key id, or the one {@code parse} produces (timed as a load). */
    public PublicKey publicKey(Algorithm algorithm, KeyId keyId, Supplier<PublicKey> parse) {
        return publicKeys.get(new KeyRef(algorithm, keyId), k -> {
            PublicKey parsed = parse.get();
            if (!parsed.algorithm().equals(algorithm) || !parsed.id().equals(k.keyId())) {
                throw new InvalidKeyException("the key parsed is " + parsed.algorithm() + " " + parsed.keyId()
                        + ", not the " + algorithm + " " + k.keyId() + " looked up");
            }
            return parsed;
        });
    }

    /** An own identity by name and suite, if cached. */
    public Optional<Identity> identity(String name, String suite) {
        IdentityRef ref = new IdentityRef(name, suite);
        Identity id = identities.getIfPresent(ref);
        if (id != null && (id.kem().privateKey().isDestroyed() || id.signature().privateKey().isDestroyed())) {
            identities.invalidate(ref); // destroyed by its owner since: never hand it out again
            return Optional.empty();
        }
        return Optional.ofNullable(id);
    }

    /** Caches an own identity under its name and suite. */
    public void putIdentity(Identity identity) {
        identities.put(new IdentityRef(identity.name(), identity.suite().name()), identity);
    }

    /**
     * Runs {@code verify} (which throws if the signature does not verify) unless this exact
     * (algorithm, key, message, signature, context) verified before and is still cached.
     */
    public void verifyOnce(PublicKey key, byte[] message, byte[] signature, byte[] context, Runnable verify) {
        Digest d = signatureDigest(key, message, signature, context);
        signatures.get(d, k -> {
            verify.run();
            return Boolean.TRUE;
        });
    }

    /** Verification through this cache: a signature verified once is not verified again for the same bytes. */
    public SignatureVerification signatureVerification() {
        return (engine, key, signed, signature) -> verifyOnce(key, signed, signature, SignatureVerification.NO_CONTEXT,
                () -> engine.verify(key, signed, signature, SignatureVerification.NO_CONTEXT));
    }

    /** Whether this exact signature is cached as verified (for tests). */
    public boolean isVerifiedCached(PublicKey key, byte[] message, byte[] signature, byte[] context) {
        return signatures.getIfPresent(signatureDigest(key, message, signature, context)) != null;
    }

    /** Whether the HPKE secret cache is on. */
    public boolean hpkeSecretsEnabled() {
        return hpkeSecrets != null;
    }

    /**
     * {@code kem} with decapsulation through the secret cache (a {@link CachingKem}), or {@code kem} itself
     * when the cache is off.
     */
    public KemSpi decapsulationCache(KemSpi kem) {
        return hpkeSecrets == null ? kem : new CachingKem(kem, this);
    }

    /**
     * A copy of the KEM shared secret of {@code enc} under {@code recipient}: cached, or from
     * {@code decapsulate} (whose result is copied into the cache and handed over). The caller destroys
     * what it gets.
     */
    public SecretBytes sharedSecret(PrivateKey recipient, byte[] enc, Supplier<SecretBytes> decapsulate) {
        if (hpkeSecrets == null) {
            return decapsulate.get();
        }
        SecretRef ref = new SecretRef(recipient, sha256(SECRET_DOMAIN, recipient.algorithm().name().getBytes(StandardCharsets.US_ASCII), enc));
        CachedSecret cached = hpkeSecrets.get(ref, k -> {
            SecretBytes fresh = decapsulate.get();
            try {
                CachedSecret c = new CachedSecret(fresh.rawBytes(SecretAccess.INSECURE));
                secretArrayObserver.accept(c.bytes);
                return c;
            } finally {
                fresh.destroy();
            }
        });
        SecretBytes copy = cached.copy();
        return copy != null ? copy : decapsulate.get(); // wiped between lookup and copy: decapsulate again
    }

    /** The cached secret object for a reference (tests check that eviction zeroes it). */
    public Optional<byte[]> cachedSecretArrayForTest(PrivateKey recipient, byte[] enc) {
        if (hpkeSecrets == null) {
            return Optional.empty();
        }
        CachedSecret c = hpkeSecrets.getIfPresent(new SecretRef(recipient,
                sha256(SECRET_DOMAIN, recipient.algorithm().name().getBytes(StandardCharsets.US_ASCII), enc)));
        return c == null ? Optional.empty() : Optional.of(c.bytes);
    }

    /** Drops every entry (secrets are wiped). */
    public void invalidateAll() {
        publicKeys.invalidateAll();
        identities.invalidateAll();
        signatures.invalidateAll();
        if (hpkeSecrets != null) {
            hpkeSecrets.invalidateAll();
        }
        cleanUp();
    }

    /** Runs pending maintenance: expired entries are removed (and secrets wiped) now. */
    public void cleanUp() {
        publicKeys.cleanUp();
        identities.cleanUp();
        signatures.cleanUp();
        if (hpkeSecrets != null) {
            hpkeSecrets.cleanUp();
        }
    }

    /** Statistics per cache, by name. */
    public Map<String, MetricsSnapshot.CacheStats> stats() {
        Map<String, MetricsSnapshot.CacheStats> out = new LinkedHashMap<>();
        out.put("publicKeys", stats(publicKeys));
        out.put("identities", stats(identities));
        out.put("signatures", stats(signatures));
        if (hpkeSecrets != null) {
            out.put("hpkeSecrets", stats(hpkeSecrets));
        }
        return out;
    }

    private static MetricsSnapshot.CacheStats stats(Cache<?, ?> cache) {
        var st = cache.stats();
        var eviction = cache.policy().eviction();
        long weighted = eviction.flatMap(e -> e.weightedSize().stream().boxed().findFirst()).orElse(0L);
        long max = eviction.map(e -> e.getMaximum()).orElse(0L);
        return new MetricsSnapshot.CacheStats(cache.estimatedSize(), weighted, max, st.hitCount(), st.missCount(),
                st.hitRate(), st.evictionCount(), st.loadSuccessCount(), st.loadFailureCount(), st.totalLoadTime());
    }

    public static Digest signatureDigest(PublicKey key, byte[] message, byte[] signature, byte[] context) {
        return new Digest(sha256(SIGNATURE_DOMAIN, key.algorithm().name().getBytes(StandardCharsets.US_ASCII),
                key.encoded(), message, signature, context));
    }

    /** SHA-256 over the parts, each preceded by its length as 8 bytes, so no two inputs share an encoding. */
    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer len = ByteBuffer.allocate(8);
            for (byte[] p : parts) {
                len.clear();
                md.update(len.putLong(p.length).array());
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** By the algorithm's canonical name (cheaper to hash than {@link Algorithm}, which folds case on each call). */
    private record KeyRef(String algorithm, KeyId keyId) {
        KeyRef(Algorithm algorithm, KeyId keyId) {
            this(Objects.requireNonNull(algorithm, "algorithm").name(), Objects.requireNonNull(keyId, "keyId"));
        }
    }

    private record IdentityRef(String name, String suite) {
    }

    /** A 32-byte digest compared in constant time. */
    public static final class Digest {
        private final byte[] bytes;
        private final int hash;

        Digest(byte[] bytes) {
            this.bytes = bytes;
            this.hash = ByteBuffer.wrap(bytes).getInt();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "Digest[sha256]";
        }
    }

    /** Identifies a shared secret: which private key object (by identity), and a digest of the KEM and enc. */
    private static final class SecretRef {
        private final PrivateKey key;
        private final byte[] digest;

        SecretRef(PrivateKey key, byte[] digest) {
            this.key = key;
            this.digest = digest;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SecretRef r && r.key == key && MessageDigest.isEqual(digest, r.digest);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key) * 31 + ByteBuffer.wrap(digest).getInt();
        }

        @Override
        public String toString() {
            return "SecretRef[" + key.algorithm() + "]";
        }
    }

    /** A cached secret: copied out and wiped under one lock, so a copy is never half-wiped. */
    private static final class CachedSecret {
        private final byte[] bytes;
        private final int length;
        private boolean wiped;

        CachedSecret(byte[] bytes) {
            this.bytes = bytes;
            this.length = bytes.length;
        }

        synchronized SecretBytes copy() {
            return wiped ? null : SecretBytes.copyOf(bytes);
        }

        synchronized void wipe() {
            Arrays.fill(bytes, (byte) 0);
            wiped = true;
        }

        @Override
        public String toString() {
            return "CachedSecret[" + length + " bytes]";
        }
    }
}

package dev.qsafe.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import dev.qsafe.runtime.suite.Suite;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RuntimeCachesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private RuntimeCaches caches(RuntimeSettings s) {
        return new RuntimeCaches(s, now::get);
    }

    private RuntimeCaches caches() {
        return caches(RuntimeSettings.defaults().withHpkeSecrets(true, Duration.ofSeconds(60)));
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static PublicKey ed25519() {
        return PublicKey.of(Algorithm.ED25519, random(32));
    }

    @Test
    void verifyOnce_secondTimeIsAHit_andSkipsTheVerification() {
        RuntimeCaches c = caches();
        PublicKey key = ed25519();
        byte[] msg = random(100);
        byte[] sig = random(64);
        AtomicInteger verified = new AtomicInteger();
        c.verifyOnce(key, msg, sig, new byte[0], verified::incrementAndGet);
        c.verifyOnce(key, msg, sig, new byte[0], verified::incrementAndGet);
        c.verifyOnce(key, msg.clone(), sig.clone(), new byte[0], verified::incrementAndGet);
        assertEquals(1, verified.get());
        MetricsSnapshot.CacheStats s = c.stats().get("signatures");
        assertEquals(2, s.hits());
        assertEquals(1, s.misses());
        assertEquals(1, s.loads());
    }

    @Test
    void verifyOnce_anyOtherByte_isVerifiedAgain() {
        RuntimeCaches c = caches();
        PublicKey key = ed25519();
        byte[] msg = random(100);
        byte[] sig = random(64);
        AtomicInteger verified = new AtomicInteger();
        c.verifyOnce(key, msg, sig, new byte[0], verified::incrementAndGet);
        byte[] msg2 = msg.clone();
        msg2[99] ^= 1;
        byte[] sig2 = sig.clone();
        sig2[0] ^= (byte) 0x80;
        c.verifyOnce(key, msg2, sig, new byte[0], verified::incrementAndGet);
        c.verifyOnce(key, msg, sig2, new byte[0], verified::incrementAndGet);
        c.verifyOnce(ed25519(), msg, sig, new byte[0], verified::incrementAndGet);
        c.verifyOnce(key, msg, sig, new byte[] {1}, verified::incrementAndGet);
        // the same bytes shifted between message and signature must not collide either
        byte[] msgShort = java.util.Arrays.copyOf(msg, 99);
        byte[] sigLong = new byte[65];
        sigLong[0] = msg[99];
        System.arraycopy(sig, 0, sigLong, 1, 64);
        c.verifyOnce(key, msgShort, sigLong, new byte[0], verified::incrementAndGet);
        assertEquals(6, verified.get());
    }

    @Test
    void verifyOnce_failureIsNotCached() {
        RuntimeCaches c = caches();
        PublicKey key = ed25519();
        byte[] msg = random(10);
        byte[] sig = random(64);
        for (int i = 0; i < 2; i++) {
            assertThrows(InvalidSignatureException.class, () -> c.verifyOnce(key, msg, sig, new byte[0], () -> {
                throw new InvalidSignatureException("no");
            }));
        }
        assertFalse(c.isVerifiedCached(key, msg, sig, new byte[0]));
        assertEquals(2, c.stats().get("signatures").loadFailures());
    }

    @Test
    void verifiedEntry_expires_andIsNotServedAfterItsTtl() {
        RuntimeCaches c = caches();
        PublicKey key = ed25519();
        byte[] msg = random(10);
        byte[] sig = random(64);
        AtomicInteger verified = new AtomicInteger();
        c.verifyOnce(key, msg, sig, new byte[0], verified::incrementAndGet);
        advance(RuntimeSettings.defaults().signaturesTtl().minusSeconds(1));
        assertTrue(c.isVerifiedCached(key, msg, sig, new byte[0]));
        advance(Duration.ofSeconds(2));
        assertFalse(c.isVerifiedCached(key, msg, sig, new byte[0]), "expired entries are never served");
        c.verifyOnce(key, msg, sig, new byte[0], verified::incrementAndGet);
        assertEquals(2, verified.get());
    }

    @Test
    void publicKeys_byAlgorithmAndKeyId_neverAnotherKeysEntry() {
        RuntimeCaches c = caches();
        PublicKey a = ed25519();
        PublicKey b = ed25519();
        c.putPublicKey(a);
        assertEquals(a, c.publicKey(Algorithm.ED25519, a.id()).orElseThrow());
        assertTrue(c.publicKey(Algorithm.ED25519, b.id()).isEmpty());
        assertTrue(c.publicKey(Algorithm.DHKEM_X25519, a.id()).isEmpty(), "the algorithm is part of the key");
        AtomicInteger parsed = new AtomicInteger();
        assertEquals(b, c.publicKey(Algorithm.ED25519, b.id(), () -> {
            parsed.incrementAndGet();
            return b;
        }));
        assertEquals(b, c.publicKey(Algorithm.ED25519, b.id(), () -> {
            parsed.incrementAndGet();
            return b;
        }));
        assertEquals(1, parsed.get());
        PublicKey other = ed25519();
        assertThrows(InvalidKeyException.class, () -> c.publicKey(Algorithm.ED25519, other.id(), () -> a),
                "a parse that yields another key is refused, not cached under the wrong id");
        assertTrue(c.publicKey(Algorithm.ED25519, other.id()).isEmpty());
        MetricsSnapshot.CacheStats s = c.stats().get("publicKeys");
        assertTrue(s.hits() >= 2 && s.loads() == 1, s.toString());
    }

    @Test
    void publicKeys_boundedByBytes_evicts() {
        RuntimeSettings s = RuntimeSettings.newBuilder()
                .publicKeys(10_000, Duration.ofHours(1))
                .identities(10_000, Duration.ofHours(1))
                .signatures(10_000, Duration.ofHours(1))
                .hpkeSecrets(false, 1000, Duration.ofSeconds(5))
                .pool(true, 1000, 100)
                .batch(RuntimeSettings.BatchExecutor.VIRTUAL, 2, Duration.ofSeconds(5))
                .build();
        RuntimeCaches c = caches(s);
        for (int i = 0; i < 200; i++) {
            c.putPublicKey(PublicKey.of(Algorithm.ML_DSA_65, random(1952)));
        }
        c.cleanUp();
        MetricsSnapshot.CacheStats st = c.stats().get("publicKeys");
        assertTrue(st.weightBytes() <= 10_000, st.toString());
        assertTrue(st.evictions() >= 190, st.toString());
    }

    @Test
    void hpkeSecret_cachedPerKeyObjectAndEnc_callerGetsACopy() {
        RuntimeCaches c = caches();
        PrivateKey k1 = PrivateKey.of(Algorithm.DHKEM_X25519, random(32));
        PrivateKey k2 = PrivateKey.of(Algorithm.DHKEM_X25519, k1.rawBytes(SecretAccess.INSECURE)); // same bytes, other object
        byte[] enc = random(32);
        byte[] secret = random(32);
        AtomicInteger decaps = new AtomicInteger();
        SecretBytes s1 = c.sharedSecret(k1, enc, () -> {
            decaps.incrementAndGet();
            return SecretBytes.copyOf(secret);
        });
        SecretBytes s2 = c.sharedSecret(k1, enc.clone(), () -> {
            decaps.incrementAndGet();
            return SecretBytes.copyOf(secret);
        });
        assertEquals(1, decaps.get());
        assertArrayEquals(secret, s2.rawBytes(SecretAccess.INSECURE));
        s1.destroy();
        assertArrayEquals(secret, c.sharedSecret(k1, enc, () -> {
            throw new AssertionError("cached");
        }).rawBytes(SecretAccess.INSECURE), "destroying the caller's copy leaves the cache intact");
        c.sharedSecret(k2, enc, () -> {
            decaps.incrementAndGet();
            return SecretBytes.copyOf(random(32));
        });
        byte[] enc2 = enc.clone();
        enc2[0] ^= 1;
        c.sharedSecret(k1, enc2, () -> {
            decaps.incrementAndGet();
            return SecretBytes.copyOf(random(32));
        });
        assertEquals(3, decaps.get(), "another key object or another enc is another entry");
    }

    @Test
    void hpkeSecret_wipedWhenItExpires() {
        RuntimeCaches c = caches();
        PrivateKey k = PrivateKey.of(Algorithm.DHKEM_X25519, random(32));
        byte[] enc = random(32);
        c.sharedSecret(k, enc, () -> SecretBytes.copyOf(random(32))).destroy();
        byte[] held = c.cachedSecretArrayForTest(k, enc).orElseThrow();
        assertFalse(isZero(held));
        advance(Duration.ofSeconds(61));
        assertTrue(c.cachedSecretArrayForTest(k, enc).isEmpty(), "never served after its TTL");
        c.cleanUp();
        assertTrue(isZero(held), "wiped on expiry");
        assertEquals(1, c.stats().get("hpkeSecrets").evictions());
    }

    @Test
    void hpkeSecret_wipedWhenEvictedBySize_orInvalidated() {
        RuntimeSettings s = RuntimeSettings.defaults().withHpkeSecrets(true, Duration.ofMinutes(5));
        s = s.toBuilder()
                .hpkeSecrets(true, 2_000, Duration.ofMinutes(5))
                .pool(true, 1000, 100)
                .batch(RuntimeSettings.BatchExecutor.VIRTUAL, 2, Duration.ofSeconds(5))
                .build();
        RuntimeCaches c = caches(s);
        PrivateKey k = PrivateKey.of(Algorithm.DHKEM_X25519, random(32));
        java.util.List<byte[]> arrays = new java.util.ArrayList<>();
        java.util.List<byte[]> encs = new java.util.ArrayList<>();
        c.secretArrayObserver = arrays::add;
        for (int i = 0; i < 40; i++) {
            byte[] enc = random(32);
            encs.add(enc);
            c.sharedSecret(k, enc, () -> SecretBytes.copyOf(random(32))).destroy();
        }
        assertEquals(40, arrays.size());
        c.cleanUp();
        int present = 0;
        for (int i = 0; i < 40; i++) {
            if (c.cachedSecretArrayForTest(k, encs.get(i)).isPresent()) {
                present++;
                assertFalse(isZero(arrays.get(i)));
            } else {
                assertTrue(isZero(arrays.get(i)), "evicted secret " + i + " is wiped");
            }
        }
        assertTrue(present < 40 && present > 0, "bounded: " + present);
        c.invalidateAll();
        arrays.forEach(a -> assertTrue(isZero(a), "wiped on removal"));
    }

    @Test
    void hpkeSecrets_offByDefault_decapsulatesEveryTime() {
        RuntimeCaches c = caches(RuntimeSettings.defaults());
        assertFalse(c.hpkeSecretsEnabled());
        PrivateKey k = PrivateKey.of(Algorithm.DHKEM_X25519, random(32));
        AtomicInteger decaps = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            c.sharedSecret(k, new byte[32], () -> {
                decaps.incrementAndGet();
                return SecretBytes.copyOf(new byte[32]);
            });
        }
        assertEquals(3, decaps.get());
        assertFalse(c.stats().containsKey("hpkeSecrets"));
    }

    /** A KEM engine that counts decapsulations and returns a secret fixed by the enc's first byte. */
    private static final class CountingKem implements dev.qsafe.api.spi.KemSpi {
        final AtomicInteger decapsulations = new AtomicInteger();

        @Override
        public Algorithm algorithm() {
            return Algorithm.DHKEM_X25519;
        }

        @Override
        public SecretBytes decapsulate(PrivateKey privateKey, byte[] encapsulation) {
            decapsulations.incrementAndGet();
            byte[] s = new byte[32];
            s[0] = encapsulation[0];
            return SecretBytes.copyOf(s);
        }

        @Override
        public KeyPair generateKeyPair() {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyPair deriveKeyPair(byte[] seed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PublicKey derivePublicKey(PrivateKey privateKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.qsafe.api.Encapsulation encapsulate(PublicKey recipient) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.qsafe.api.Encapsulation engineEncapsulateDerandomized(PublicKey recipient, byte[] randomness) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void decapsulationCache_wrapsTheKem_decapsulatesOncePerKeyObjectAndEnc() {
        CountingKem kem = new CountingKem();
        assertSame(kem, caches(RuntimeSettings.defaults()).decapsulationCache(kem), "with the secret cache off, the engine itself");
        dev.qsafe.api.spi.KemSpi wrapped = caches().decapsulationCache(kem);
        assertEquals(Algorithm.DHKEM_X25519, wrapped.algorithm());
        PrivateKey k = PrivateKey.of(Algorithm.DHKEM_X25519, random(32));
        byte[] enc = random(32);
        byte[] first = wrapped.decapsulate(k, enc).rawBytes(SecretAccess.INSECURE);
        assertArrayEquals(first, wrapped.decapsulate(k, enc.clone()).rawBytes(SecretAccess.INSECURE));
        assertEquals(1, kem.decapsulations.get());
        byte[] other = enc.clone();
        other[0] ^= 1;
        wrapped.decapsulate(k, other);
        assertEquals(2, kem.decapsulations.get(), "another enc is decapsulated");
        assertThrows(UnsupportedOperationException.class, wrapped::generateKeyPair, "everything else goes to the engine");
    }

    @Test
    void signatureVerification_verifiesOnceForTheSameBytes() {
        RuntimeCaches c = caches();
        PublicKey key = ed25519();
        AtomicInteger verified = new AtomicInteger();
        dev.qsafe.api.SignatureScheme engine = (dev.qsafe.api.SignatureScheme) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.qsafe.api.SignatureScheme.class}, (proxy, m, args) -> {
                    if (m.getName().equals("verify")) {
                        verified.incrementAndGet();
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        byte[] msg = random(10);
        byte[] sig = random(64);
        c.signatureVerification().verify(engine, key, msg, sig);
        c.signatureVerification().verify(engine, key, msg.clone(), sig.clone());
        assertEquals(1, verified.get());
        SignatureVerification.DIRECT.verify(engine, key, msg, sig);
        SignatureVerification.DIRECT.verify(engine, key, msg, sig);
        assertEquals(3, verified.get(), "direct verification every time");
    }

    @Test
    void identities_byNameAndSuite() {
        RuntimeCaches c = caches();
        KeyPair kem = new KeyPair(PublicKey.of(Algorithm.DHKEM_X25519, random(32)), PrivateKey.of(Algorithm.DHKEM_X25519, random(32)));
        KeyPair sig = new KeyPair(ed25519(), PrivateKey.of(Algorithm.ED25519, random(32)));
        Identity alice = new Identity("alice", Suite.CLASSICAL, kem, sig);
        c.putIdentity(alice);
        assertEquals(alice, c.identity("alice", Suite.CLASSICAL.name()).orElseThrow());
        assertTrue(c.identity("bob", Suite.CLASSICAL.name()).isEmpty());
        assertTrue(c.identity("alice", Suite.HYBRID.name()).isEmpty());
        alice.destroy();
        assertTrue(c.identity("alice", Suite.CLASSICAL.name()).isEmpty(), "a destroyed identity is never handed out");
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}

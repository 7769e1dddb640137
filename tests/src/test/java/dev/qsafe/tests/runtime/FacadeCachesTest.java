package dev.qsafe.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The caches wired into the facade: repeats hit, nothing is weakened, off means off. */
class FacadeCachesTest {
    private static final byte[] MESSAGE = "cache me if you can".getBytes(StandardCharsets.US_ASCII);

    private static MetricsSnapshot.CacheStats stats(QSafe q, String cache) {
        return q.metrics().snapshot().caches().get(cache);
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void openTwice_secondVerificationIsACacheHit_sameMessage(CryptoMode mode) {
        Runtimes.assumeMode(mode);
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults())) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            byte[] envelope = q.seal(MESSAGE, bob.publicIdentity(), alice);
            assertArrayEquals(MESSAGE, q.open(envelope, bob, alice.publicIdentity()));
            long hits = stats(q, "signatures").hits();
            assertArrayEquals(MESSAGE, q.open(envelope, bob, alice.publicIdentity()));
            assertArrayEquals(MESSAGE, q.open(envelope, bob, alice.publicIdentity()));
            assertEquals(hits + 2, stats(q, "signatures").hits(), "repeat opens skip the signature verification");
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void cachedVerification_neverAcceptsOtherBytes(CryptoMode mode) {
        Runtimes.assumeMode(mode);
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults())) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            Identity mallory = q.generateIdentity("mallory", mode);
            byte[] envelope = q.seal(MESSAGE, bob.publicIdentity(), alice);
            q.open(envelope, bob, alice.publicIdentity()); // now cached as verified
            assertThrows(DecryptionFailedException.class, () -> q.open(envelope, bob, mallory.publicIdentity()),
                    "the cached result binds the sender's key");
            byte[] flipped = envelope.clone();
            flipped[flipped.length - 1] ^= 1;
            assertThrows(DecryptionFailedException.class, () -> q.open(flipped, bob, alice.publicIdentity()));
            assertThrows(InvalidKeyException.class, () -> q.open(envelope, mallory, alice.publicIdentity()));

            byte[] sig = q.sign(MESSAGE, alice);
            q.verify(MESSAGE, sig, alice.publicIdentity());
            long hits = stats(q, "signatures").hits();
            q.verify(MESSAGE, sig, alice.publicIdentity());
            assertEquals(hits + 1, stats(q, "signatures").hits());
            byte[] other = MESSAGE.clone();
            other[0] ^= 1;
            assertThrows(InvalidSignatureException.class, () -> q.verify(other, sig, alice.publicIdentity()));
            assertThrows(InvalidSignatureException.class, () -> q.verify(MESSAGE, sig, mallory.publicIdentity()));
        }
    }

    @Test
    void cachesOff_noCacheStatistics_andEverythingStillWorks() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults().withCachesEnabled(false))) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            byte[] envelope = q.seal(MESSAGE, bob.publicIdentity(), alice);
            assertArrayEquals(MESSAGE, q.open(envelope, bob, alice.publicIdentity()));
            assertArrayEquals(MESSAGE, q.open(envelope, bob, alice.publicIdentity()));
            assertTrue(q.metrics().snapshot().caches().isEmpty());
            assertTrue(q.cachedIdentity("alice", alice.suite()).isEmpty());
            assertTrue(q.cachedPublicKey(alice.signature().algorithm(), alice.signature().publicKey().keyId()).isEmpty());
        }
    }

    @Test
    void hpkeSecretCache_whenEnabled_repeatOpenHits_andOpensTheSameMessage() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults().withHpkeSecrets(true, Duration.ofSeconds(30)))) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            byte[] envelope = q.seal(MESSAGE, bob.publicIdentity(), alice);
            q.open(envelope, bob, alice.publicIdentity());
            assertArrayEquals(MESSAGE, q.open(envelope, bob, alice.publicIdentity()));
            assertEquals(1, stats(q, "hpkeSecrets").hits());
            bob.destroy();
            assertThrows(InvalidKeyException.class, () -> q.open(envelope, bob, alice.publicIdentity()),
                    "a destroyed identity is refused even though its secret is cached");
        }
    }

    @Test
    void identitiesAndPublicKeys_lookedUpByNameOrKeyId_neverAnothers() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults())) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            assertEquals(alice, q.cachedIdentity("alice", alice.suite()).orElseThrow());
            assertEquals(bob, q.cachedIdentity("bob", bob.suite()).orElseThrow());
            assertTrue(q.cachedIdentity("carol", alice.suite()).isEmpty());

            PublicKey key = alice.signature().publicKey();
            byte[] spki = KeyEncodings.encodeSpki(key);
            assertTrue(q.cachedPublicKey(key.algorithm(), key.keyId()).isEmpty());
            assertEquals(key, q.publicKey(key.algorithm(), key.keyId(), spki));
            assertEquals(key, q.publicKey(key.algorithm(), key.keyId(), spki));
            MetricsSnapshot.CacheStats s = stats(q, "publicKeys");
            assertEquals(1, s.loads());
            assertEquals(1, s.hits());
            assertThrows(InvalidKeyException.class, () -> q.publicKey(key.algorithm(),
                    bob.signature().publicKey().keyId(), spki), "the bytes must be the key the id names");
            q.remember(bob.publicIdentity());
            assertEquals(bob.kem().publicKey(), q.cachedPublicKey(bob.kem().algorithm(), bob.kem().publicKey().keyId()).orElseThrow());
        }
    }
}

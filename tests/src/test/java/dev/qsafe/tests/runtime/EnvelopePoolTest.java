package dev.qsafe.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The envelope hot path with the buffer pool on: the AEAD seals straight into the envelope and opens
 * into a pooled buffer. Envelopes are the same format either way, the caller never gets a pooled
 * array, a forgery leaves the pool balanced and does not disturb the next open, and eight threads
 * sharing one facade get their own messages back.
 */
class EnvelopePoolTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] message(int n) {
        byte[] m = new byte[n];
        RANDOM.nextBytes(m);
        return m;
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void poolOnAndOff_openEachOthersEnvelopes_ofEverySize(CryptoMode mode) {
        Runtimes.assumeMode(mode);
        try (QSafe on = Runtimes.qsafe(RuntimeSettings.defaults().withPoolEnabled(true).withCachesEnabled(false));
             QSafe off = Runtimes.qsafe(RuntimeSettings.defaults().withPoolEnabled(false).withCachesEnabled(false))) {
            Identity alice = on.generateIdentity("alice", mode);
            Identity bob = on.generateIdentity("bob", mode);
            for (int n : new int[] {0, 1, 16, 1024, 5000}) {
                byte[] m = message(n);
                byte[] fromOn = on.seal(m, bob.publicIdentity(), alice);
                byte[] fromOff = off.seal(m, bob.publicIdentity(), alice);
                assertEquals(fromOff.length, fromOn.length, "same layout, size " + n);
                assertArrayEquals(m, off.open(fromOn, bob, alice.publicIdentity()));
                assertArrayEquals(m, on.open(fromOff, bob, alice.publicIdentity()));
                assertArrayEquals(m, on.open(fromOn, bob, alice.publicIdentity()));
            }
            MetricsSnapshot.PoolStats s = on.metrics().snapshot().pool();
            assertEquals(0, s.outstanding(), s::toString);
            assertEquals(s.acquired(), s.released(), s::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoMode.class)
    void openedMessage_isNeverAPooledArray_andForgeriesLeaveThePoolBalanced(CryptoMode mode) {
        Runtimes.assumeMode(mode);
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults().withPoolEnabled(true).withCachesEnabled(false))) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            byte[] m = message(1024);
            byte[] envelope = q.seal(m, bob.publicIdentity(), alice);
            byte[] first = q.open(envelope, bob, alice.publicIdentity());
            List<byte[]> later = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] forged = envelope.clone();
                forged[forged.length - 1 - RANDOM.nextInt(1000)] ^= 1;
                assertThrows(DecryptionFailedException.class, () -> q.open(forged, bob, alice.publicIdentity()));
                later.add(q.open(q.seal(m, bob.publicIdentity(), alice), bob, alice.publicIdentity()));
            }
            // A pooled array would have been zeroed on release and handed out again since.
            assertArrayEquals(m, first, "the first result was not touched by the pool afterwards");
            for (byte[] l : later) {
                assertArrayEquals(m, l);
                assertNotSame(first, l);
            }
            MetricsSnapshot.PoolStats s = q.metrics().snapshot().pool();
            assertTrue(s.hits() > 0, s::toString);
            assertEquals(0, s.outstanding(), s::toString);
            assertEquals(s.acquired(), s.released(), s::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CryptoMode.class, names = {"CLASSICAL", "HYBRID"})
    void eightThreads_shareOneFacade_eachGetsItsOwnMessages(CryptoMode mode) throws Exception {
        Runtimes.assumeMode(mode);
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults().withPoolEnabled(true).withCachesEnabled(false));
             ExecutorService ex = Executors.newFixedThreadPool(8)) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(ex.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 25; i++) {
                        byte[] m = message(1 + RANDOM.nextInt(2048));
                        byte[] e = q.seal(m, bob.publicIdentity(), alice);
                        if (i % 5 == 0) {
                            byte[] forged = e.clone();
                            forged[forged.length - 1] ^= 1;
                            assertThrows(DecryptionFailedException.class, () -> q.open(forged, bob, alice.publicIdentity()));
                        }
                        assertArrayEquals(m, q.open(e, bob, alice.publicIdentity()));
                        ok++;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(25, f.get());
            }
            MetricsSnapshot.PoolStats s = q.metrics().snapshot().pool();
            assertEquals(0, s.outstanding(), s::toString);
            assertEquals(s.acquired(), s.released(), s::toString);
        }
    }
}

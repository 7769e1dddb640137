package dev.qsafe.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.runtime.Batch;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Batches: real ciphertexts that open, results in order, per-item errors, timeout and cancellation per item. */
class BatchTest {
    private static byte[] msg(int i) {
        return ("batch message " + i).getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(RuntimeSettings.BatchExecutor.class)
    void sealBatch_realEnvelopesInInputOrder_thatOpen(RuntimeSettings.BatchExecutor kind) {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults().withBatch(kind, 3, Duration.ofMinutes(2)))) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            Batch b = q.batch();
            for (int i = 0; i < 40; i++) {
                b.seal(msg(i), bob.publicIdentity(), alice);
            }
            List<Batch.Result> sealed = b.submit();
            assertEquals(40, sealed.size());
            Batch opens = q.batch();
            for (int i = 0; i < 40; i++) {
                Batch.Result r = sealed.get(i);
                assertEquals(i, r.index());
                assertEquals(Batch.Status.OK, r.status(), r::toString);
                assertArrayEquals(msg(i), q.open(r.output(), bob, alice.publicIdentity()), "item " + i + " is its own message");
                opens.open(r.output(), bob, alice.publicIdentity());
            }
            List<Batch.Result> opened = opens.submit();
            for (int i = 0; i < 40; i++) {
                assertArrayEquals(msg(i), opened.get(i).output());
            }
        }
    }

    @Test
    void mixedBatch_oneBadItemDoesNotHideTheOthers() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults())) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            byte[] envelope = q.seal(msg(1), bob.publicIdentity(), alice);
            byte[] tampered = envelope.clone();
            tampered[tampered.length - 3] ^= 4;
            byte[] sig = q.sign(msg(2), alice);
            List<Batch.Result> r = q.batch()
                    .open(envelope, bob, alice.publicIdentity())
                    .open(tampered, bob, alice.publicIdentity())
                    .open(new byte[] {1, 2, 3}, bob, alice.publicIdentity())
                    .sign(msg(2), alice)
                    .verify(msg(2), sig, alice.publicIdentity())
                    .verify(msg(3), sig, alice.publicIdentity())
                    .seal(msg(4), bob.publicIdentity(), alice)
                    .submit();
            assertEquals(7, r.size());
            assertArrayEquals(msg(1), r.get(0).output());
            assertInstanceOf(DecryptionFailedException.class, r.get(1).error());
            assertEquals(Batch.Status.FAILED, r.get(2).status());
            assertInstanceOf(InvalidInputException.class, r.get(2).error());
            q.verify(msg(2), r.get(3).output(), alice.publicIdentity());
            assertEquals(Batch.Status.OK, r.get(4).status());
            assertEquals(0, r.get(4).output().length);
            assertInstanceOf(InvalidSignatureException.class, r.get(5).error());
            assertArrayEquals(msg(4), q.open(r.get(6).output(), bob, alice.publicIdentity()));
            for (int i = 0; i < 7; i++) {
                assertEquals(i, r.get(i).index());
            }
        }
    }

    @Test
    void timeout_unfinishedItemsReportTimedOut_noneDropped() {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults().withBatch(RuntimeSettings.BatchExecutor.FIXED, 1,
                Duration.ofMinutes(1)))) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            Batch b = q.batch();
            int n = 2_000;
            for (int i = 0; i < n; i++) {
                b.seal(msg(i), bob.publicIdentity(), alice);
            }
            List<Batch.Result> r = b.submit(Duration.ofMillis(50));
            assertEquals(n, r.size());
            long ok = r.stream().filter(Batch.Result::ok).count();
            long timedOut = r.stream().filter(x -> x.status() == Batch.Status.TIMED_OUT).count();
            assertEquals(n, ok + timedOut, "every item is OK or TIMED_OUT, none missing");
            assertTrue(timedOut > 0, "2000 seals on one thread do not fit in 50 ms");
            for (Batch.Result x : r) {
                if (x.ok()) {
                    assertArrayEquals(msg(x.index()), q.open(x.output(), bob, alice.publicIdentity()));
                } else {
                    assertNull(x.output());
                    assertTrue(x.error().getMessage().contains("timed out"));
                }
            }
        }
    }

    @Test
    void cancel_unfinishedItemsReportCancelled_finishedKeepTheirResults() throws Exception {
        CryptoMode mode = Runtimes.modes().getFirst();
        try (QSafe q = Runtimes.qsafe(RuntimeSettings.defaults().withBatch(RuntimeSettings.BatchExecutor.VIRTUAL, 1,
                Duration.ofMinutes(1)))) {
            Identity alice = q.generateIdentity("alice", mode);
            Identity bob = q.generateIdentity("bob", mode);
            Batch b = q.batch();
            int n = 2_000;
            for (int i = 0; i < n; i++) {
                b.seal(msg(i), bob.publicIdentity(), alice);
            }
            Batch.Running running = b.start();
            Thread.sleep(20);
            running.cancel();
            List<Batch.Result> r = running.await();
            assertEquals(n, r.size());
            List<Batch.Status> statuses = new ArrayList<>();
            r.forEach(x -> statuses.add(x.status()));
            assertTrue(statuses.contains(Batch.Status.CANCELLED));
            assertTrue(statuses.stream().allMatch(s -> s == Batch.Status.OK || s == Batch.Status.CANCELLED), statuses::toString);
            r.stream().filter(Batch.Result::ok).forEach(x ->
                    assertArrayEquals(msg(x.index()), q.open(x.output(), bob, alice.publicIdentity())));
            assertThrows(IllegalStateException.class, () -> b.seal(msg(0), bob.publicIdentity(), alice), "a batch runs once");
        }
    }
}

package dev.qsafe.tests.concurrency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.runtime.Batch;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shared state of the runtime composition under contention: 8 threads share ONE facade with every cache on
 * (including the HPKE secret cache), the buffer pool and a fixed batch executor, and run a bounded
 * number of mixed seal / open / sign / verify operations over many identities, both directly and as
 * batches. Every result is checked against its input; an envelope opened again (a cache hit) gives the
 * same message, and never verifies under another identity (no cache cross-talk). At the end the pool's
 * accounting balances: every buffer handed out came back, none is outstanding (the pool itself throws
 * if it ever finds a buffer lent twice).
 */
class RuntimeCompositionStressTest {
    private static final int THREADS = 8;
    private static final int IDENTITIES_PER_MODE = 6;
    private static final int ROUNDS = 25;
    private static final int BATCH = 6;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void mixedOperations_sharedCachesPoolAndBatchExecutor_allCorrectNoCrossTalkPoolBalanced() throws Exception {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        List<CryptoMode> modes = Arrays.stream(CryptoMode.values())
                .filter(m -> QSafeConfig.defaults().suite(m).algorithms().stream()
                        .allMatch(a -> registry.selection(a).selected().isPresent()))
                .toList();
        Assumptions.assumeFalse(modes.isEmpty(), "no mode has engines on this module path");
        RuntimeSettings settings = RuntimeSettings.defaults()
                .withHpkeSecrets(true, Duration.ofMinutes(5))
                .withBatch(RuntimeSettings.BatchExecutor.FIXED, 4, Duration.ofMinutes(2));
        try (QSafe q = QSafe.newBuilder().registry(registry)
                .config(QSafeConfig.newBuilder().runtime(settings).build()).build()) {
            Identity[][] ids = new Identity[modes.size()][IDENTITIES_PER_MODE];
            for (int m = 0; m < modes.size(); m++) {
                for (int i = 0; i < IDENTITIES_PER_MODE; i++) {
                    ids[m][i] = q.generateIdentity("id-" + m + "-" + i, modes.get(m));
                }
            }
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<Integer>> workers = new ArrayList<>();
            try (ExecutorService ex = Executors.newFixedThreadPool(THREADS)) {
                for (int t = 0; t < THREADS; t++) {
                    int self = t;
                    workers.add(ex.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return work(q, modes, ids, self);
                    }));
                }
                int total = 0;
                for (Future<Integer> f : workers) {
                    total += f.get(170, TimeUnit.SECONDS);
                }
                assertEquals(THREADS * ROUNDS, total);
            }
            MetricsSnapshot s = q.metrics().snapshot();
            MetricsSnapshot.PoolStats pool = s.pool();
            assertEquals(0, pool.outstanding(), pool::toString);
            assertEquals(pool.acquired(), pool.released(), pool::toString);
            assertTrue(pool.hits() > 0, pool::toString);
            assertTrue(s.caches().get("signatures").hits() >= THREADS * ROUNDS, "every re-open hits: " + s.caches());
            assertTrue(s.caches().get("hpkeSecrets").hits() >= THREADS * ROUNDS, "" + s.caches());
            long failedOpens = s.operations().stream().filter(o -> o.operation().name().equals("OPEN"))
                    .mapToLong(MetricsSnapshot.OperationStats::failed).sum();
            assertEquals(THREADS * ROUNDS * 2L, failedOpens, "exactly the two expected refusals per round");
        }
    }

    private static byte[] message(int thread, int round, int item) {
        return ("t" + thread + " r" + round + " i" + item + " " + "x".repeat((thread * 31 + round * 7 + item) % 300))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static int work(QSafe q, List<CryptoMode> modes, Identity[][] ids, int self) {
        int done = 0;
        for (int r = 0; r < ROUNDS; r++) {
            int m = (self + r) % modes.size();
            Identity sender = ids[m][(self + r) % IDENTITIES_PER_MODE];
            Identity recipient = ids[m][(self + r + 1) % IDENTITIES_PER_MODE];
            Identity stranger = ids[m][(self + r + 2) % IDENTITIES_PER_MODE];
            byte[] msg = message(self, r, 0);

            byte[] envelope = q.seal(msg, recipient.publicIdentity(), sender);
            assertArrayEquals(msg, q.open(envelope, recipient, sender.publicIdentity()));
            assertArrayEquals(msg, q.open(envelope, recipient, sender.publicIdentity()), "re-open through the caches");
            assertThrows(DecryptionFailedException.class, () -> q.open(envelope, recipient, stranger.publicIdentity()),
                    "a cached verification never vouches for another sender");
            assertThrows(InvalidKeyException.class, () -> q.open(envelope, stranger, sender.publicIdentity()));

            byte[] sig = q.sign(msg, sender);
            q.verify(msg, sig, sender.publicIdentity());
            q.verify(msg, sig, sender.publicIdentity());
            assertThrows(InvalidSignatureException.class, () -> q.verify(msg, sig, stranger.publicIdentity()));

            Batch b = q.batch();
            for (int i = 0; i < BATCH; i++) {
                Identity to = ids[m][(self + i) % IDENTITIES_PER_MODE];
                b.seal(message(self, r, i + 1), to.publicIdentity(), sender);
            }
            b.sign(msg, sender).verify(msg, sig, sender.publicIdentity()).open(envelope, recipient, sender.publicIdentity());
            List<Batch.Result> results = b.submit();
            assertEquals(BATCH + 3, results.size());
            for (int i = 0; i < BATCH; i++) {
                Batch.Result res = results.get(i);
                assertTrue(res.ok(), res::toString);
                Identity to = ids[m][(self + i) % IDENTITIES_PER_MODE];
                assertArrayEquals(message(self, r, i + 1), q.open(res.output(), to, sender.publicIdentity()),
                        "batch item " + i + " opens to its own message for its own recipient");
            }
            q.verify(msg, results.get(BATCH).output(), sender.publicIdentity());
            assertTrue(results.get(BATCH + 1).ok());
            assertArrayEquals(msg, results.get(BATCH + 2).output());
            done++;
        }
        return done;
    }
}

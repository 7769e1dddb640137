package dev.qsafe.tests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayConfig;
import dev.qsafe.relay.RelayException;
import dev.qsafe.relay.RelayServer;

/**
 * Many clients through a {@link FaultProxy} (drops, duplicates, reorders, truncates) against each storage:
 * every deposit the relay acknowledged is delivered to its receiver exactly once, with its exact bytes.
 * Senders and receivers use {@link RelayClient} as it is (retries with backoff, one message id per
 * deposit); the receiver drops a message id it has delivered before, as {@code qsafe receive} does.
 * The seed is {@code -Dqsafe.relay.fault.seed} (printed with the figures), the fault rate per kind
 * {@code -Dqsafe.relay.fault.rate}.
 */
class RelayFaultTest {
    private static final long SEED = Long.getLong("qsafe.relay.fault.seed", 16);
    private static final double RATE = Double.parseDouble(System.getProperty("qsafe.relay.fault.rate", "0.04"));
    private static final int SENDERS = 16;
    private static final int RECEIVERS = 8;
    private static final int QUEUES_PER_RECEIVER = 2;
    private static final int DEPOSITS_PER_SENDER = 30;

    @TempDir
    Path dir;

    @Test
    void sqlite_throughFaults_everyAcknowledgedDepositDeliveredOnce() throws Exception {
        Path db = dir.resolve("fault.db");
        try (RelayServer relay = RelayServer.start(config("sqlite:" + db))) {
            run("sqlite", relay);
            assertEquals("ok", relay.integrityCheck());
        }
    }

    @Test
    void postgres_throughFaults_everyAcknowledgedDepositDeliveredOnce() throws Exception {
        try (PgDatabase db = new PgDatabase("qsafe_relay_fault_");
                RelayServer relay = RelayServer.start(config(db.url()))) {
            run("postgresql", relay);
        }
    }

    private static RelayConfig config(String storage) {
        return RelayConfig.builder().port(0).storage(storage).depositRate(1_000_000, 1_000_000)
                .requestRate(1_000_000, 1_000_000).maxQueueMessages(100_000).maxQueueBytes(1L << 34).build();
    }

    /** The bytes deposited under a message id: derived from the id, 32 B to about 8 KiB, so a receiver can check them. */
    static byte[] bodyOf(String id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
            byte[] b = new byte[32 + (h[0] & 0xff) * 32];
            for (int i = 0; i < b.length; i++) {
                b[i] = h[i % h.length];
            }
            return b;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Owned(KeyPair key, RelayClient.QueueIds ids) {
    }

    /** A receiver's view: ids delivered to the application, and what the relay handed out more than once. */
    private static final class Receiver {
        final Set<String> delivered = ConcurrentHashMap.newKeySet();
        final Map<String, Set<Long>> seqsById = new ConcurrentHashMap<>();
        final AtomicLong redelivered = new AtomicLong();
        final AtomicLong corrupt = new AtomicLong();

        /** Fetches once, delivers what is new, deletes what it fetched; returns how many it fetched. */
        int drain(RelayClient client, Owned q, Duration wait) {
            List<RelayClient.Message> got = client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, wait);
            for (RelayClient.Message m : got) {
                seqsById.computeIfAbsent(m.id(), k -> ConcurrentHashMap.newKeySet()).add(m.seq());
                if (!java.security.MessageDigest.isEqual(bodyOf(m.id()), m.body())) {
                    corrupt.incrementAndGet();
                    continue;
                }
                if (!delivered.add(m.id())) {
                    redelivered.incrementAndGet(); // the relay's at-least-once: dropped by id, not delivered again
                }
            }
            if (!got.isEmpty()) {
                client.delete(q.ids().recvId(), q.key().getPrivate(), got.get(got.size() - 1).seq());
            }
            return got.size();
        }
    }

    private void run(String kind, RelayServer relay) throws Exception {
        try (FaultProxy proxy = new FaultProxy(relay.uri(), SEED, RATE);
                ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            RelayClient direct = new RelayClient(relay.uri());
            RelayClient faulty = new RelayClient(proxy.uri(), 10, Duration.ofMillis(10), Duration.ofMillis(200),
                    Clock.systemUTC());
            List<Owned> queues = new ArrayList<>();
            for (int i = 0; i < RECEIVERS * QUEUES_PER_RECEIVER; i++) {
                KeyPair k = RelayClient.newKeyPair();
                queues.add(new Owned(k, direct.createQueue(k.getPublic())));
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicLong unacknowledged = new AtomicLong();
            AtomicBoolean sending = new AtomicBoolean(true);
            Receiver receiver = new Receiver();
            List<Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                SplittableRandom rnd = new SplittableRandom(SEED * 31 + s);
                senders.add(ex.submit(() -> {
                    for (int i = 0; i < DEPOSITS_PER_SENDER; i++) {
                        Owned to = queues.get(rnd.nextInt(queues.size()));
                        String id = RelayClient.newId();
                        try {
                            faulty.deposit(to.ids().sendId(), bodyOf(id), id, null);
                            acknowledged.add(id);
                        } catch (RelayException e) {
                            if (e.status() != 0) {
                                throw e; // only an unreachable relay (every attempt failed) is acceptable
                            }
                            unacknowledged.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> receivers = new ArrayList<>();
            AtomicLong receiverErrors = new AtomicLong();
            for (int r = 0; r < RECEIVERS; r++) {
                List<Owned> mine = queues.subList(r * QUEUES_PER_RECEIVER, (r + 1) * QUEUES_PER_RECEIVER);
                receivers.add(ex.submit(() -> {
                    while (sending.get()) {
                        for (Owned q : mine) {
                            try {
                                receiver.drain(faulty, q, Duration.ZERO);
                            } catch (RelayException e) {
                                if (e.status() != 0) {
                                    throw e;
                                }
                                receiverErrors.incrementAndGet(); // all attempts failed: fetch again later
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : senders) {
                f.get(3, TimeUnit.MINUTES);
            }
            sending.set(false);
            for (Future<?> f : receivers) {
                f.get(3, TimeUnit.MINUTES);
            }
            // what is left, read past the proxy
            for (Owned q : queues) {
                while (receiver.drain(direct, q, Duration.ZERO) > 0) {
                    // until empty
                }
            }
            long lost = acknowledged.stream().filter(id -> !receiver.delivered.contains(id)).count();
            long storedTwice = receiver.seqsById.values().stream().filter(s -> s.size() > 1).count();
            System.out.printf(Locale.ROOT, "relay faults %s: %s; %d acknowledged, %d not (every attempt failed),"
                            + " %d delivered, lost %d, duplicated 0 (redelivered by the relay and dropped by id: %d,"
                            + " of them stored again after a delete by a late replay: %d), corrupt %d, receiver gave up %d times%n",
                    kind, proxy.summary(), acknowledged.size(), unacknowledged.get(), receiver.delivered.size(), lost,
                    receiver.redelivered.get(), storedTwice, receiver.corrupt.get(), receiverErrors.get());
            for (FaultProxy.Fault f : FaultProxy.Fault.values()) {
                assertTrue(RATE == 0 || proxy.count(f) > 0, "the proxy injected " + f + ": " + proxy.summary());
            }
            assertEquals(0, receiver.corrupt.get(), "no message is stored cut short or altered");
            assertEquals(0, lost, "every acknowledged deposit is delivered (" + proxy.summary() + ")");
            assertTrue(acknowledged.size() > SENDERS * DEPOSITS_PER_SENDER / 2, "most deposits get through");
        }
    }
}

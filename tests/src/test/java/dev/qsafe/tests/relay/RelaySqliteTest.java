package dev.qsafe.tests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayException;
import dev.qsafe.relay.RelayServer;

/** The relay suite on the embedded default: SQLite in a fresh temporary directory. */
class RelaySqliteTest extends RelayContract {
    private Path dir;

    @Override
    String storage() throws Exception {
        dir = Files.createTempDirectory("qsafe-relay-sqlite");
        return "sqlite:" + dir.resolve("relay.db");
    }

    @Override
    void dropStorage() throws Exception {
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A full disk (here: SQLite's page limit, which fails a write exactly as a full disk does, with
     * SQLITE_FULL) answers 507, never 500; what was acknowledged before stays readable and the database
     * passes its integrity check.
     */
    @Test
    void fullStorage_answers507_andCorruptsNothing() throws Exception {
        Path db = Files.createTempDirectory(dir, "full").resolve("full.db");
        try (RelayServer small = RelayServer.start(config("jdbc:sqlite:" + db + "?max_page_count=80")
                .depositRate(1000, 1000).maxQueueMessages(100_000).maxQueueBytes(1L << 30).build())) {
            RelayClient c = new RelayClient(small.uri(), 1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1), clock);
            java.security.KeyPair k = RelayClient.newKeyPair();
            RelayClient.QueueIds q = c.createQueue(k.getPublic());
            List<String> acknowledged = new ArrayList<>();
            RelayException full = null;
            for (int i = 0; i < 1000 && full == null; i++) {
                String id = RelayClient.newId();
                try {
                    c.deposit(q.sendId(), new byte[MAX_MESSAGE], id, null);
                    acknowledged.add(id);
                } catch (RelayException e) {
                    full = e;
                }
            }
            assertTrue(full != null, "the page limit was reached");
            assertEquals(507, full.status());
            assertEquals("storage_full", full.code());
            assertTrue(acknowledged.size() > 10, "some deposits fit: " + acknowledged.size());
            assertEquals("ok", small.integrityCheck());
            small.close();
            // the disk has room again: everything acknowledged is there, once, in order
            try (RelayServer again = RelayServer.start(config("sqlite:" + db).build())) {
                assertEquals("ok", again.integrityCheck());
                RelayClient r = new RelayClient(again.uri(), 1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1), clock);
                List<String> read = new ArrayList<>();
                long after = 0;
                List<RelayClient.Message> page;
                while (!(page = r.fetch(q.recvId(), k.getPrivate(), after, java.time.Duration.ZERO)).isEmpty()) {
                    for (RelayClient.Message m : page) {
                        read.add(m.id());
                        after = m.seq();
                    }
                }
                assertEquals(acknowledged, read, "every acknowledged deposit, once, in order");
            }
        }
    }

    /**
     * The disk fills up under load: 12 clients deposit concurrently to 6 queues until every one of them
     * has been refused. Every refusal is 507 {@code storage_full} (never 500, never a hang), the integrity
     * check passes, and after a restart with room every acknowledged deposit is there exactly once.
     */
    @Test
    void fullStorage_underConcurrentDeposits_answers507_andKeepsEveryAcknowledgedDepositOnce() throws Exception {
        Path db = Files.createTempDirectory(dir, "fullload").resolve("full.db");
        java.util.Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<RelayClient.QueueIds> queues = new ArrayList<>();
        List<java.security.KeyPair> keys = new ArrayList<>();
        try (RelayServer small = RelayServer.start(config("jdbc:sqlite:" + db + "?max_page_count=120")
                .depositRate(1_000_000, 1_000_000).maxQueueMessages(100_000).maxQueueBytes(1L << 30).build());
                java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            RelayClient c = new RelayClient(small.uri(), 3, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5), clock);
            for (int i = 0; i < 6; i++) {
                keys.add(RelayClient.newKeyPair());
                queues.add(c.createQueue(keys.get(i).getPublic()));
            }
            List<java.util.concurrent.Future<RelayException>> clients = new ArrayList<>();
            for (int w = 0; w < 12; w++) {
                int me = w;
                clients.add(ex.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        String id = RelayClient.newId();
                        try {
                            c.deposit(queues.get((me + i) % queues.size()).sendId(), new byte[MAX_MESSAGE], id, null);
                            acknowledged.add(id);
                        } catch (RelayException e) {
                            return e;
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<RelayException> f : clients) {
                RelayException refused = f.get(2, java.util.concurrent.TimeUnit.MINUTES);
                assertTrue(refused != null, "every client reaches the full disk");
                assertEquals(507, refused.status(), refused.code() + ": " + refused.getMessage());
                assertEquals("storage_full", refused.code());
            }
            assertTrue(acknowledged.size() > 20, "deposits fit before the disk filled: " + acknowledged.size());
            assertEquals("ok", small.integrityCheck());
        }
        try (RelayServer again = RelayServer.start(config("sqlite:" + db).build())) {
            assertEquals("ok", again.integrityCheck());
            RelayClient r = new RelayClient(again.uri(), 1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1), clock);
            List<String> read = new ArrayList<>();
            for (int i = 0; i < queues.size(); i++) {
                long after = 0;
                List<RelayClient.Message> page;
                while (!(page = r.fetch(queues.get(i).recvId(), keys.get(i).getPrivate(), after, java.time.Duration.ZERO)).isEmpty()) {
                    for (RelayClient.Message m : page) {
                        read.add(m.id());
                        after = m.seq();
                    }
                }
            }
            assertEquals(read.size(), new java.util.HashSet<>(read).size(), "no deposit is stored twice");
            assertTrue(read.containsAll(acknowledged), "every acknowledged deposit is there: " + acknowledged.size()
                    + " acknowledged, " + read.size() + " stored");
        }
    }
}

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
}

package dev.qsafe.tests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayServer;

/**
 * The relay suite on PostgreSQL, for real: the server on 127.0.0.1:5432 (trust auth; `.ci/run` starts
 * it when it is down), a fresh database per run, dropped afterwards. Plus what only a shared database
 * can show: two relays on one database, a long poll on one woken by a deposit on the other.
 */
class RelayPostgresTest extends RelayContract {
    private PgDatabase database;

    @Override
    String storage() throws Exception {
        database = new PgDatabase("qsafe_relay_test_");
        return database.url();
    }

    @Override
    void dropStorage() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void twoRelays_oneDatabase_aLongPollOnOneIsWokenByADepositOnTheOther() throws Exception {
        try (RelayServer second = RelayServer.start(config(storageUrl).build())) {
            RelayClient other = new RelayClient(second.uri(), 3, Duration.ofMillis(20), Duration.ofMillis(200), clock);
            Queue q = newQueue();
            ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
            try {
                long t0 = System.nanoTime();
                Future<List<RelayClient.Message>> poll = ex.submit(
                        () -> other.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ofSeconds(20)));
                Thread.sleep(300);
                client.deposit(q.ids().sendId(), bytes("across relays"));
                assertEquals(1, poll.get(10, TimeUnit.SECONDS).size());
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "woken by NOTIFY, not by the timeout");
            } finally {
                ex.shutdownNow();
            }
        }
    }
}

package dev.qsafe.tests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayConfig;
import dev.qsafe.relay.RelayException;
import dev.qsafe.relay.RelayServer;

/**
 * A load run on loopback against each storage: virtual-thread clients deposit to random queues and
 * drain (fetch, then delete) the queues they own; at the end every acknowledged deposit must have been
 * delivered exactly once. Small by default (a few seconds, part of the suite); scaled up for the run
 * documented in docs/RELAY.md with {@code -Dqsafe.relay.load.clients=200 -Dqsafe.relay.load.queues=10000
 * -Dqsafe.relay.load.seconds=20 -Dqsafe.relay.load.size=1024}. Prints one line of figures per storage.
 */
class RelayLoadTest {
    private static final int CLIENTS = Integer.getInteger("qsafe.relay.load.clients", 20);
    private static final int QUEUES = Integer.getInteger("qsafe.relay.load.queues", 100);
    private static final int SECONDS = Integer.getInteger("qsafe.relay.load.seconds", 2);
    private static final int SIZE = Integer.getInteger("qsafe.relay.load.size", 1024);

    @TempDir
    Path dir;

    @Test
    void sqlite_noAcknowledgedMessageLostOrDuplicated() throws Exception {
        Path db = dir.resolve("load.db");
        run("sqlite", "sqlite:" + db, () -> Files.size(db) + sizeIfExists(dir.resolve("load.db-wal")));
    }

    @Test
    void postgres_noAcknowledgedMessageLostOrDuplicated() throws Exception {
        try (PgDatabase db = new PgDatabase("qsafe_relay_load_")) {
            run("postgresql", db.url(), db::size);
        }
    }

    /**
     * scripts/relay-load runs scripts/RelayLoad.java (the load generator, a process of its own) from source:
     * it must keep compiling against the relay's API.
     */
    @Test
    void theLoadScriptsGenerator_compilesAgainstTheRelayApi() throws Exception {
        Path source = Path.of("..", "scripts", "RelayLoad.java");
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        java.io.StringWriter diagnostics = new java.io.StringWriter();
        try (javax.tools.StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(diagnostics, files, null,
                    List.of("-d", dir.resolve("classes").toString(), "--module-path", System.getProperty("jdk.module.path"),
                            "--add-modules", "dev.qsafe.relay", "-proc:none"),
                    null, files.getJavaFileObjects(source)).call();
            assertTrue(ok, "scripts/RelayLoad.java compiles: " + diagnostics);
        }
    }

    private static long sizeIfExists(Path p) throws Exception {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    @FunctionalInterface
    interface Size {
        long bytes() throws Exception;
    }

    private record Owned(KeyPair key, RelayClient.QueueIds ids) {
    }

    private void run(String kind, String storage, Size dbSize) throws Exception {
        RelayConfig config = RelayConfig.builder().port(0).storage(storage)
                .depositRate(1_000_000, 1_000_000).requestRate(1_000_000, 1_000_000)
                .maxQueueMessages(100_000).maxQueueBytes(1L << 34).build();
        try (RelayServer relay = RelayServer.start(config);
                ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            RelayClient client = new RelayClient(relay.uri(), 5, Duration.ofMillis(20), Duration.ofSeconds(1),
                    java.time.Clock.systemUTC());
            List<Future<Owned>> made = new ArrayList<>();
            for (int i = 0; i < QUEUES; i++) {
                made.add(ex.submit(() -> {
                    KeyPair k = RelayClient.newKeyPair();
                    return new Owned(k, client.createQueue(k.getPublic()));
                }));
            }
            List<Owned> queues = new ArrayList<>();
            for (Future<Owned> f : made) {
                queues.add(f.get());
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<String> delivered = ConcurrentHashMap.newKeySet();
            AtomicLong duplicates = new AtomicLong();
            long[][] depositNanos = new long[CLIENTS][];
            long[][] fetchNanos = new long[CLIENTS][];
            long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
            byte[] body = new byte[SIZE];
            new SecureRandom().nextBytes(body);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < CLIENTS; w++) {
                int me = w;
                workers.add(ex.submit(() -> {
                    SecureRandom rnd = new SecureRandom();
                    long[] dep = new long[1 << 16];
                    long[] fet = new long[1 << 16];
                    int nd = 0;
                    int nf = 0;
                    int turn = 0;
                    while (System.nanoTime() < end) {
                        Owned to = queues.get(rnd.nextInt(queues.size()));
                        String id = RelayClient.newId();
                        long t0 = System.nanoTime();
                        client.deposit(to.ids().sendId(), body, id, null);
                        if (nd < dep.length) {
                            dep[nd++] = System.nanoTime() - t0;
                        }
                        acknowledged.add(id);
                        // drain one of my own queues
                        int mine = me + CLIENTS * (turn++ % Math.max(1, (queues.size() + CLIENTS - 1 - me) / CLIENTS));
                        if (mine < queues.size()) {
                            long t1 = System.nanoTime();
                            drainOnce(client, queues.get(mine), delivered, duplicates);
                            if (nf < fet.length) {
                                fet[nf++] = System.nanoTime() - t1;
                            }
                        }
                    }
                    depositNanos[me] = Arrays.copyOf(dep, nd);
                    fetchNanos[me] = Arrays.copyOf(fet, nf);
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            for (Owned q : queues) {
                while (drainOnce(client, q, delivered, duplicates) > 0) {
                    // until empty
                }
            }
            long[] dep = Arrays.stream(depositNanos).flatMapToLong(Arrays::stream).sorted().toArray();
            long[] fet = Arrays.stream(fetchNanos).flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf(Locale.ROOT, "relay load %s: %d clients, %d queues, %d B messages, %d s: %d deposits"
                            + " (%.0f/s), deposit p50 %.2f ms p99 %.2f ms, fetch+delete p50 %.2f ms p99 %.2f ms,"
                            + " heap %d MiB, database %d KiB, lost %d, duplicated %d%n",
                    kind, CLIENTS, QUEUES, SIZE, SECONDS, acknowledged.size(), acknowledged.size() / (double) SECONDS,
                    pct(dep, 0.50), pct(dep, 0.99), pct(fet, 0.50), pct(fet, 0.99), heap >> 20, dbSize.bytes() >> 10,
                    acknowledged.stream().filter(id -> !delivered.contains(id)).count(), duplicates.get());
            assertTrue(acknowledged.size() > 0);
            assertEquals(0, duplicates.get(), "no message is delivered twice");
            assertTrue(delivered.containsAll(acknowledged), "every acknowledged message is delivered");
        }
    }

    private static int drainOnce(RelayClient client, Owned q, Set<String> delivered, AtomicLong duplicates) {
        try {
            List<RelayClient.Message> got = client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO);
            if (got.isEmpty()) {
                return 0;
            }
            for (RelayClient.Message m : got) {
                if (!delivered.add(m.id())) {
                    duplicates.incrementAndGet();
                }
            }
            client.delete(q.ids().recvId(), q.key().getPrivate(), got.get(got.size() - 1).seq());
            return got.size();
        } catch (RelayException e) {
            throw new AssertionError("drain failed: " + e.status() + " " + e.code(), e);
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}

/*
 * The relay's load generator (docs/RELAY.md, "Load run"), run by scripts/relay-load as a process of its own,
 * apart from the relays it loads:
 *
 *   java -p cli/target/lib --add-modules dev.qsafe.relay,org.postgresql.jdbc scripts/RelayLoad.java \
 *     --relays http://127.0.0.1:8601[,http://127.0.0.1:8602] --relay-pids PID[,PID] --db sqlite:FILE|jdbc:postgresql://... \
 *     --clients 200 --queues 10000 --warmup 10 --seconds 30 --sizes 1024,8192 --label 'SQLite'
 *
 * Makes the queues (their owners are the clients, round robin; client i talks to relay i mod n, as a load
 * balancer would), warms up (--warmup seconds, not reported), then per message size: every client deposits a message to a random queue, then fetches
 * (signed) and deletes (signed) one of its own queues, for the given seconds. Then it drains every queue
 * that still holds an acknowledged message and counts lost (acknowledged, never fetched) and duplicated
 * (one message id stored at two sequence numbers) messages. CPU is read from /proc over the measured
 * seconds only: the relays' processes, this one, and every process named postgres on the machine.
 * Prints one markdown table row per size on standard output; progress on standard error.
 */

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayException;

public class RelayLoad {

    record Owned(int index, KeyPair key, RelayClient.QueueIds ids) {
    }

    static final class Tally {
        final Map<Integer, AtomicLong> acknowledgedPerQueue = new ConcurrentHashMap<>();
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Map<String, Long> seqById = new ConcurrentHashMap<>();
        final AtomicLong fetched = new AtomicLong();
        final AtomicLong duplicated = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        List<URI> relays = Arrays.stream(o.getOrDefault("relays", "http://127.0.0.1:8080").split(",")).map(URI::create).toList();
        List<Long> relayPids = o.containsKey("relay-pids")
                ? Arrays.stream(o.get("relay-pids").split(",")).map(Long::parseLong).toList() : List.of();
        String db = o.getOrDefault("db", "");
        int clients = Integer.parseInt(o.getOrDefault("clients", "200"));
        int queueCount = Integer.parseInt(o.getOrDefault("queues", "10000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int[] sizes = Arrays.stream(o.getOrDefault("sizes", "1024,8192").split(",")).mapToInt(Integer::parseInt).toArray();
        String label = o.getOrDefault("label", "relay");

        List<RelayClient> byRelay = relays.stream()
                .map(u -> new RelayClient(u, 5, Duration.ofMillis(20), Duration.ofSeconds(1), Clock.systemUTC())).toList();
        long t0 = System.nanoTime();
        List<Owned> queues = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Owned>> made = new ArrayList<>();
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(clients);
            for (int i = 0; i < queueCount; i++) {
                int index = i;
                made.add(ex.submit(() -> {
                    inFlight.acquire();
                    try {
                        KeyPair k = RelayClient.newKeyPair();
                        return new Owned(index, k, byRelay.get(index % byRelay.size()).createQueue(k.getPublic()));
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Future<Owned> f : made) {
                queues.add(f.get());
            }
        }
        System.err.printf(Locale.ROOT, "relay-load %s: %d queues made in %.1f s%n", label, queueCount, (System.nanoTime() - t0) / 1e9);

        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        List<int[]> phases = new ArrayList<>();
        if (warmup > 0) {
            phases.add(new int[] {sizes[0], warmup, 0}); // JIT and connection pools warm; not reported
        }
        for (int size : sizes) {
            phases.add(new int[] {size, seconds, 1});
        }
        for (int[] phase : phases) {
            int size = phase[0];
            int phaseSeconds = phase[1];
            boolean report = phase[2] == 1;
            Tally t = new Tally();
            byte[] body = new byte[size];
            new SecureRandom().nextBytes(body);
            long[][] depositNanos = new long[clients][];
            long[][] drainNanos = new long[clients][];
            Map<String, Long> cpu0 = cpu(relayPids);
            long wall0 = System.nanoTime();
            long end = wall0 + Duration.ofSeconds(phaseSeconds).toNanos();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < clients; w++) {
                    int me = w;
                    RelayClient client = byRelay.get(me % byRelay.size());
                    workers.add(ex.submit(() -> {
                        SecureRandom rnd = new SecureRandom();
                        long[] dep = new long[1 << 16];
                        long[] drn = new long[1 << 16];
                        int nd = 0;
                        int nr = 0;
                        int turn = 0;
                        int owned = (queueCount - me + clients - 1) / clients;
                        while (System.nanoTime() < end) {
                            Owned to = queues.get(rnd.nextInt(queues.size()));
                            String id = RelayClient.newId();
                            long a = System.nanoTime();
                            try {
                                client.deposit(to.ids().sendId(), body, id, null);
                                if (nd < dep.length) {
                                    dep[nd++] = System.nanoTime() - a;
                                }
                                t.acknowledged.add(id);
                                t.acknowledgedPerQueue.computeIfAbsent(to.index(), k -> new AtomicLong()).incrementAndGet();
                            } catch (RelayException e) {
                                t.failures.incrementAndGet();
                            }
                            if (owned > 0) {
                                Owned mine = queues.get(me + clients * (turn++ % owned));
                                long b = System.nanoTime();
                                try {
                                    drain(client, mine, t);
                                    if (nr < drn.length) {
                                        drn[nr++] = System.nanoTime() - b;
                                    }
                                } catch (RelayException e) {
                                    t.failures.incrementAndGet();
                                }
                            }
                        }
                        depositNanos[me] = Arrays.copyOf(dep, nd);
                        drainNanos[me] = Arrays.copyOf(drn, nr);
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    f.get();
                }
            }
            double wall = (System.nanoTime() - wall0) / 1e9;
            Map<String, Long> cpu1 = cpu(relayPids);
            long heap = 0;
            for (URI u : relays) {
                heap += heapUsed(u);
            }
            // the rest: every queue that may still hold an acknowledged message, read until empty
            for (Owned q : queues) {
                AtomicLong n = t.acknowledgedPerQueue.get(q.index());
                if (n != null) {
                    while (drain(byRelay.get(0), q, t) > 0) {
                        // until empty
                    }
                }
            }
            if (!report) {
                System.err.printf(Locale.ROOT, "relay-load %s: warmed up for %d s%n", label, phaseSeconds);
                continue;
            }
            long lost = t.acknowledged.stream().filter(id -> !t.seqById.containsKey(id)).count();
            long[] dep = Arrays.stream(depositNanos).flatMapToLong(Arrays::stream).sorted().toArray();
            long[] drn = Arrays.stream(drainNanos).flatMapToLong(Arrays::stream).sorted().toArray();
            double ticks = 100.0; // USER_HZ
            String cpuText = String.format(Locale.ROOT, "relay %.0f%%, generator %.0f%%, PostgreSQL %.0f%%",
                    100 * (cpu1.get("relay") - cpu0.get("relay")) / ticks / wall,
                    100 * (cpu1.get("self") - cpu0.get("self")) / ticks / wall,
                    100 * (cpu1.get("postgres") - cpu0.get("postgres")) / ticks / wall)
                    + String.format(Locale.ROOT, "; machine busy %.0f%% of %d cores",
                            100.0 * (cpu1.get("machineBusy") - cpu0.get("machineBusy"))
                                    / Math.max(1, cpu1.get("machineTotal") - cpu0.get("machineTotal")),
                            Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %,.0f | %.0f / %.0f ms | %.0f / %.0f ms | %d MiB | %.1f MiB | %d / %d | %s |%n",
                    label, size >= 1024 ? (size / 1024) + " KiB" : size + " B", relays.size(), t.acknowledged.size() / wall,
                    pct(dep, 0.50), pct(dep, 0.99), pct(drn, 0.50), pct(drn, 0.99), heap >> 20,
                    dbSize(db) / 1048576.0, lost, t.duplicated.get(), cpuText);
            System.err.printf(Locale.ROOT, "relay-load %s %d B: %d acknowledged, %d fetched, %d failed requests (after retries)%n",
                    label, size, t.acknowledged.size(), t.fetched.get(), t.failures.get());
        }
    }

    static int drain(RelayClient client, Owned q, Tally t) {
        List<RelayClient.Message> got = client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO);
        for (RelayClient.Message m : got) {
            Long before = t.seqById.putIfAbsent(m.id(), m.seq());
            if (before != null && before != m.seq()) {
                t.duplicated.incrementAndGet();
            }
            t.fetched.incrementAndGet();
        }
        if (!got.isEmpty()) {
            client.delete(q.ids().recvId(), q.key().getPrivate(), got.get(got.size() - 1).seq());
        }
        return got.size();
    }

    /** utime + stime in clock ticks: the relays, this process, every process named postgres. */
    static Map<String, Long> cpu(List<Long> relayPids) throws Exception {
        long relay = 0;
        for (long pid : relayPids) {
            relay += ticks(Path.of("/proc", Long.toString(pid), "stat"));
        }
        long postgres = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path p : dirs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(p.resolve("comm")).trim().startsWith("postgres")) {
                        postgres += ticks(p.resolve("stat"));
                    }
                } catch (java.io.IOException gone) {
                    // the process ended
                }
            }
        }
        String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < all.length; i++) {
            total += Long.parseLong(all[i]);
        }
        long idle = Long.parseLong(all[4]) + Long.parseLong(all[5]); // idle, iowait
        return Map.of("relay", relay, "self", ticks(Path.of("/proc/self/stat")), "postgres", postgres,
                "machineBusy", total - idle, "machineTotal", total);
    }

    static long ticks(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static long heapUsed(URI relay) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(relay + "/status.json")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"heap_used_bytes\"\\s*:\\s*(\\d+)").matcher(r.body());
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    static long dbSize(String db) throws Exception {
        if (db.startsWith("sqlite:")) {
            long n = 0;
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path p = Path.of(db.substring("sqlite:".length()) + suffix);
                n += Files.exists(p) ? Files.size(p) : 0;
            }
            return n;
        }
        if (db.startsWith("jdbc:postgresql:")) {
            try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
                rs.next();
                return rs.getLong(1);
            }
        }
        return 0;
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}

package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.Main;
import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayConfig;
import dev.qsafe.relay.RelayException;
import dev.qsafe.relay.RelayServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qsafe relay}: help, refusals, a run in-process, and a relay killed with SIGKILL under load. */
class RelayCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @TempDir
    Path dir;

    @Test
    void help_showsOptionsAndAnExample() {
        Cli.Result r = Cli.run("relay", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--storage") && r.out().contains("--port"), r.out());
        assertTrue(r.out().contains("qsafe relay --port 8443 --storage sqlite:"), r.out());
        assertTrue(r.out().contains("Exit codes"), r.out());
        assertTrue(Cli.run("--help").out().contains("qsafe relay"), "listed in the root help");
    }

    @Test
    void badOptions_areUsageErrors() {
        assertEquals(2, Cli.run("relay", "--storage", "mysql://x").code());
        assertEquals(2, Cli.run("relay", "--port", "70000").code());
        assertEquals(2, Cli.run("relay", "--max-message-bytes", "0").code());
        assertEquals(2, Cli.run("relay", "--request-rate", "0").code());
        assertEquals(2, Cli.run("relay", "--deposit-rate", "-1").code());
        Cli.Result dirAsDb = Cli.run("relay", "--port", "0", "--storage", "sqlite:" + dir.resolve("no/such/dir/relay.db"));
        assertEquals(5, dirAsDb.code(), dirAsDb.err());
        assertTrue(dirAsDb.err().contains("cannot start the relay"), dirAsDb.err());
    }

    @Test
    void runsInProcess_servesClients_andStopsWhenInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = Thread.ofVirtual().start(() -> code.set(Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter()),
                new String[] {"relay", "--port", "0", "--storage", "sqlite:" + dir.resolve("relay.db")})));
        URI uri = awaitListening(out);
        RelayClient client = new RelayClient(uri);
        KeyPair k = RelayClient.newKeyPair();
        RelayClient.QueueIds q = client.createQueue(k.getPublic());
        client.deposit(q.sendId(), "hello".getBytes());
        assertEquals("hello", new String(client.fetch(q.recvId(), k.getPrivate(), 0, Duration.ZERO).get(0).body()));
        t.interrupt();
        t.join(10_000);
        assertEquals(0, code.get());
    }

    private static URI awaitListening(StringWriter out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(out.toString());
            if (m.find()) {
                return URI.create(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the relay did not start: " + out);
    }

    /**
     * kill -9 of a relay process while 8 clients deposit: every deposit that was acknowledged (202) is
     * there after a restart, exactly once, and SQLite's integrity check passes.
     */
    @Test
    void killMinus9_underLoad_losesNoAcknowledgedMessage_andDuplicatesNone() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path db = dir.resolve("relay.db");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", System.getProperty("jdk.module.path"),
                // surefire leaves the jars no test module requires (Prometheus' model, ...) on the class path
                "-cp", System.getProperty("java.class.path"), "--enable-native-access=org.xerial.sqlitejdbc",
                "-Dqsafe.hwaccel.native=false",
                "-m", "dev.qsafe.cli/dev.qsafe.cli.Main", "relay", "--port", Integer.toString(port), "--storage", "sqlite:" + db));
        Process relay = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("relay.log").toFile()).start();
        URI uri = URI.create("http://127.0.0.1:" + port);
        RelayClient client = new RelayClient(uri, 1, Duration.ofMillis(10), Duration.ofMillis(10), java.time.Clock.systemUTC());
        awaitHealth(uri, relay, dir.resolve("relay.log"));
        KeyPair k = RelayClient.newKeyPair();
        RelayClient.QueueIds q = client.createQueue(k.getPublic());

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        ExecutorService ex = Executors.newFixedThreadPool(8);
        List<Future<?>> loaders = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            loaders.add(ex.submit(() -> {
                for (int i = 0; i < 10_000 && !Thread.currentThread().isInterrupted(); i++) {
                    String id = RelayClient.newId();
                    try {
                        client.deposit(q.sendId(), ("m " + id).getBytes(), id, null);
                        acknowledged.add(id);
                    } catch (RelayException e) {
                        if (e.status() == 0) {
                            return; // the relay is gone
                        }
                        if (e.status() != 429) {
                            unexpected.set(e);
                            return;
                        }
                    }
                }
            }));
        }
        try {
            // let some deposits through (the per-queue rate limit refuses the rest with 429), then kill
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (acknowledged.size() < 60 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            relay.destroyForcibly(); // SIGKILL
            assertTrue(relay.waitFor(10, TimeUnit.SECONDS));
        } finally {
            ex.shutdownNow();
            ex.awaitTermination(10, TimeUnit.SECONDS);
            relay.destroyForcibly();
        }
        assertEquals(null, unexpected.get());
        assertTrue(acknowledged.size() >= 60, "acknowledged before the kill: " + acknowledged.size());

        try (RelayServer restarted = RelayServer.start(RelayConfig.builder().port(0).storage("sqlite:" + db).build())) {
            assertEquals("ok", restarted.integrityCheck());
            RelayClient after = new RelayClient(restarted.uri());
            List<String> delivered = new ArrayList<>();
            long seq = 0;
            while (true) {
                List<RelayClient.Message> page = after.fetch(q.recvId(), k.getPrivate(), seq, Duration.ZERO);
                if (page.isEmpty()) {
                    break;
                }
                for (RelayClient.Message m : page) {
                    delivered.add(m.id());
                    assertEquals("m " + m.id(), new String(m.body()));
                    seq = m.seq();
                }
            }
            assertEquals(delivered.size(), new HashSet<>(delivered).size(), "no message is delivered twice");
            assertTrue(delivered.containsAll(acknowledged), "every acknowledged deposit survives SIGKILL: "
                    + acknowledged.size() + " acknowledged, " + delivered.size() + " delivered");
        }
    }

    private static void awaitHealth(URI uri, Process relay, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!relay.isAlive()) {
                throw new AssertionError("the relay process ended with " + relay.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the relay did not become healthy");
    }
}

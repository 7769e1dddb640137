package dev.qsafe.tests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.qsafe.relay.HttpSignatures;
import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayConfig;
import dev.qsafe.relay.RelayException;
import dev.qsafe.relay.RelayServer;

/**
 * The relay's integration suite (docs/RELAY.md), run against every storage by a subclass: real HTTP on
 * loopback, a real database. Limits are small so that each one is reached quickly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RelayContract {

    /** A clock the tests move forward (TTL); signatures are dated with it too. */
    static final class TestClock extends Clock {
        final AtomicLong offsetMillis = new AtomicLong();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMillis.get());
        }
    }

    static final int MAX_MESSAGE = 1024;
    static final int MAX_MESSAGES = 5;
    static final long MAX_BYTES = 3 * 1024;

    final TestClock clock = new TestClock();
    RelayServer relay;
    RelayClient client;
    final HttpClient http = HttpClient.newHttpClient();

    /** The storage URL of a fresh, empty database for this run. */
    abstract String storage() throws Exception;

    /** Drops what {@link #storage()} made. */
    abstract void dropStorage() throws Exception;

    RelayConfig.Builder config(String storage) {
        return RelayConfig.builder().port(0).storage(storage).clock(clock)
                .maxMessageBytes(MAX_MESSAGE).maxQueueMessages(MAX_MESSAGES).maxQueueBytes(MAX_BYTES)
                .maxTtl(Duration.ofHours(1)).defaultTtl(Duration.ofMinutes(10))
                .depositRate(0.01, 20).requestRate(10_000, 10_000).maxOneTimePrekeys(10)
                .purgeInterval(Duration.ofHours(1));
    }

    String storageUrl;

    @BeforeAll
    void startRelay() throws Exception {
        storageUrl = storage();
        relay = RelayServer.start(config(storageUrl).build());
        client = new RelayClient(relay.uri(), 3, Duration.ofMillis(20), Duration.ofMillis(200), clock);
    }

    @AfterAll
    void stopRelay() throws Exception {
        if (relay != null) {
            relay.close();
        }
        dropStorage();
    }

    record Queue(KeyPair key, RelayClient.QueueIds ids) {
    }

    Queue newQueue() {
        KeyPair k = RelayClient.newKeyPair();
        return new Queue(k, client.createQueue(k.getPublic()));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create(relay.uri() + path);
    }

    HttpRequest.Builder signedGet(String path, KeyPair key, String keyid, long created, String nonce) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        HttpSignatures.signRequest(key.getPrivate(), keyid, "GET", uri(path), new byte[0], created, nonce).forEach(b::header);
        return b;
    }

    long now() {
        return clock.millis() / 1000;
    }

    static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"error\":\"" + code + "\""), r.body());
        assertFalse(r.body().contains("Exception"), r.body());
    }

    // ---- the queue round trip

    @Test
    void depositFetchDelete_roundTrip_inOrder() {
        Queue q = newQueue();
        assertFalse(q.ids().recvId().equals(q.ids().sendId()));
        for (int i = 1; i <= 3; i++) {
            client.deposit(q.ids().sendId(), bytes("m" + i));
        }
        List<RelayClient.Message> all = client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO);
        assertEquals(List.of("m1", "m2", "m3"), all.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList());
        assertEquals(List.of(1L, 2L, 3L), all.stream().map(RelayClient.Message::seq).toList());
        assertEquals(1, client.fetch(q.ids().recvId(), q.key().getPrivate(), 2, Duration.ZERO).size());
        assertEquals(2, client.delete(q.ids().recvId(), q.key().getPrivate(), 2));
        List<RelayClient.Message> left = client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO);
        assertEquals(1, left.size());
        assertEquals("m3", new String(left.get(0).body(), StandardCharsets.UTF_8));
        // sequence numbers keep growing after a delete
        client.deposit(q.ids().sendId(), bytes("m4"));
        assertEquals(4L, client.fetch(q.ids().recvId(), q.key().getPrivate(), 3, Duration.ZERO).get(0).seq());
    }

    @Test
    void depositRetriedWithTheSameId_isStoredOnce() {
        Queue q = newQueue();
        String id = RelayClient.newId();
        client.deposit(q.ids().sendId(), bytes("once"), id, null);
        client.deposit(q.ids().sendId(), bytes("once"), id, null);
        List<RelayClient.Message> got = client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO);
        assertEquals(1, got.size());
        assertEquals(id, got.get(0).id());
    }

    @Test
    void longPoll_wakesOnDeposit_andEndsEmptyAfterItsWait() throws Exception {
        Queue q = newQueue();
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        try {
            long t0 = System.nanoTime();
            Future<List<RelayClient.Message>> poll = ex.submit(
                    () -> client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ofSeconds(20)));
            Thread.sleep(300);
            assertFalse(poll.isDone(), "the poll waits for a message");
            client.deposit(q.ids().sendId(), bytes("wake"));
            List<RelayClient.Message> got = poll.get(10, TimeUnit.SECONDS);
            assertEquals(1, got.size());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "woken, not timed out");

            long t1 = System.nanoTime();
            assertEquals(0, client.fetch(q.ids().recvId(), q.key().getPrivate(), 1, Duration.ofSeconds(1)).size());
            long waited = System.nanoTime() - t1;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(900), "waited " + waited);
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void aNewLongPoll_endsThePreviousOne() throws Exception {
        Queue q = newQueue();
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<List<RelayClient.Message>> first = ex.submit(
                    () -> client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ofSeconds(30)));
            Thread.sleep(300);
            Future<List<RelayClient.Message>> second = ex.submit(
                    () -> client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ofSeconds(2)));
            assertEquals(0, first.get(5, TimeUnit.SECONDS).size(), "superseded poll answers at once");
            assertEquals(0, second.get(10, TimeUnit.SECONDS).size());
        } finally {
            ex.shutdownNow();
        }
    }

    // ---- authentication

    @Test
    void fetch_withoutSignature_isRefused() throws Exception {
        Queue q = newQueue();
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues/" + q.ids().recvId() + "/messages")).GET()), 401,
                "missing_signature");
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues/" + q.ids().recvId() + "/messages?upto=9")).DELETE()),
                401, "missing_signature");
    }

    @Test
    void noRequest_canReadOrDeleteAnotherQueue() throws Exception {
        Queue a = newQueue();
        Queue b = newQueue();
        client.deposit(a.ids().sendId(), bytes("for a"));
        String pathA = "/v1/queues/" + a.ids().recvId() + "/messages";
        // b's key, b's keyid, a's path
        assertError(send(signedGet(pathA, b.key(), b.ids().recvId(), now(), HttpSignatures.newNonce())), 401, "wrong_key");
        // b's key claiming a's keyid
        assertError(send(signedGet(pathA, b.key(), a.ids().recvId(), now(), HttpSignatures.newNonce())), 401, "bad_signature");
        // the send id is no receive id
        String viaSend = "/v1/queues/" + a.ids().sendId() + "/messages";
        assertError(send(signedGet(viaSend, a.key(), a.ids().sendId(), now(), HttpSignatures.newNonce())), 401, "bad_signature");
        RelayException e = assertThrows(RelayException.class, () -> client.delete(a.ids().recvId(), b.key().getPrivate(), 99));
        assertEquals(401, e.status());
        assertEquals(1, client.fetch(a.ids().recvId(), a.key().getPrivate(), 0, Duration.ZERO).size(), "nothing was deleted");
    }

    @Test
    void replayedNonce_staleOrFutureCreated_andWrongDigest_areRefused() throws Exception {
        Queue q = newQueue();
        String path = "/v1/queues/" + q.ids().recvId() + "/messages";
        HttpRequest once = signedGet(path, q.key(), q.ids().recvId(), now(), HttpSignatures.newNonce()).build();
        assertEquals(200, http.send(once, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertError(http.send(once, HttpResponse.BodyHandlers.ofString()), 401, "replayed_nonce");
        assertError(send(signedGet(path, q.key(), q.ids().recvId(), now() - 310, HttpSignatures.newNonce())), 401,
                "stale_signature");
        assertError(send(signedGet(path, q.key(), q.ids().recvId(), now() + 310, HttpSignatures.newNonce())), 401,
                "stale_signature");
        assertEquals(200, send(signedGet(path, q.key(), q.ids().recvId(), now() - 290, HttpSignatures.newNonce())).statusCode());
        // a signature over another target (query changed after signing)
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path + "?after=0")).GET();
        HttpSignatures.signRequest(q.key().getPrivate(), q.ids().recvId(), "GET", uri(path), new byte[0], now(),
                HttpSignatures.newNonce()).forEach(b::header);
        assertError(send(b), 401, "bad_signature");
        // a Content-Digest of another body
        HttpRequest.Builder d = HttpRequest.newBuilder(uri(path)).GET();
        Map<String, String> h = HttpSignatures.signRequest(q.key().getPrivate(), q.ids().recvId(), "GET", uri(path),
                bytes("x"), now(), HttpSignatures.newNonce());
        h.forEach(d::header);
        assertError(send(d), 401, "bad_digest");
        // garbage signature headers
        assertError(send(HttpRequest.newBuilder(uri(path)).header("Signature-Input", "sig1=(((")
                .header("Signature", "sig1=:AAAA:").GET()), 401, "bad_signature_input");
    }

    // ---- limits

    @Test
    void limits_size413_depth429_bytes507() throws Exception {
        Queue q = newQueue();
        RelayException big = assertThrows(RelayException.class,
                () -> client.deposit(q.ids().sendId(), new byte[MAX_MESSAGE + 1]));
        assertEquals(413, big.status());
        for (int i = 0; i < MAX_MESSAGES; i++) {
            client.deposit(q.ids().sendId(), bytes("d" + i));
        }
        HttpResponse<String> full = send(HttpRequest.newBuilder(uri("/v1/queues/" + q.ids().sendId() + "/messages"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes("one more"))));
        assertError(full, 429, "queue_full");
        assertTrue(full.headers().firstValue("Retry-After").isPresent());

        Queue b = newQueue();
        client.deposit(b.ids().sendId(), new byte[MAX_MESSAGE]);
        client.deposit(b.ids().sendId(), new byte[MAX_MESSAGE]);
        client.deposit(b.ids().sendId(), new byte[MAX_MESSAGE]);
        RelayException bytesFull = assertThrows(RelayException.class, () -> client.deposit(b.ids().sendId(), new byte[1]));
        assertEquals(507, bytesFull.status());
        assertEquals("queue_bytes", bytesFull.code());
        // deleting makes room again
        client.delete(b.ids().recvId(), b.key().getPrivate(), 1);
        client.deposit(b.ids().sendId(), new byte[1]);
    }

    @Test
    void perQueueRateLimit_refusesABurst() throws Exception {
        Queue q = newQueue();
        String path = "/v1/queues/" + q.ids().sendId() + "/messages";
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes("r" + i))));
            codes.add(r.statusCode() + (r.body().contains("rate_limited") ? " rate" : ""));
        }
        assertEquals(MAX_MESSAGES, codes.stream().filter(c -> c.equals("202")).count(), codes.toString());
        assertTrue(codes.subList(21, 25).stream().allMatch(c -> c.equals("429 rate")), codes.toString());
    }

    @Test
    void perAddressRateLimit_refusesABurst() throws Exception {
        try (RelayServer strict = RelayServer.start(config(storageUrl).requestRate(1, 3).build())) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(http.send(HttpRequest.newBuilder(URI.create(strict.uri() + "/v1/bundles/"
                        + RelayClient.newId())).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            assertEquals(List.of(404, 404, 404, 429, 429, 429), statuses);
            // health stays reachable for monitors
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(strict.uri() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void ttl_expiresMessages_andPurgeDeletesThem() throws Exception {
        Queue q = newQueue();
        client.deposit(q.ids().sendId(), bytes("short"), RelayClient.newId(), Duration.ofSeconds(60));
        client.deposit(q.ids().sendId(), bytes("default"));
        assertEquals(2, client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO).size());
        clock.offsetMillis.addAndGet(61_000);
        try {
            List<RelayClient.Message> left = client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO);
            assertEquals(List.of("default"), left.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList());
            assertTrue(relay.purgeNow() >= 1, "the expired message is purged");
        } finally {
            clock.offsetMillis.addAndGet(-61_000);
        }
        for (String ttl : new String[] {"0", "-5", "abc", "3601", "99999999999999999999"}) {
            assertError(send(HttpRequest.newBuilder(uri("/v1/queues/" + q.ids().sendId() + "/messages?ttl=" + ttl))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes("x")))), 400,
                    ttl.equals("abc") || ttl.length() > 18 ? "bad_request" : "bad_ttl");
        }
    }

    // ---- bad input

    @Test
    void badInput_getsAClearStatus_neverA500() throws Exception {
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues")).POST(HttpRequest.BodyPublishers.ofString("{not json"))),
                400, "bad_json");
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues")).POST(HttpRequest.BodyPublishers.ofString("[1,2]"))),
                400, "bad_json");
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues")).POST(HttpRequest.BodyPublishers.ofString("{\"recv_key\":\"AAAA\"}"))),
                400, "bad_request");
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues")).POST(HttpRequest.BodyPublishers.ofString("{\"recv_key\":7}"))),
                400, "bad_request");
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10_000]))),
                413, "request_too_large");
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues/" + RelayClient.newId() + "/messages"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes("x")))), 404, "not_found");
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues/short/messages"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes("x")))), 404, "not_found");
        assertError(send(HttpRequest.newBuilder(uri("/v1/nothing")).GET()), 404, "not_found");
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues")).GET()), 405, "method_not_allowed");
        Queue q = newQueue();
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues/" + q.ids().sendId() + "/messages"))
                .PUT(HttpRequest.BodyPublishers.noBody())), 400, "bad_request");
        assertError(send(HttpRequest.newBuilder(uri("/v1/queues/" + q.ids().sendId() + "/messages"))
                .header("Qsafe-Message-Id", "../../etc").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes("x")))),
                400, "bad_message_id");
        String path = "/v1/queues/" + q.ids().recvId() + "/messages?after=zz";
        assertError(send(signedGet(path, q.key(), q.ids().recvId(), now(), HttpSignatures.newNonce())), 400, "bad_request");
        // not HTTP at all: Jetty answers 400 and the relay keeps serving
        try (Socket s = new Socket("127.0.0.1", relay.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(bytes("GARBAGE \u0001\u0002 / HTTP/9.9\r\nX: \r\n\r\n"));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("HTTP/1.1 4"), head);
        }
        assertEquals(200, send(HttpRequest.newBuilder(uri("/health")).GET()).statusCode());
    }

    /**
     * A deposit whose connection ends inside its body (a proxy or the network cut it) stores nothing:
     * never part of a message. The sender's retry with the same message id then stores the whole one.
     */
    @Test
    void aDepositCutShort_storesNothing_andItsRetryStoresTheWholeMessage() throws Exception {
        Queue q = newQueue();
        String id = RelayClient.newId();
        byte[] body = new byte[600];
        Arrays.fill(body, (byte) 'x');
        try (Socket s = new Socket("127.0.0.1", relay.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(bytes("PUT /v1/queues/" + q.ids().sendId() + "/messages HTTP/1.1\r\nHost: 127.0.0.1:" + relay.port()
                    + "\r\nQsafe-Message-Id: " + id + "\r\nContent-Length: " + body.length + "\r\n\r\n"));
            out.write(body, 0, body.length / 2);
            out.flush();
            s.shutdownOutput();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(answer.startsWith("HTTP/1.1 202"), answer);
        }
        assertEquals(List.of(), client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO));
        client.deposit(q.ids().sendId(), body, id, null);
        List<RelayClient.Message> got = client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO);
        assertEquals(1, got.size());
        assertEquals(id, got.get(0).id());
        assertTrue(java.security.MessageDigest.isEqual(body, got.get(0).body()), "the whole message");
    }

    // ---- bundles

    @Test
    void oneTimePrekeys_areHandedOutAtMostOnce_underConcurrency() throws Exception {
        KeyPair owner = RelayClient.newKeyPair();
        String id = RelayClient.newId();
        List<byte[]> prekeys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            prekeys.add(bytes("otk-" + i));
        }
        client.putBundle(id, owner, bytes("signed bundle"), prekeys);
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Callable<RelayClient.Bundle>> gets = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                gets.add(() -> client.getBundle(id).orElseThrow());
            }
            Set<String> handed = new HashSet<>();
            int none = 0;
            for (Future<RelayClient.Bundle> f : ex.invokeAll(gets)) {
                RelayClient.Bundle b = f.get();
                assertEquals("signed bundle", new String(b.bundle(), StandardCharsets.UTF_8));
                if (b.oneTime().isPresent()) {
                    assertTrue(handed.add(new String(b.oneTime().get(), StandardCharsets.UTF_8)), "handed out twice");
                } else {
                    none++;
                }
            }
            assertEquals(10, handed.size());
            assertEquals(14, none);
        } finally {
            ex.shutdownNow();
        }
        assertTrue(client.getBundle(RelayClient.newId()).isEmpty());
    }

    /**
     * A bundle upload retried after its answer was lost (the client signs it again; the body is the same)
     * stores each one-time prekey once: otherwise two callers could be handed the same one.
     */
    @Test
    void aRetriedBundleUpload_storesEachOneTimePrekeyOnce() {
        KeyPair owner = RelayClient.newKeyPair();
        String id = RelayClient.newId();
        List<byte[]> prekeys = List.of(bytes("retry-otk-1"), bytes("retry-otk-2"));
        client.putBundle(id, owner, bytes("signed bundle"), prekeys);
        client.putBundle(id, owner, bytes("signed bundle"), prekeys); // the retry
        client.putBundle(id, owner, bytes("signed bundle"), List.of(bytes("retry-otk-2"), bytes("retry-otk-3")));
        List<String> handed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            client.getBundle(id).orElseThrow().oneTime().ifPresent(k -> handed.add(new String(k, StandardCharsets.UTF_8)));
        }
        assertEquals(List.of("retry-otk-1", "retry-otk-2", "retry-otk-3"), handed);
    }

    @Test
    void bundle_belongsToItsFirstKey_andHoldsAtMostItsPrekeyLimit() {
        KeyPair owner = RelayClient.newKeyPair();
        String id = RelayClient.newId();
        client.putBundle(id, owner, bytes("v1"), List.of());
        RelayException stolen = assertThrows(RelayException.class,
                () -> client.putBundle(id, RelayClient.newKeyPair(), bytes("evil"), List.of()));
        assertEquals(401, stolen.status());
        client.putBundle(id, owner, bytes("v2"), List.of(bytes("a")));
        assertEquals("v2", new String(client.getBundle(id).orElseThrow().bundle(), StandardCharsets.UTF_8));
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            many.add(bytes("k" + i));
        }
        RelayException tooMany = assertThrows(RelayException.class, () -> client.putBundle(id, owner, bytes("v3"), many));
        assertEquals(429, tooMany.status());
    }

    // ---- monitor

    @Test
    void health_andPrometheusMetrics() throws Exception {
        HttpResponse<String> h = send(HttpRequest.newBuilder(uri("/health")).GET());
        assertEquals(200, h.statusCode());
        assertTrue(h.body().contains("\"database\":\"UP\""), h.body());
        assertEquals(200, send(HttpRequest.newBuilder(uri("/health/live")).GET()).statusCode());
        Queue q = newQueue();
        client.deposit(q.ids().sendId(), bytes("counted"));
        HttpResponse<String> m = send(HttpRequest.newBuilder(uri("/metrics")).GET());
        assertEquals(200, m.statusCode());
        assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(m.body().contains("# TYPE relay_deposits_total counter"), m.body());
        assertTrue(m.body().contains("relay_requests_seconds"), "latency timer");
        assertNotNull(relay.storageKind());
    }

    static String hex(byte[] b) {
        return Arrays.toString(b);
    }

    /**
     * Clock skew beyond the signature window, under load: while honest senders deposit, clients whose
     * clocks are 60 s beyond the window (ahead and behind) keep trying to fetch and delete. Every one of
     * their requests is refused (401 {@code stale_signature}) and nothing is read or deleted: afterwards
     * the owner finds every deposit.
     */
    @Test
    void clockSkewBeyondTheWindow_underLoad_isRefused_andNothingIsReadOrDeleted() throws Exception {
        Duration beyond = Duration.ofSeconds(300 + 60);
        List<Queue> queues = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            queues.add(newQueue());
        }
        Set<String> deposited = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicLong refused = new AtomicLong();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (Queue q : queues) {
                all.add(ex.submit(() -> {
                    for (int i = 0; i < MAX_MESSAGES; i++) {
                        String id = RelayClient.newId();
                        client.deposit(q.ids().sendId(), bytes("m" + i), id, null);
                        deposited.add(id);
                    }
                    return null;
                }));
            }
            for (int w = 0; w < 8; w++) {
                Clock skewed = Clock.offset(clock, w % 2 == 0 ? beyond : beyond.negated());
                RelayClient wrong = new RelayClient(relay.uri(), 1, Duration.ofMillis(1), Duration.ofMillis(1), skewed);
                Queue q = queues.get(w % queues.size());
                all.add(ex.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        RelayException e = assertThrows(RelayException.class, () -> fetchNow(wrong, q));
                        assertEquals(401, e.status());
                        assertEquals("stale_signature", e.code());
                        RelayException d = assertThrows(RelayException.class,
                                () -> wrong.delete(q.ids().recvId(), q.key().getPrivate(), Long.MAX_VALUE / 2));
                        assertEquals("stale_signature", d.code());
                        refused.addAndGet(2);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(2, TimeUnit.MINUTES);
            }
        }
        assertEquals(8 * 20 * 2, refused.get());
        Set<String> found = new HashSet<>();
        for (Queue q : queues) {
            for (RelayClient.Message m : client.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO)) {
                found.add(m.id());
            }
        }
        assertEquals(deposited, found, "every deposit is still there: nothing was read or deleted");
    }

    private static List<RelayClient.Message> fetchNow(RelayClient c, Queue q) {
        return c.fetch(q.ids().recvId(), q.key().getPrivate(), 0, Duration.ZERO);
    }
}

package dev.qsafe.tests.relay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayConfig;

/**
 * Known traffic for the status-page tests: queues, deposits, a fetch and delete, and one request for each
 * of a 404, a 413 (a refusal) and a 401 (an authentication failure), so that every figure on the page has
 * an expected value.
 */
final class StatusTraffic {

    static final int MAX_MESSAGE = 1024;
    static final int MESSAGE = 100;

    /** What the relay saw: expected figures, and every id it handed out (none may appear on the page). */
    record Seen(int queues, int deposits, int fetched, int messagesLeft, List<String> ids) {
    }

    private StatusTraffic() {
    }

    static RelayConfig.Builder config(String storage) {
        return RelayConfig.builder().port(0).storage(storage).maxMessageBytes(MAX_MESSAGE)
                .requestRate(10_000, 10_000).purgeInterval(Duration.ofHours(1));
    }

    static RelayClient client(URI relay) {
        return new RelayClient(relay, 1, Duration.ofMillis(1), Duration.ofMillis(1), java.time.Clock.systemUTC());
    }

    /**
     * {@code queues} queues; {@code perQueue} deposits of {@link #MESSAGE} bytes to each; the first queue
     * fetched and deleted; then one unknown bundle (404), one oversized deposit (413) and one unsigned
     * fetch (401).
     */
    static Seen run(URI relay, int queues, int perQueue) throws Exception {
        RelayClient c = client(relay);
        List<String> ids = new ArrayList<>();
        List<KeyPair> keys = new ArrayList<>();
        List<RelayClient.QueueIds> qs = new ArrayList<>();
        for (int i = 0; i < queues; i++) {
            KeyPair k = RelayClient.newKeyPair();
            RelayClient.QueueIds q = c.createQueue(k.getPublic());
            keys.add(k);
            qs.add(q);
            ids.add(q.recvId());
            ids.add(q.sendId());
            for (int j = 0; j < perQueue; j++) {
                ids.add(c.deposit(q.sendId(), new byte[MESSAGE]));
            }
        }
        List<RelayClient.Message> got = c.fetch(qs.get(0).recvId(), keys.get(0).getPrivate(), 0, Duration.ZERO);
        if (got.size() != perQueue) {
            throw new AssertionError("fetched " + got.size() + " of " + perQueue);
        }
        c.delete(qs.get(0).recvId(), keys.get(0).getPrivate(), got.get(got.size() - 1).seq());

        HttpClient http = HttpClient.newHttpClient();
        expect(http, HttpRequest.newBuilder(relay.resolve("/v1/bundles/" + RelayClient.newId())).GET(), 404);
        expect(http, HttpRequest.newBuilder(relay.resolve("/v1/queues/" + qs.get(0).sendId() + "/messages"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[MAX_MESSAGE + 1])), 413);
        expect(http, HttpRequest.newBuilder(relay.resolve("/v1/queues/" + qs.get(0).recvId() + "/messages")).GET(), 401);
        return new Seen(queues, queues * perQueue, perQueue, (queues - 1) * perQueue, ids);
    }

    private static void expect(HttpClient http, HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != status) {
            throw new AssertionError("expected " + status + ", got " + r.statusCode() + ": " + r.body());
        }
    }
}

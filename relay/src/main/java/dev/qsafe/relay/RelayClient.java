package dev.qsafe.relay;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of a qsafe relay (docs/RELAY.md) over {@link HttpClient}. Retries with exponential backoff
 * and jitter on connection failures, 429, 502, 503 and 504 (honouring {@code Retry-After}); a deposit is
 * retried with the same message id, so a retry after a lost acknowledgement stores no second copy.
 * Signed requests are signed again (new nonce, new time) on every attempt; a signed GET or DELETE
 * refused as a replayed nonce (a copy of it, retried by something on the way, arrived first) is retried too.
 */
public final class RelayClient {

    /** A queue's two ids: the receive id (its owner's) and the send id (for senders). */
    public record QueueIds(String recvId, String sendId) {
    }

    /** A fetched message: its sequence number in the queue, its message id, its bytes. */
    public record Message(long seq, String id, byte[] body) {
    }

    /** A fetched bundle and the one-time prekey handed out with it, if one was left. */
    public record Bundle(byte[] bundle, Optional<byte[]> oneTime) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How long a request other than a long poll may take before it counts as failed (and is retried). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();

    private final URI base;
    private final HttpClient http;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Clock clock;

    /** A client with 5 attempts, backoff from 100 ms to 5 s. */
    public RelayClient(URI base) {
        this(base, 5, Duration.ofMillis(100), Duration.ofSeconds(5), Clock.systemUTC());
    }

    /**
     * @param base           the relay's base URL ({@code http://host:port})
     * @param maxAttempts    attempts per call (at least 1)
     * @param initialBackoff first wait between attempts (doubled each time, with jitter)
     * @param maxBackoff     longest wait between attempts
     * @param clock          the clock signatures are dated with
     */
    public RelayClient(URI base, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Clock clock) {
        String s = Objects.requireNonNull(base, "base").toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A new Ed25519 key pair for a queue or a bundle. */
    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is missing from the JDK", e);
        }
    }

    /** A new random id (16 bytes, base64url): a message id or a bundle id. */
    public static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return B64U.encodeToString(b);
    }

    /** Creates a queue owned by {@code recvKey}. */
    public QueueIds createQueue(PublicKey recvKey) {
        ObjectNode n = JSON.createObjectNode();
        n.put("recv_key", B64U.encodeToString(HttpSignatures.rawPublicKey(recvKey)));
        byte[] body = JSON.writeValueAsBytes(n);
        JsonNode r = call(() -> HttpRequest.newBuilder(uri("/v1/queues"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), 201);
        return new QueueIds(text(r, "recv_id"), text(r, "send_id"));
    }

    /** Deposits a message with a new message id; returns the id. Returns only after the relay's 202. */
    public String deposit(String sendId, byte[] message) {
        String id = newId();
        deposit(sendId, message, id, null);
        return id;
    }

    /** Deposits a message with the given message id (idempotent) and TTL (null for the relay's default). */
    public void deposit(String sendId, byte[] message, String messageId, Duration ttl) {
        String path = "/v1/queues/" + sendId + "/messages" + (ttl == null ? "" : "?ttl=" + ttl.toSeconds());
        call(() -> HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/octet-stream")
                .header("Qsafe-Message-Id", messageId)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(message)), 202);
    }

    /** Fetches messages after {@code after}, waiting up to {@code wait} (at most the relay's limit) for one. */
    public List<Message> fetch(String recvId, PrivateKey key, long after, Duration wait) {
        String path = "/v1/queues/" + recvId + "/messages?after=" + after + "&wait=" + wait.toSeconds();
        JsonNode r = call(() -> signed(HttpRequest.newBuilder(uri(path)).timeout(wait.plusSeconds(30)).GET(),
                "GET", path, key, recvId, new byte[0]), 200);
        List<Message> out = new ArrayList<>();
        JsonNode arr = r.get("messages");
        if (arr == null || !arr.isArray()) {
            throw new RelayException(200, "bad_reply", "the relay's reply has no messages array");
        }
        for (JsonNode m : arr) {
            out.add(new Message(m.get("seq").asLong(), text(m, "id"), decode(text(m, "body"))));
        }
        return out;
    }

    /** Deletes every message up to and including {@code upto}; returns how many were deleted. */
    public int delete(String recvId, PrivateKey key, long upto) {
        String path = "/v1/queues/" + recvId + "/messages?upto=" + upto;
        JsonNode r = call(() -> signed(HttpRequest.newBuilder(uri(path)).DELETE(), "DELETE", path, key, recvId,
                new byte[0]), 200);
        return r.get("deleted").asInt();
    }

    /** Uploads (creates or replaces) a bundle and appends one-time prekeys, signed by the bundle's owner. */
    public void putBundle(String bundleId, KeyPair owner, byte[] bundle, List<byte[]> oneTime) {
        ObjectNode n = JSON.createObjectNode();
        n.put("owner_key", B64U.encodeToString(HttpSignatures.rawPublicKey(owner.getPublic())));
        n.put("bundle", B64U.encodeToString(bundle));
        ArrayNode arr = n.putArray("one_time");
        for (byte[] k : oneTime) {
            arr.add(B64U.encodeToString(k));
        }
        byte[] body = JSON.writeValueAsBytes(n);
        String path = "/v1/bundles/" + bundleId;
        call(() -> signed(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), "PUT", path, owner.getPrivate(), bundleId, body), 204);
    }

    /** Fetches a bundle, taking one of its one-time prekeys; empty if there is no such bundle. */
    public Optional<Bundle> getBundle(String bundleId) {
        try {
            JsonNode r = call(() -> HttpRequest.newBuilder(uri("/v1/bundles/" + bundleId)).GET(), 200);
            JsonNode ot = r.get("one_time");
            return Optional.of(new Bundle(decode(text(r, "bundle")),
                    ot == null || ot.isNull() ? Optional.empty() : Optional.of(decode(ot.asString()))));
        } catch (RelayException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private HttpRequest.Builder signed(HttpRequest.Builder b, String method, String path, PrivateKey key, String keyid,
            byte[] body) {
        Map<String, String> h = HttpSignatures.signRequest(key, keyid, method, uri(path), body,
                clock.millis() / 1000, HttpSignatures.newNonce());
        h.forEach(b::header);
        return b;
    }

    private JsonNode call(Supplier<HttpRequest.Builder> request, int expect) {
        Duration backoff = initialBackoff;
        RelayException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait = backoff;
            try {
                HttpRequest.Builder b = request.get();
                HttpRequest built = b.build();
                if (built.timeout().isEmpty()) {
                    built = b.timeout(REQUEST_TIMEOUT).build();
                }
                HttpResponse<byte[]> r = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == expect) {
                    return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
                }
                last = refusal(r);
                int s = r.statusCode();
                if (s != 429 && s != 502 && s != 503 && s != 504 && !replayedIdempotent(built, last)) {
                    throw last;
                }
                Optional<String> ra = r.headers().firstValue("Retry-After");
                if (ra.isPresent() && ra.get().matches("\\d{1,4}")) {
                    wait = Duration.ofSeconds(Long.parseLong(ra.get()));
                }
            } catch (IOException e) {
                last = new RelayException("relay unreachable: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RelayException("interrupted", e);
            } catch (JacksonException e) {
                throw new RelayException(0, "bad_reply", "the relay's reply is not JSON");
            }
            if (attempt < maxAttempts) {
                long ms = Math.min(wait.toMillis(), maxBackoff.toMillis());
                ms = ms / 2 + (ms > 1 ? RANDOM.nextLong(ms / 2 + 1) : 0);
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RelayException("interrupted", e);
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
        throw last;
    }

    /**
     * A signed GET or DELETE refused as a replay: a copy of this very request (same nonce) reached the relay
     * first, e.g. a proxy that retried it after a lost answer. Both are idempotent, so the next attempt,
     * signed again with a new nonce, is safe. A PUT is not retried this way (it appends one-time prekeys).
     */
    private static boolean replayedIdempotent(HttpRequest request, RelayException refusal) {
        return refusal.status() == 401 && "replayed_nonce".equals(refusal.code())
                && (request.method().equals("GET") || request.method().equals("DELETE"));
    }

    private static RelayException refusal(HttpResponse<byte[]> r) {
        String code = "http_" + r.statusCode();
        String message = "relay answered " + r.statusCode();
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n != null && n.get("error") != null) {
                code = n.get("error").asString();
                message = n.get("message") == null ? message : n.get("message").asString();
            }
        } catch (JacksonException ignored) {
            // keep the status as the message
        }
        return new RelayException(r.statusCode(), code, message);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isString()) {
            throw new RelayException(200, "bad_reply", "the relay's reply lacks " + field);
        }
        return v.asString();
    }

    private static byte[] decode(String s) {
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new RelayException(200, "bad_reply", "the relay's reply is not base64url");
        }
    }
}

package dev.qsafe.relay.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The relay's HTTP API (docs/RELAY.md) on Jetty 12 core; every request runs on its own virtual thread. */
final class RelayHandler extends Handler.Abstract {

    private static final System.Logger LOG = System.getLogger("dev.qsafe.relay");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final int MAX_JSON = 256 * 1024;
    private static final int MAX_FETCH = 100;
    private static final int MAX_PREKEY_BYTES = 8 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64U_DEC = Base64.getUrlDecoder();

    private final Limits limits;
    private final Store store;
    private final PrometheusMeterRegistry registry;
    private final Signals signals;
    private final RateLimiter perQueue;
    private final RateLimiter perAddress;
    private final AtomicInteger longPolls = new AtomicInteger();
    private final Counter deposits;
    private final Counter fetched;
    private final StatusPage status;

    RelayHandler(Limits limits, Store store, PrometheusMeterRegistry registry, Signals signals) {
        this.limits = limits;
        this.store = store;
        this.registry = registry;
        this.signals = signals;
        this.perQueue = new RateLimiter(limits.depositsPerSecond(), limits.depositBurst());
        this.perAddress = new RateLimiter(limits.requestsPerSecond(), limits.requestBurst());
        this.deposits = Counter.builder("relay.deposits").description("messages stored").register(registry);
        this.fetched = Counter.builder("relay.fetched.messages").description("messages handed to receivers").register(registry);
        registry.gauge("relay.long.polls", longPolls);
        this.status = new StatusPage(registry, store, limits, longPolls::get);
    }

    /** An answer other than success, with its status, code and message. */
    static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final String retryAfter;

        HttpError(int status, String code, String message) {
            this(status, code, message, null);
        }

        HttpError(int status, String code, String message, String retryAfter) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.retryAfter = retryAfter;
        }
    }

    private record Reply(int status, byte[] body, String contentType, Map<String, String> headers) {
        Reply(int status, byte[] body, String contentType) {
            this(status, body, contentType, Map.of());
        }

        static Reply json(int status, JsonNode node) {
            return new Reply(status, JSON.writeValueAsBytes(node), "application/json");
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String route = "unknown";
        Reply reply;
        String retryAfter = null;
        try {
            String[] parts = request.getHttpURI().getPath().split("/", -1);
            route = route(parts);
            if (!route.startsWith("/health") && !route.equals("/metrics")
                    && !perAddress.tryAcquire(Request.getRemoteAddr(request), System.nanoTime())) {
                throw new HttpError(429, "rate_limited", "too many requests from this address", "1");
            }
            reply = dispatch(route, parts, request);
        } catch (HttpError e) {
            reply = error(e.status, e.code, e.getMessage());
            retryAfter = e.retryAfter;
            if (e.status == 429 || e.status == 507 || e.status == 413) {
                registry.counter("relay.refusals", "limit", e.code).increment();
            }
            if (e.status == 401) {
                registry.counter("relay.auth.failures", "reason", e.code).increment();
            }
        } catch (JdbcStore.StoreFullException e) {
            reply = error(507, "storage_full", "the relay's storage is full");
        } catch (JdbcStore.StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "relay: storage failure: " + e.getMessage());
            reply = error(503, "storage_unavailable", "the relay's storage is unavailable");
            retryAfter = "1";
        } catch (RuntimeException | IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(System.Logger.Level.ERROR, "relay: unexpected failure on " + route, e);
            reply = error(500, "internal", "internal error");
        }
        response.setStatus(reply.status());
        if (reply.contentType() != null) {
            response.getHeaders().put("Content-Type", reply.contentType());
        }
        if (retryAfter != null) {
            response.getHeaders().put("Retry-After", retryAfter);
        }
        reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put("Cache-Control", "no-store");
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        Timer.builder("relay.requests").tag("route", route).tag("method", request.getMethod())
                .tag("status", Integer.toString(reply.status())).publishPercentiles(0.5, 0.95, 0.99)
                .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return true;
    }

    private static String route(String[] p) {
        if (p.length == 3 && p[1].equals("v1") && p[2].equals("queues")) {
            return "/v1/queues";
        }
        if (p.length == 5 && p[1].equals("v1") && p[2].equals("queues") && p[4].equals("messages")) {
            return "/v1/queues/{id}/messages";
        }
        if (p.length == 4 && p[1].equals("v1") && p[2].equals("bundles")) {
            return "/v1/bundles/{id}";
        }
        String path = String.join("/", p);
        return switch (path) {
            case "/health", "/health/live", "/health/ready", "/metrics", "/status", "/status.json" -> path;
            default -> "unknown";
        };
    }

    private Reply dispatch(String route, String[] parts, Request request) throws IOException, InterruptedException {
        String method = request.getMethod();
        return switch (route) {
            case "/v1/queues" -> switch (method) {
                case "POST" -> createQueue(request);
                default -> throw notAllowed();
            };
            case "/v1/queues/{id}/messages" -> switch (method) {
                case "PUT" -> deposit(request, id(parts[3]));
                case "GET" -> fetch(request, id(parts[3]));
                case "DELETE" -> delete(request, id(parts[3]));
                default -> throw notAllowed();
            };
            case "/v1/bundles/{id}" -> switch (method) {
                case "PUT" -> putBundle(request, id(parts[3]));
                case "GET" -> getBundle(id(parts[3]));
                default -> throw notAllowed();
            };
            case "/health", "/health/ready" -> health(true);
            case "/health/live" -> health(false);
            case "/metrics" -> new Reply(200, registry.scrape().getBytes(StandardCharsets.UTF_8),
                    "text/plain; version=0.0.4; charset=utf-8");
            case "/status" -> switch (method) {
                case "GET" -> new Reply(200, status.html(), "text/html; charset=utf-8", Map.of(
                        "Content-Security-Policy", status.csp(), "X-Content-Type-Options", "nosniff",
                        "Referrer-Policy", "no-referrer"));
                default -> throw notAllowed();
            };
            case "/status.json" -> switch (method) {
                case "GET" -> new Reply(200, JSON.writeValueAsBytes(status.snapshot(JSON)), "application/json", Map.of(
                        "Content-Security-Policy", StatusPage.JSON_CSP, "X-Content-Type-Options", "nosniff"));
                default -> throw notAllowed();
            };
            default -> throw new HttpError(404, "not_found", "no such resource");
        };
    }

    private static HttpError notAllowed() {
        return new HttpError(405, "method_not_allowed", "method not allowed here");
    }

    private static String id(String s) {
        if (!ID.matcher(s).matches()) {
            throw new HttpError(404, "not_found", "no such id");
        }
        return s;
    }

    private Reply health(boolean ready) {
        ObjectNode n = JSON.createObjectNode();
        if (!ready) {
            n.put("status", "UP");
            return Reply.json(200, n);
        }
        boolean db = store.healthy();
        n.put("status", db ? "UP" : "DOWN");
        n.put("database", db ? "UP" : "DOWN");
        return Reply.json(db ? 200 : 503, n);
    }

    // ---- queues

    private Reply createQueue(Request request) throws IOException {
        JsonNode body = json(readBody(request, 4096, "request_too_large"));
        byte[] key = b64(body, "recv_key", 32, 32);
        try {
            Rfc9421.ed25519PublicKey(key);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "bad_request", "recv_key is not an Ed25519 public key");
        }
        String recvId = newId();
        String sendId = newId();
        store.createQueue(recvId, sendId, key, limits.clock().millis());
        ObjectNode n = JSON.createObjectNode();
        n.put("recv_id", recvId);
        n.put("send_id", sendId);
        return Reply.json(201, n);
    }

    private Reply deposit(Request request, String sendId) throws IOException {
        byte[] body = readBody(request, limits.maxMessageBytes(), "message_too_large");
        if (body.length == 0) {
            throw new HttpError(400, "bad_request", "empty message");
        }
        long now = limits.clock().millis();
        long ttlMillis = limits.defaultTtl().toMillis();
        Fields q = Request.extractQueryParameters(request);
        String ttl = q.getValue("ttl");
        if (ttl != null) {
            long s = number(ttl, "ttl");
            if (s < 1 || s > limits.maxTtl().toSeconds()) {
                throw new HttpError(400, "bad_ttl", "ttl must be 1.." + limits.maxTtl().toSeconds() + " seconds");
            }
            ttlMillis = s * 1000;
        }
        String msgId = request.getHeaders().get("Qsafe-Message-Id");
        if (msgId == null) {
            msgId = newId();
        } else if (!ID.matcher(msgId).matches()) {
            throw new HttpError(400, "bad_message_id", "Qsafe-Message-Id must be 22 base64url characters");
        }
        if (!perQueue.tryAcquire(sendId, System.nanoTime())) {
            throw new HttpError(429, "rate_limited", "too many deposits to this queue", "1");
        }
        Store.DepositResult r = store.deposit(sendId, msgId, body, now, now + ttlMillis, limits.maxQueueMessages(),
                limits.maxQueueBytes());
        return switch (r.outcome()) {
            case STORED, DUPLICATE -> {
                if (r.outcome() == Store.Deposit.STORED) {
                    deposits.increment();
                }
                ObjectNode n = JSON.createObjectNode();
                n.put("accepted", true);
                yield Reply.json(202, n);
            }
            case UNKNOWN_QUEUE -> throw new HttpError(404, "not_found", "no such queue");
            case QUEUE_FULL -> throw new HttpError(429, "queue_full", "the queue holds "
                    + limits.maxQueueMessages() + " messages", "30");
            case QUEUE_BYTES -> throw new HttpError(507, "queue_bytes", "the queue holds its byte limit");
        };
    }

    private Reply fetch(Request request, String recvId) throws IOException, InterruptedException {
        readBody(request, 0, "request_too_large");
        authenticate(request, recvId, new byte[0], store.queueKey(recvId));
        Fields q = Request.extractQueryParameters(request);
        long after = q.getValue("after") == null ? 0 : number(q.getValue("after"), "after");
        long wait = q.getValue("wait") == null ? 0 : number(q.getValue("wait"), "wait");
        if (after < 0 || wait < 0) {
            throw new HttpError(400, "bad_request", "after and wait must not be negative");
        }
        long waitNanos = Math.min(TimeUnit.SECONDS.toNanos(Math.min(wait, 3600)), limits.maxWait().toNanos());
        List<Store.Message> msgs = store.fetch(recvId, after, MAX_FETCH, limits.clock().millis());
        if (msgs.isEmpty() && waitNanos > 0) {
            Signals.Poll poll = signals.begin(recvId);
            Signals.Signal s = poll.signal();
            long generation = poll.generation();
            long deadline = System.nanoTime() + waitNanos;
            longPolls.incrementAndGet();
            try {
                while (msgs.isEmpty()) {
                    long seen;
                    synchronized (s) {
                        seen = s.version;
                    }
                    msgs = store.fetch(recvId, after, MAX_FETCH, limits.clock().millis());
                    if (!msgs.isEmpty()) {
                        break;
                    }
                    if (!signals.await(s, seen, generation, deadline)) {
                        msgs = store.fetch(recvId, after, MAX_FETCH, limits.clock().millis());
                        break;
                    }
                }
            } finally {
                longPolls.decrementAndGet();
                signals.end(recvId, s, generation);
            }
        }
        ObjectNode n = JSON.createObjectNode();
        ArrayNode arr = n.putArray("messages");
        for (Store.Message m : msgs) {
            ObjectNode o = arr.addObject();
            o.put("seq", m.seq());
            o.put("id", m.id());
            o.put("body", B64U.encodeToString(m.body()));
        }
        fetched.increment(msgs.size());
        return Reply.json(200, n);
    }

    private Reply delete(Request request, String recvId) throws IOException {
        readBody(request, 0, "request_too_large");
        authenticate(request, recvId, new byte[0], store.queueKey(recvId));
        String upto = Request.extractQueryParameters(request).getValue("upto");
        if (upto == null) {
            throw new HttpError(400, "bad_request", "upto is required");
        }
        long u = number(upto, "upto");
        if (u < 0) {
            throw new HttpError(400, "bad_request", "upto must not be negative");
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("deleted", store.deleteUpTo(recvId, u, limits.clock().millis()));
        return Reply.json(200, n);
    }

    // ---- bundles

    private Reply putBundle(Request request, String bundleId) throws IOException {
        byte[] raw = readBody(request, MAX_JSON, "request_too_large");
        JsonNode body = json(raw);
        byte[] owner = b64(body, "owner_key", 32, 32);
        byte[] bundle = b64(body, "bundle", 1, limits.maxMessageBytes());
        List<byte[]> oneTime = new ArrayList<>();
        JsonNode ot = body.get("one_time");
        if (ot != null && !ot.isNull()) {
            if (!ot.isArray() || ot.size() > limits.maxOneTimePrekeys()) {
                throw new HttpError(ot.isArray() ? 429 : 400, ot.isArray() ? "too_many_prekeys" : "bad_request",
                        "one_time must be an array of at most " + limits.maxOneTimePrekeys() + " prekeys");
            }
            for (JsonNode k : ot) {
                if (!k.isString()) {
                    throw new HttpError(400, "bad_request", "one_time holds base64url strings");
                }
                oneTime.add(decode(k.asString(), "one_time", 1, MAX_PREKEY_BYTES));
            }
        }
        byte[] stored = store.bundleOwner(bundleId);
        authenticate(request, bundleId, raw, stored != null ? stored : owner);
        return switch (store.putBundle(bundleId, owner, bundle, oneTime, limits.clock().millis(),
                limits.maxOneTimePrekeys())) {
            case STORED -> new Reply(204, new byte[0], null);
            case NOT_OWNER -> throw new HttpError(401, "not_owner", "the bundle belongs to another key");
            case TOO_MANY_PREKEYS -> throw new HttpError(429, "too_many_prekeys",
                    "a bundle holds at most " + limits.maxOneTimePrekeys() + " one-time prekeys");
        };
    }

    private Reply getBundle(String bundleId) {
        Store.Bundle b = store.takeBundle(bundleId);
        if (b == null) {
            throw new HttpError(404, "not_found", "no such bundle");
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("bundle", B64U.encodeToString(b.bundle()));
        if (b.oneTime() == null) {
            n.putNull("one_time");
        } else {
            n.put("one_time", B64U.encodeToString(b.oneTime()));
        }
        return Reply.json(200, n);
    }

    // ---- authentication (docs/RELAY.md, "Fetch authentication")

    private void authenticate(Request request, String keyid, byte[] body, byte[] rawKey) {
        String inputHeader = request.getHeaders().get("Signature-Input");
        String sigHeader = request.getHeaders().get("Signature");
        if (inputHeader == null || sigHeader == null) {
            throw new HttpError(401, "missing_signature", "this request must be signed (RFC 9421)");
        }
        Rfc9421.SignatureInput input;
        byte[] signature;
        try {
            input = Rfc9421.parseSignatureInput(inputHeader);
            signature = Rfc9421.parseSignature(sigHeader, input.label());
        } catch (IllegalArgumentException e) {
            throw new HttpError(401, "bad_signature_input", "malformed signature headers: " + e.getMessage());
        }
        if (!input.components().containsAll(Rfc9421.REQUIRED_COMPONENTS)) {
            throw new HttpError(401, "bad_signature_input", "the signature must cover " + Rfc9421.REQUIRED_COMPONENTS);
        }
        Long created = input.integer("created");
        String nonce = input.string("nonce");
        String kid = input.string("keyid");
        String alg = input.string("alg");
        if (created == null || nonce == null || kid == null || nonce.length() < 16 || nonce.length() > 128) {
            throw new HttpError(401, "bad_signature_input", "created, nonce (16..128 characters) and keyid are required");
        }
        if (alg != null && !alg.equals("ed25519")) {
            throw new HttpError(401, "bad_signature_input", "only alg=\"ed25519\" is accepted");
        }
        if (!kid.equals(keyid)) {
            throw new HttpError(401, "wrong_key", "keyid must be the id in the path");
        }
        long now = limits.clock().millis() / 1000;
        long window = limits.signatureWindow().toSeconds();
        if (Math.abs(now - created) > window) {
            throw new HttpError(401, "stale_signature", "created is more than " + window + " s from the relay's clock");
        }
        if (!Rfc9421.digestMatches(request.getHeaders().get("Content-Digest"), body)) {
            throw new HttpError(401, "bad_digest", "Content-Digest is missing or does not match the body");
        }
        if (rawKey == null) {
            throw new HttpError(401, "bad_signature", "signature does not verify");
        }
        String base;
        try {
            base = Rfc9421.signatureBase(input, request.getMethod(), targetUri(request), name -> header(request, name));
        } catch (IllegalArgumentException e) {
            throw new HttpError(401, "bad_signature_input", e.getMessage());
        }
        PublicKey key = Rfc9421.ed25519PublicKey(rawKey);
        if (!Rfc9421.verify(key, base, signature)) {
            throw new HttpError(401, "bad_signature", "signature does not verify");
        }
        if (!store.rememberNonce(keyid, nonce, (created + window + 1) * 1000)) {
            throw new HttpError(401, "replayed_nonce", "this nonce was already used");
        }
    }

    private static String header(Request request, String name) {
        List<String> values = new ArrayList<>();
        for (HttpField f : request.getHeaders()) {
            if (f.getName().equalsIgnoreCase(name)) {
                values.add(f.getValue().strip());
            }
        }
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private URI targetUri(Request request) {
        HttpURI u = request.getHttpURI();
        String pathAndQuery = u.getPath() + (u.getQuery() == null ? "" : "?" + u.getQuery());
        String base = limits.publicUrl() != null ? limits.publicUrl() : u.getScheme() + "://" + u.getAuthority();
        try {
            return URI.create(base + pathAndQuery);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "bad_request", "unusable request target");
        }
    }

    // ---- input

    /** Most bytes of a refused body read and dropped, so that the connection stays usable for the next request. */
    private static final long DRAIN = 1024 * 1024;

    private static byte[] readBody(Request request, int max, String code) throws IOException {
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > max) {
                drain(in, declared);
                throw new HttpError(413, code, "the body is larger than " + max + " bytes");
            }
            byte[] b;
            try {
                b = in.readNBytes(max + 1);
            } catch (org.eclipse.jetty.io.EofException e) {
                // the client's connection ended inside the body: a client's failure, not the relay's; nothing is stored
                throw new HttpError(400, "truncated_body", "the connection ended inside the body");
            }
            if (b.length > max) {
                drain(in, -1);
                throw new HttpError(413, code, "the body is larger than " + max + " bytes");
            }
            if (declared >= 0 && b.length != declared) {
                // a body cut short (the connection ended early): never store part of a message
                throw new HttpError(400, "truncated_body", "the body is shorter than its Content-Length");
            }
            return b;
        }
    }

    private static void drain(InputStream in, long declared) throws IOException {
        if (declared > DRAIN) {
            return; // not worth reading: Jetty closes the connection after the answer
        }
        byte[] buf = new byte[8192];
        long left = DRAIN;
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            left -= n;
        }
    }

    private static JsonNode json(byte[] raw) {
        try {
            JsonNode n = JSON.readTree(raw);
            if (n == null || !n.isObject()) {
                throw new HttpError(400, "bad_json", "the body must be a JSON object");
            }
            return n;
        } catch (JacksonException e) {
            throw new HttpError(400, "bad_json", "the body is not valid JSON");
        }
    }

    private static byte[] b64(JsonNode body, String field, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || !v.isString()) {
            throw new HttpError(400, "bad_request", field + " is required (base64url)");
        }
        return decode(v.asString(), field, min, max);
    }

    private static byte[] decode(String s, String field, int min, int max) {
        if (s.length() > (max * 4L + 2) / 3 + 4) {
            throw new HttpError(413, "request_too_large", field + " is too large");
        }
        byte[] b;
        try {
            b = B64U_DEC.decode(s);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "bad_request", field + " is not base64url");
        }
        if (b.length < min || b.length > max) {
            throw new HttpError(400, "bad_request", field + " must be " + min + ".." + max + " bytes");
        }
        return b;
    }

    private static long number(String s, String name) {
        if (s.length() > 18) {
            throw new HttpError(400, "bad_request", name + " is not a number");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "bad_request", name + " is not a number");
        }
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return B64U.encodeToString(b);
    }

    private static Reply error(int status, String code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", code);
        n.put("message", message);
        return Reply.json(status, n);
    }
}

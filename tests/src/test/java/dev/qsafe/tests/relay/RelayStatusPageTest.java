package dev.qsafe.tests.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.qsafe.relay.RelayServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay's status page over HTTP (docs/RELAY.md, "Status page"): {@code /status.json} counts known
 * traffic and names no id; {@code /status} is one self-contained HTML document whose inline style and
 * script are allowed by their hashes and nothing else. {@link RelayStatusBrowserTest} renders it.
 */
class RelayStatusPageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private RelayServer start() {
        return RelayServer.start(StatusTraffic.config("sqlite:" + dir.resolve("relay.db")).build());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Storage counts may be a second old (the relay caches them): polls until {@code until} holds, for at most 10 s. */
    private JsonNode awaitStatus(URI relay, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode s;
        do {
            HttpResponse<String> r = get(relay.resolve("/status.json"));
            assertEquals(200, r.statusCode(), r.body());
            s = JSON.readTree(r.body());
            if (until.test(s)) {
                return s;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return s;
    }

    private static JsonNode row(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.get(field).asString())) {
                return n;
            }
        }
        return null;
    }

    @Test
    void statusJson_countsKnownTraffic_andNamesNoId() throws Exception {
        try (RelayServer relay = start()) {
            JsonNode before = awaitStatus(relay.uri(), s -> true);
            assertEquals("sqlite", before.get("storage").asString());
            assertEquals("UP", before.get("database").asString());
            assertEquals(0, before.get("queues").asLong());
            assertEquals(0, before.get("messages").asLong());
            assertEquals(0, before.get("totals").get("deposits").asLong());
            assertEquals(0, before.get("latency").size(), "no API request yet");

            StatusTraffic.Seen seen = StatusTraffic.run(relay.uri(), 3, 4);

            JsonNode s = awaitStatus(relay.uri(), n -> n.get("queues").asLong() == seen.queues()
                    && deposits(n) != null && deposits(n).get("count").asLong() == seen.deposits()
                    && n.get("totals").get("errors").asLong() == 3);
            String text = JSON.writeValueAsString(s);
            assertEquals(seen.queues(), s.get("queues").asLong(), text);
            assertEquals(seen.messagesLeft(), s.get("messages").asLong(), text);
            assertEquals((long) seen.messagesLeft() * StatusTraffic.MESSAGE, s.get("message_bytes").asLong(), text);
            assertEquals(seen.deposits(), s.get("totals").get("deposits").asLong(), text);
            assertEquals(seen.fetched(), s.get("totals").get("fetched_messages").asLong(), text);
            assertEquals(0, s.get("long_polls").asLong());
            assertTrue(s.get("heap_used_bytes").asLong() > 0, text);
            assertTrue(s.get("uptime_seconds").asLong() >= 0, text);

            JsonNode dep = deposits(s);
            double p50 = dep.get("p50_ms").asDouble();
            double p95 = dep.get("p95_ms").asDouble();
            double p99 = dep.get("p99_ms").asDouble();
            assertTrue(p50 > 0 && p50 <= p95 && p95 <= p99, "percentiles in order: " + dep);
            assertTrue(dep.get("max_ms").asDouble() > 0, dep.toString());
            assertNotNull(latency(s, "/v1/queues", "POST", 201), "queue creation timed: " + text);
            assertNotNull(latency(s, "/v1/queues/{id}/messages", "GET", 200), "fetch timed: " + text);
            assertNotNull(latency(s, "/v1/queues/{id}/messages", "DELETE", 200), "delete timed: " + text);

            Map<Integer, Long> errors = new HashMap<>();
            long errorSum = 0;
            for (JsonNode e : s.get("errors")) {
                errors.put(e.get("status").asInt(), e.get("count").asLong());
                errorSum += e.get("count").asLong();
            }
            assertEquals(1L, errors.get(404), text);
            assertEquals(1L, errors.get(413), text);
            assertEquals(1L, errors.get(401), text);
            assertEquals(errorSum, s.get("totals").get("errors").asLong(), text);
            assertEquals(1, row(s.get("refusals"), "limit", "message_too_large").get("count").asLong(), text);
            assertEquals(1, row(s.get("auth_failures"), "reason", "missing_signature").get("count").asLong(), text);

            for (String id : seen.ids()) {
                assertFalse(text.contains(id), "an id the relay handed out is on the status page: " + id);
            }
            assertFalse(text.contains("127.0.0.1"), "no client address: " + text);
        }
    }

    private static JsonNode deposits(JsonNode status) {
        return latency(status, "/v1/queues/{id}/messages", "PUT", 202);
    }

    private static JsonNode latency(JsonNode status, String route, String method, int code) {
        for (JsonNode r : status.get("latency")) {
            if (r.get("route").asString().equals(route) && r.get("method").asString().equals(method)
                    && r.get("status").asInt() == code) {
                return r;
            }
        }
        return null;
    }

    @Test
    void statusPage_isSelfContainedHtml_whoseInlineCodeTheCspAllowsByHash() throws Exception {
        try (RelayServer relay = start()) {
            HttpResponse<String> r = get(relay.uri().resolve("/status"));
            assertEquals(200, r.statusCode());
            assertEquals("text/html;charset=utf-8",
                    r.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(Locale.ROOT));
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
            String page = r.body();
            assertTrue(page.startsWith("<!doctype html>"), page);
            assertTrue(page.contains("id=\"queues\"") && page.contains("id=\"latency\""), page);

            Map<String, String> csp = directives(r.headers().firstValue("Content-Security-Policy").orElseThrow());
            assertEquals("'none'", csp.get("default-src"));
            assertEquals(hash(between(page, "<script>", "</script>")), csp.get("script-src"), "the script's hash, nothing else");
            assertEquals(hash(between(page, "<style>", "</style>")), csp.get("style-src"), "the style's hash, nothing else");
            assertEquals("'self'", csp.get("connect-src"));
            assertEquals("'none'", csp.get("frame-ancestors"));
            assertFalse(csp.toString().contains("unsafe"), csp.toString());

            // self-contained: nothing is loaded from anywhere, not even this relay, but status.json
            assertFalse(page.contains("http:") || page.contains("https:"), "no URL in the page");
            assertFalse(page.contains(" src=") || page.contains("@import") || page.contains("url("), "no external asset");
            assertTrue(page.contains("fetch(\"status.json\""), "the script polls status.json");
        }
    }

    @Test
    void statusRoutes_answerJsonWithItsOwnCsp_andRefuseOtherMethods() throws Exception {
        try (RelayServer relay = start()) {
            HttpResponse<String> j = get(relay.uri().resolve("/status.json"));
            assertEquals(200, j.statusCode());
            assertEquals("application/json", j.headers().firstValue("Content-Type").orElse(""));
            assertEquals("default-src 'none'; frame-ancestors 'none'",
                    j.headers().firstValue("Content-Security-Policy").orElse(""));
            for (String path : new String[] {"/status", "/status.json"}) {
                HttpResponse<String> post = http.send(HttpRequest.newBuilder(relay.uri().resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(405, post.statusCode(), path);
                assertTrue(post.body().contains("\"error\":\"method_not_allowed\""), post.body());
            }
        }
    }

    private static Map<String, String> directives(String header) {
        Map<String, String> m = new HashMap<>();
        for (String d : header.split(";")) {
            String t = d.strip();
            int sp = t.indexOf(' ');
            assertTrue(sp > 0, "directive with a value: " + header);
            assertTrue(m.put(t.substring(0, sp), t.substring(sp + 1).strip()) == null, "one of each: " + header);
        }
        return m;
    }

    private static String between(String page, String open, String close) {
        int from = page.indexOf(open);
        int to = page.indexOf(close, from);
        assertTrue(from >= 0 && to > from, open);
        assertEquals(-1, page.indexOf(open, from + 1), "one " + open + " element");
        return page.substring(from + open.length(), to);
    }

    private static String hash(String inline) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
        return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
    }
}

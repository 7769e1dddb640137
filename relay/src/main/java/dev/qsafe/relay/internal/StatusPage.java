package dev.qsafe.relay.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator's status page (docs/RELAY.md, "Status page"): {@code GET /status}, one self-contained HTML
 * document whose inline style and script are allowed by their SHA-256 hashes in the
 * Content-Security-Policy (nothing else may load or run), and {@code GET /status.json}, the figures it
 * polls. Only aggregates: counts, rates, latency percentiles per route template, errors per status code;
 * never a queue or bundle id, a message, or a client address.
 */
final class StatusPage {

    /** Storage counts are at most this old: a page polled by many browsers must not scan the tables per request. */
    private static final long STATS_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** For {@code /status.json}: nothing in it may load or run anything, and no page may frame it. */
    static final String JSON_CSP = "default-src 'none'; frame-ancestors 'none'";

    private final MeterRegistry registry;
    private final Store store;
    private final Limits limits;
    private final IntSupplier longPolls;
    private final long startNanos = System.nanoTime();
    private final byte[] html;
    private final String csp;
    private Cached cached; // guarded by this

    private record Cached(long atNanos, Store.Stats stats) {
    }

    StatusPage(MeterRegistry registry, Store store, Limits limits, IntSupplier longPolls) {
        this.registry = registry;
        this.store = store;
        this.limits = limits;
        this.longPolls = longPolls;
        String page = resource("status.html");
        this.html = page.getBytes(StandardCharsets.UTF_8);
        this.csp = "default-src 'none'; script-src " + hash(between(page, "<script>", "</script>"))
                + "; style-src " + hash(between(page, "<style>", "</style>"))
                + "; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** The page (UTF-8 HTML). */
    byte[] html() {
        return html.clone();
    }

    /** Its Content-Security-Policy: the inline style and script by hash, fetches to this origin only. */
    String csp() {
        return csp;
    }

    /** The figures: storage counts, totals, latency percentiles, errors; see docs/RELAY.md for each field. */
    ObjectNode snapshot(JsonMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("time_ms", limits.clock().millis());
        n.put("uptime_seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
        n.put("storage", store.kind());
        Store.Stats stats = stats();
        n.put("database", stats != null ? "UP" : "DOWN");
        if (stats != null) {
            n.put("queues", stats.queues());
            n.put("messages", stats.messages());
            n.put("message_bytes", stats.messageBytes());
        } else {
            n.putNull("queues");
            n.putNull("messages");
            n.putNull("message_bytes");
        }
        n.put("long_polls", longPolls.getAsInt());
        n.put("heap_used_bytes", (long) registry.find("jvm.memory.used").tag("area", "heap").gauges().stream()
                .mapToDouble(Gauge::value).filter(v -> v >= 0).sum());

        long requests = 0;
        Map<Integer, Long> errors = new TreeMap<>();
        ArrayNode latency = json.createArrayNode();
        Map<String, ObjectNode> rows = new TreeMap<>();
        for (Timer t : registry.find("relay.requests").timers()) {
            long count = t.count();
            int status = parseStatus(t.getId().getTag("status"));
            String route = String.valueOf(t.getId().getTag("route"));
            String method = String.valueOf(t.getId().getTag("method"));
            requests += count;
            if (status >= 400) {
                errors.merge(status, count, Long::sum);
            }
            if (count == 0 || !route.startsWith("/v1/")) {
                continue; // the API's latency only: not the monitor's own routes, not unknown paths
            }
            HistogramSnapshot s = t.takeSnapshot();
            ObjectNode row = json.createObjectNode();
            row.put("route", route);
            row.put("method", method);
            row.put("status", status);
            row.put("count", count);
            double max = s.max(TimeUnit.MILLISECONDS);
            row.put("mean_ms", round(s.mean(TimeUnit.MILLISECONDS)));
            for (ValueAtPercentile v : s.percentileValues()) {
                // Micrometer's percentiles are bucket approximations that can land above the exact max
                row.put("p" + Math.round(v.percentile() * 100) + "_ms", round(Math.min(v.value(TimeUnit.MILLISECONDS), max)));
            }
            row.put("max_ms", round(max));
            rows.put(route + " " + method + " " + (1000 + status), row);
        }
        rows.values().forEach(latency::add);

        ObjectNode totals = n.putObject("totals");
        totals.put("requests", requests);
        totals.put("deposits", count("relay.deposits"));
        totals.put("fetched_messages", count("relay.fetched.messages"));
        totals.put("errors", errors.values().stream().mapToLong(Long::longValue).sum());
        n.set("latency", latency);
        ArrayNode errs = n.putArray("errors");
        errors.forEach((status, count) -> errs.addObject().put("status", status).put("count", count));
        n.set("refusals", byTag(json, "relay.refusals", "limit"));
        n.set("auth_failures", byTag(json, "relay.auth.failures", "reason"));
        return n;
    }

    /** The storage counts, at most a second old; null when the database does not answer. */
    private synchronized Store.Stats stats() {
        long now = System.nanoTime();
        if (cached == null || now - cached.atNanos() > STATS_MAX_AGE_NANOS) {
            try {
                cached = new Cached(now, store.stats(limits.clock().millis()));
            } catch (RuntimeException e) {
                cached = new Cached(now, null);
            }
        }
        return cached.stats();
    }

    private long count(String name) {
        return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private ArrayNode byTag(JsonMapper json, String name, String tag) {
        Map<String, Long> counts = new TreeMap<>();
        for (Counter c : registry.find(name).counters()) {
            counts.merge(String.valueOf(c.getId().getTag(tag)), (long) c.count(), Long::sum);
        }
        ArrayNode a = json.createArrayNode();
        counts.forEach((k, v) -> a.addObject().put(tag, k).put("count", v));
        return a;
    }

    private static int parseStatus(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double round(double ms) {
        return Double.isFinite(ms) ? Math.round(ms * 1000) / 1000.0 : 0;
    }

    private static String resource(String name) {
        try (InputStream in = StatusPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the relay's " + name + " is missing from its module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the relay's " + name + ": " + e.getMessage(), e);
        }
    }

    /** The text between the first {@code open} tag and the next {@code close} tag. */
    static String between(String page, String open, String close) {
        int from = page.indexOf(open);
        int to = from < 0 ? -1 : page.indexOf(close, from);
        if (from < 0 || to < 0 || page.indexOf(open, from + 1) >= 0) {
            throw new IllegalStateException("the status page must hold exactly one " + open + " element");
        }
        return page.substring(from + open.length(), to);
    }

    /** A CSP source expression for inline content: {@code 'sha256-BASE64'} of its UTF-8 bytes (CSP 3, section 8.4). */
    static String hash(String inline) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}

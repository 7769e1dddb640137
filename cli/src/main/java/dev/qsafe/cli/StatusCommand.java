package dev.qsafe.cli;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import dev.qsafe.runtime.suite.Suite;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Session;
import dev.qsafe.session.Sessions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code qsafe status}: runtime settings, selected engines, cache and pool statistics, operation counters and latencies. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {"Show the runtime's health: the selected engine per algorithm, the cache, buffer-pool and batch "
                + "settings, cache and pool statistics, and per operation and mode the counts and latency percentiles.",
                "A fresh process has done nothing yet: --probe first runs one keygen, seal, open (twice), sign and verify "
                + "(twice) per mode with throwaway identities, so the figures are real measurements of this machine.",
                "Never prints key material: names, counts and durations only."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe status",
                "  qsafe status --probe --json | jq '.metrics.operations[] | {operation, mode, p50: .latencyNanos.p50}'",
                "  qsafe --config qsafe.json status --json", "",
                ExitCodes.HELP})
final class StatusCommand implements Runnable {
    private static final byte[] PROBE_MESSAGE = "qsafe status probe".getBytes(StandardCharsets.US_ASCII);

    @Option(names = "--json", description = "Write one JSON document instead of tables.")
    boolean json;

    @Option(names = "--probe", description = "Run one keygen/seal/open/sign/verify per mode first, with throwaway identities.")
    boolean probe;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    QsafeCommand root;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (QSafe qsafe = CommandSupport.qsafe(root)) {
            Sessions sessions = Sessions.of(qsafe.registry());
            if (probe) {
                probe(qsafe);
                probeSessions(qsafe, sessions);
            }
            MetricsSnapshot snapshot = qsafe.metrics().snapshot();
            if (json) {
                out.println(toJson(qsafe, snapshot, root.relaxations, sessions.metrics()));
            } else {
                printTables(out, qsafe, snapshot, root.relaxations);
                printSessions(out, sessions.metrics());
            }
        }
    }

    private static void probe(QSafe qsafe) {
        for (CryptoMode mode : CryptoMode.values()) {
            Suite suite = qsafe.config().suite(mode);
            boolean engines = suite.algorithms().stream()
                    .allMatch(a -> qsafe.registry().refusal(a).isEmpty() && qsafe.registry().selection(a).selected().isPresent());
            if (!engines) {
                continue;
            }
            Identity a = qsafe.generateIdentity("probe-sender", mode);
            Identity b = qsafe.generateIdentity("probe-recipient", mode);
            try {
                byte[] envelope = qsafe.seal(PROBE_MESSAGE, b.publicIdentity(), a);
                qsafe.open(envelope, b, a.publicIdentity());
                qsafe.open(envelope, b, a.publicIdentity());
                byte[] sig = qsafe.sign(PROBE_MESSAGE, a);
                qsafe.verify(PROBE_MESSAGE, sig, a.publicIdentity());
                qsafe.verify(PROBE_MESSAGE, sig, a.publicIdentity());
            } finally {
                a.destroy();
                b.destroy();
            }
        }
    }

    /**
     * Per mode: a session set up between throwaway identities, three messages each way, and one replayed
     * message (refused), so that the session counters are real.
     */
    private static void probeSessions(QSafe qsafe, Sessions sessions) {
        for (CryptoMode mode : CryptoMode.values()) {
            Suite suite = qsafe.config().suite(mode);
            if (!suite.algorithms().stream().allMatch(a -> qsafe.registry().refusal(a).isEmpty() && qsafe.registry().selection(a).selected().isPresent())) {
                continue;
            }
            Identity a = qsafe.generateIdentity("probe-initiator", mode);
            Identity b = qsafe.generateIdentity("probe-responder", mode);
            try {
                Prekeys prekeys = sessions.newPrekeys(b);
                Sessions.Initiation i = sessions.initiate(a, b.publicIdentity(), prekeys.bundle(), PROBE_MESSAGE);
                Session bs = sessions.accept(prekeys, i.firstMessage(), null).session();
                Session as = i.session();
                byte[] last = null;
                for (int k = 0; k < 3; k++) {
                    as.open(bs.seal(PROBE_MESSAGE));
                    last = as.seal(PROBE_MESSAGE);
                    bs.open(last);
                }
                try {
                    bs.open(last);
                } catch (dev.qsafe.api.SessionRefusedException expected) {
                    // counted as refused.DUPLICATE
                }
                as.destroy();
                bs.destroy();
            } finally {
                a.destroy();
                b.destroy();
            }
        }
    }

    private static void printSessions(PrintWriter out, Map<String, Long> m) {
        out.println();
        out.println("Sessions (this process; docs/SESSION.md, \"Metrics\")");
        TextTable t = new TextTable("counter", "value");
        m.forEach(t::row);
        t.print(out);
    }

    static String toJson(QSafe qsafe, MetricsSnapshot snapshot, java.util.List<String> relaxations) {
        return toJson(qsafe, snapshot, relaxations, Map.of());
    }

    static String toJson(QSafe qsafe, MetricsSnapshot snapshot, java.util.List<String> relaxations, Map<String, Long> sessions) {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = mapper.createObjectNode();
        RuntimeSettings r = qsafe.config().runtime();
        ObjectNode settings = root.putObject("settings");
        settings.put("defaultMode", qsafe.config().defaultMode().name());
        settings.put("cachesEnabled", r.cachesEnabled());
        settings.put("hpkeSecretsEnabled", r.hpkeSecretsEnabled());
        settings.put("poolEnabled", r.poolEnabled());
        settings.put("batchExecutor", r.batchExecutor().name().toLowerCase(Locale.ROOT));
        settings.put("batchParallelism", r.batchParallelism());
        settings.put("batchTimeoutMillis", r.batchTimeout().toMillis());
        settings.put("metricsEnabled", r.metricsEnabled());
        settings.put("maxRetainedBytes", r.maxRetainedBytes());
        relaxations.forEach(settings.putArray("relaxations")::add);
        JsonNode metrics = mapper.readTree(snapshot.toJson());
        if (metrics instanceof ObjectNode o) {
            ObjectNode sn = o.putObject("sessions");
            new java.util.TreeMap<>(sessions).forEach(sn::put);
        }
        root.set("metrics", metrics);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void printTables(PrintWriter out, QSafe qsafe, MetricsSnapshot s, java.util.List<String> relaxations) {
        RuntimeSettings r = qsafe.config().runtime();
        if (!relaxations.isEmpty()) {
            out.println("Configuration relaxes policy");
            relaxations.forEach(x -> out.println("  " + Text.oneLine(x)));
            out.println();
        }
        out.println("Runtime settings");
        TextTable settings = new TextTable("setting", "value");
        settings.row("caches", r.cachesEnabled() ? "on" : "off");
        settings.row("HPKE secret cache", r.hpkeSecretsEnabled() ? "on, ttl " + r.hpkeSecretsTtl().toSeconds() + " s" : "off");
        settings.row("buffer pool", r.poolEnabled() ? "on, " + r.poolMaxBytes() + " bytes max" : "off");
        settings.row("batch executor", r.batchExecutor().name().toLowerCase(Locale.ROOT) + ", parallelism "
                + r.batchParallelism() + ", timeout " + r.batchTimeout().toMillis() + " ms");
        settings.row("metrics", r.metricsEnabled() ? "on" : "off");
        settings.row("cache + pool bound", r.maxRetainedBytes() + " bytes");
        settings.print(out);
        out.println();
        out.println("Operations (latency in microseconds; percentiles are bucket upper bounds)");
        TextTable ops = new TextTable("operation", "mode", "algorithms", "ok", "failed", "p50", "p90", "p99", "max");
        for (MetricsSnapshot.OperationStats o : s.operations()) {
            MetricsSnapshot.Latency l = o.latency();
            ops.row(o.operation().name().toLowerCase(Locale.ROOT), o.mode().toLowerCase(Locale.ROOT), o.algorithms(),
                    o.succeeded(), o.failed(), micros(l.p50()), micros(l.p90()), micros(l.p99()), micros(l.max()));
        }
        ops.print(out);
        if (s.operations().isEmpty()) {
            out.println("(none yet in this process; run with --probe to measure one of each)");
        }
        out.println();
        out.println("Caches");
        TextTable caches = new TextTable("cache", "entries", "bytes", "max bytes", "hits", "misses", "hit rate",
                "evictions", "load ms");
        for (Map.Entry<String, MetricsSnapshot.CacheStats> e : new java.util.TreeMap<>(s.caches()).entrySet()) {
            MetricsSnapshot.CacheStats c = e.getValue();
            caches.row(e.getKey(), c.entries(), c.weightBytes(), c.maxBytes(), c.hits(), c.misses(),
                    String.format(Locale.ROOT, "%.2f", c.hitRate()), c.evictions(),
                    String.format(Locale.ROOT, "%.3f", c.loadTimeNanos() / 1e6));
        }
        caches.print(out);
        out.println();
        out.println("Buffer pool");
        MetricsSnapshot.PoolStats p = s.pool();
        TextTable pool = new TextTable("acquired", "reused", "allocated", "hit ratio", "bytes reused", "bytes held",
                "dropped", "outstanding");
        pool.row(p.acquired(), p.hits(), p.allocations(), String.format(Locale.ROOT, "%.2f", p.hitRatio()),
                p.bytesReused(), p.bytesHeld(), p.dropped(), p.outstanding());
        pool.print(out);
        out.println();
        out.println("Selected engines");
        TextTable engines = new TextTable("algorithm", "engine");
        new java.util.TreeMap<>(s.engines()).forEach(engines::row);
        engines.print(out);
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }
}

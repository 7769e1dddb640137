package dev.qsafe.adaptive;

import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A quick benchmark of the modes on this machine: per mode, the latency of keygen, seal, open, sign
 * and verify (median and p99 over N timed iterations after a warm-up), the envelope overhead (envelope
 * bytes minus message bytes) and the bytes allocated per operation on the measuring thread
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}), with ratios to CLASSICAL.
 *
 * <p>This is a quick report for choosing a mode and feeding {@link AdaptiveSelector} with observed
 * latencies ({@link AdaptiveInputs.ObservedLatencies#fromBenchmark}); it is not the published figures,
 * which come from the JMH benchmarks (docs/BENCHMARKS.md).
 *
 * <pre>{@code
 * CryptoBenchmark.Report r = CryptoBenchmark.newBuilder(QSafe.newBuilder().build())
 *         .iterations(200).warmupIterations(20).messageBytes(1024).build().run();
 * String json = r.toJson();
 * }</pre>
 * Every seal is opened and every signature verified once before timing (a failed round trip throws
 * {@link QSafeException}). It measures on a facade of its own with the given registry and
 * configuration but the caches off, so that repeated opens and verifies are measured, not served
 * from a cache. Not thread-safe; run one at a time.
 */
public final class CryptoBenchmark {
    /** The most iterations per operation. */
    public static final int MAX_ITERATIONS = 100_000; // samples are kept: at most 15 x 100,000 longs
    /** The largest message. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** The operations measured. */
    public enum Operation {
        /** A new identity: a KEM and a signature key pair. */
        KEYGEN,
        /** Encapsulate + HPKE seal + sign. */
        SEAL,
        /** Decapsulate + HPKE open + verify. */
        OPEN,
        /** A detached signature. */
        SIGN,
        /** Verifying a detached signature. */
        VERIFY
    }

    /**
     * One operation's figures.
     *
     * @param medianNanos         median latency
     * @param p99Nanos            99th percentile latency (nearest rank)
     * @param allocatedBytesPerOp bytes allocated per operation on the measuring thread, or -1 if the JVM cannot tell
     * @param samplesNanos        every timed sample, in the order taken
     */
    public record OperationStats(long medianNanos, long p99Nanos, long allocatedBytesPerOp, List<Long> samplesNanos) {
        /** Copies. */
        public OperationStats {
            samplesNanos = List.copyOf(samplesNanos);
        }
    }

    /**
     * One mode's figures.
     *
     * @param mode                  the mode
     * @param suite                 its configured suite
     * @param available             whether it ran (every algorithm has an engine and the policy allows it)
     * @param reason                why it did not run, else empty
     * @param engines               the provider selected per algorithm
     * @param operations            figures per operation (empty when not available)
     * @param envelopeOverheadBytes envelope bytes minus message bytes, or -1 when not available
     * @param ratios                per operation, median latency divided by CLASSICAL's; and {@code "overhead"},
     *                              {@code "allocated.<op>"}; empty when CLASSICAL did not run
     */
    public record ModeResult(CryptoMode mode, Suite suite, boolean available, String reason, Map<String, String> engines,
                             Map<Operation, OperationStats> operations, int envelopeOverheadBytes, Map<String, Double> ratios) {
        /** Copies. */
        public ModeResult {
            engines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(engines));
            operations = operations.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(operations));
            ratios = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ratios));
        }
    }

    /**
     * A benchmark run.
     *
     * @param date             when it started
     * @param machine          OS, architecture and CPU count
     * @param jdk              the JDK's vendor and version
     * @param messageBytes     the message size
     * @param iterations       timed iterations per operation
     * @param warmupIterations untimed iterations per operation before
     * @param modes            per mode, in the order run
     */
    public record Report(Instant date, String machine, String jdk, int messageBytes, int iterations, int warmupIterations,
                         List<ModeResult> modes) {
        /** Copies. */
        public Report {
            modes = List.copyOf(modes);
        }

        /** The report as a JSON document (samples left out; latencies in nanoseconds). */
        public String toJson() {
            JsonMapper mapper = JsonMapper.builder().build();
            ObjectNode root = mapper.createObjectNode();
            root.put("note", "a quick benchmark (median and p99 over " + iterations + " iterations after " + warmupIterations
                    + " warm-up iterations), not the JMH figures of docs/BENCHMARKS.md");
            root.put("date", date.toString());
            root.put("machine", machine);
            root.put("jdk", jdk);
            root.put("messageBytes", messageBytes);
            root.put("iterations", iterations);
            root.put("warmupIterations", warmupIterations);
            var arr = root.putArray("modes");
            for (ModeResult r : modes) {
                ObjectNode n = arr.addObject();
                n.put("mode", r.mode().name());
                n.put("suite", r.suite().name());
                n.put("available", r.available());
                if (!r.available()) {
                    n.put("reason", r.reason());
                    continue;
                }
                ObjectNode e = n.putObject("engines");
                r.engines().forEach(e::put);
                n.put("envelopeOverheadBytes", r.envelopeOverheadBytes());
                ObjectNode ops = n.putObject("operations");
                r.operations().forEach((op, s) -> {
                    ObjectNode o = ops.putObject(op.name().toLowerCase(java.util.Locale.ROOT));
                    o.put("medianNanos", s.medianNanos());
                    o.put("p99Nanos", s.p99Nanos());
                    o.put("allocatedBytesPerOp", s.allocatedBytesPerOp());
                });
                ObjectNode ratios = n.putObject("ratiosToClassical");
                r.ratios().forEach(ratios::put);
            }
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        }
    }

    private final QSafe qsafe;
    private final Set<CryptoMode> modes;
    private final int iterations;
    private final int warmup;
    private final int messageBytes;
    private final Consumer<String> progress;

    private CryptoBenchmark(Builder b) {
        this.qsafe = b.qsafe;
        this.modes = EnumSet.copyOf(b.modes);
        this.iterations = b.iterations;
        this.warmup = b.warmup;
        this.messageBytes = b.messageBytes;
        this.progress = b.progress;
    }

    /** A builder for a benchmark of {@code qsafe}'s configured suites with its registry. */
    public static Builder newBuilder(QSafe qsafe) {
        return new Builder(Objects.requireNonNull(qsafe, "qsafe"));
    }

    /** The number of progress steps {@link #run()} reports: one per mode and operation. */
    public int steps() {
        return modes.size() * Operation.values().length;
    }

    /**
     * Runs it. A mode with no engine for an algorithm, or one the policy refuses, is reported as not available.
     *
     * @throws QSafeException if a round trip fails its check
     */
    public Report run() {
        Instant date = Instant.now();
        byte[] message = new byte[messageBytes];
        new SecureRandom().nextBytes(message);
        List<ModeResult> results = new ArrayList<>();
        // Open and verify repeat the same envelope and signature: on a facade with caches every
        // repetition after the first would be a cache hit. Measure the cryptography instead.
        QSafeConfig config = qsafe.config();
        try (QSafe measuring = QSafe.newBuilder().registry(qsafe.registry())
                .config(config.toBuilder().runtime(config.runtime().withCachesEnabled(false)).build()).build()) {
            for (CryptoMode m : modes) {
                results.add(runMode(measuring, config.suite(m), message));
            }
        }
        ModeResult classical = results.stream().filter(r -> r.mode() == CryptoMode.CLASSICAL && r.available()).findFirst().orElse(null);
        if (classical != null) {
            List<ModeResult> withRatios = new ArrayList<>();
            for (ModeResult r : results) {
                withRatios.add(r.available() ? withRatios(r, classical) : r);
            }
            results = withRatios;
        }
        String machine = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs";
        String jdk = System.getProperty("java.vendor") + " " + Runtime.version();
        return new Report(date, machine, jdk, messageBytes, iterations, warmup, results);
    }

    private static ModeResult withRatios(ModeResult r, ModeResult base) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (Operation op : Operation.values()) {
            long b = base.operations().get(op).medianNanos();
            ratios.put(op.name().toLowerCase(java.util.Locale.ROOT),
                    b > 0 ? round((double) r.operations().get(op).medianNanos() / b) : null);
        }
        ratios.put("overhead", base.envelopeOverheadBytes() > 0
                ? round((double) r.envelopeOverheadBytes() / base.envelopeOverheadBytes()) : null);
        for (Operation op : Operation.values()) {
            long b = base.operations().get(op).allocatedBytesPerOp();
            long a = r.operations().get(op).allocatedBytesPerOp();
            if (b > 0 && a >= 0) {
                ratios.put("allocated." + op.name().toLowerCase(java.util.Locale.ROOT), round((double) a / b));
            }
        }
        ratios.values().removeIf(Objects::isNull);
        return new ModeResult(r.mode(), r.suite(), true, "", r.engines(), r.operations(), r.envelopeOverheadBytes(), ratios);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private ModeResult runMode(QSafe qsafe, Suite suite, byte[] message) {
        CryptoMode mode = suite.mode();
        CryptoRegistry registry = qsafe.registry();
        List<String> missing = new ArrayList<>();
        Map<String, String> engines = new LinkedHashMap<>();
        for (var a : suite.algorithms()) {
            var sel = registry.selection(a).selected();
            if (sel.isEmpty()) {
                missing.add(a.name());
            } else {
                engines.put(a.name(), sel.get());
            }
        }
        String reason = missing.isEmpty() ? null : "no engine for " + String.join(", ", missing) + " (see qsafe providers)";
        if (reason == null) {
            try {
                qsafe.config().policy().check("suite " + suite.name(), suite.algorithms());
            } catch (dev.qsafe.api.PolicyViolationException e) {
                reason = e.getMessage();
            }
        }
        if (reason != null) {
            for (int i = 0; i < Operation.values().length; i++) {
                progress.accept(mode + " skipped");
            }
            return new ModeResult(mode, suite, false, reason, Map.of(), Map.of(), -1, Map.of());
        }
        Identity alice = qsafe.generateIdentity("alice", mode);
        Identity bob = qsafe.generateIdentity("bob", mode);
        try {
            PublicIdentity bobPub = bob.publicIdentity();
            PublicIdentity alicePub = alice.publicIdentity();
            byte[] envelope = qsafe.seal(message, bobPub, alice);
            if (!MessageDigest.isEqual(qsafe.open(envelope, bob, alicePub), message)) {
                throw new QSafeException("benchmark self-check failed in " + mode + ": the opened message differs");
            }
            byte[] signature = qsafe.sign(message, alice);
            qsafe.verify(message, signature, alicePub);

            Map<Operation, OperationStats> ops = new EnumMap<>(Operation.class);
            ops.put(Operation.KEYGEN, measure(mode, Operation.KEYGEN, () -> {
                Identity id = qsafe.generateIdentity("carol", mode);
                id.destroy();
                return id;
            }));
            ops.put(Operation.SEAL, measure(mode, Operation.SEAL, () -> qsafe.seal(message, bobPub, alice)));
            ops.put(Operation.OPEN, measure(mode, Operation.OPEN, () -> qsafe.open(envelope, bob, alicePub)));
            ops.put(Operation.SIGN, measure(mode, Operation.SIGN, () -> qsafe.sign(message, alice)));
            ops.put(Operation.VERIFY, measure(mode, Operation.VERIFY, () -> {
                qsafe.verify(message, signature, alicePub);
                return signature;
            }));
            return new ModeResult(mode, suite, true, "", engines, ops, envelope.length - message.length, Map.of());
        } finally {
            alice.destroy();
            bob.destroy();
        }
    }

    private OperationStats measure(CryptoMode mode, Operation op, Supplier<Object> task) {
        progress.accept(mode + " " + op.name().toLowerCase(java.util.Locale.ROOT));
        Object sink = null;
        for (int i = 0; i < warmup; i++) {
            sink = task.get();
        }
        long[] samples = new long[iterations];
        long before = allocated();
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            sink = task.get();
            samples[i] = System.nanoTime() - t0;
        }
        long after = allocated();
        if (sink == this) {
            throw new AssertionError(); // keeps the results alive
        }
        long perOp = before < 0 || after < 0 ? -1 : (after - before) / iterations;
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        long median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        long p99 = sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)];
        return new OperationStats(median, p99, perOp, Arrays.stream(samples).boxed().toList());
    }

    /** Bytes allocated so far by this thread, or -1 if the JVM cannot tell. */
    private static long allocated() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
                return t.getCurrentThreadAllocatedBytes();
            }
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
        return -1;
    }

    /** Builds a {@link CryptoBenchmark}; each setter validates at once and may be called once. */
    public static final class Builder {
        private final QSafe qsafe;
        private Set<CryptoMode> modes = EnumSet.allOf(CryptoMode.class);
        private int iterations = 200;
        private int warmup = 20;
        private int messageBytes = 1024;
        private Consumer<String> progress = s -> { };
        private final Set<String> set = new java.util.HashSet<>();

        private Builder(QSafe qsafe) {
            this.qsafe = qsafe;
        }

        private void once(String name) {
            if (!set.add(name)) {
                throw new ConfigurationException(name + " is already set");
            }
        }

        /** The modes to run (default all), always run in the order CLASSICAL, HYBRID, PQC. */
        public Builder modes(Set<CryptoMode> modes) {
            once("modes");
            if (modes.isEmpty()) {
                throw new ConfigurationException("modes must not be empty");
            }
            this.modes = EnumSet.copyOf(modes);
            return this;
        }

        /** Timed iterations per operation, 1..{@value #MAX_ITERATIONS} (default 200). */
        public Builder iterations(int n) {
            once("iterations");
            if (n < 1 || n > MAX_ITERATIONS) {
                throw new ConfigurationException("iterations must be 1.." + MAX_ITERATIONS + ", got " + n);
            }
            this.iterations = n;
            return this;
        }

        /** Untimed iterations per operation before timing, 0..{@value #MAX_ITERATIONS} (default 20). */
        public Builder warmupIterations(int n) {
            once("warmupIterations");
            if (n < 0 || n > MAX_ITERATIONS) {
                throw new ConfigurationException("warmupIterations must be 0.." + MAX_ITERATIONS + ", got " + n);
            }
            this.warmup = n;
            return this;
        }

        /** The message size in bytes, 0..{@value #MAX_MESSAGE_BYTES} and at most the configured maximum (default 1024). */
        public Builder messageBytes(int n) {
            once("messageBytes");
            if (n < 0 || n > MAX_MESSAGE_BYTES || n > qsafe.config().maxMessageBytes()) {
                throw new ConfigurationException("messageBytes must be 0.." + Math.min(MAX_MESSAGE_BYTES,
                        qsafe.config().maxMessageBytes()) + ", got " + n);
            }
            this.messageBytes = n;
            return this;
        }

        /** Called before each step (mode and operation), for a progress display. */
        public Builder progress(Consumer<String> progress) {
            once("progress");
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** The benchmark. */
        public CryptoBenchmark build() {
            return new CryptoBenchmark(this);
        }
    }
}

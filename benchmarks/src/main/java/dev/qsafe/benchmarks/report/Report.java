package dev.qsafe.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the suite's JMH JSON and metadata into the markdown of {@code docs/BENCHMARKS.md}: the tables,
 * ratios against the JDK's engine and against the peers, and the performance targets (the page's
 * "Targets, and how the report computes them"), each computed from the same run and marked PASS, FAIL
 * or "not measured".
 *
 * <p>Usage: {@code Report results.json meta.json report.md [--update-docs docs/BENCHMARKS.md]}; with
 * {@code --update-docs} the report replaces what stands between the file's {@value #BEGIN} and
 * {@value #END} markers.
 */
public final class Report {
    /** Where the generated part of docs/BENCHMARKS.md begins. */
    public static final String BEGIN = "<!-- results:begin -->";
    /** Where it ends. */
    public static final String END = "<!-- results:end -->";

    /** Selected engine within this factor of the fastest engine measured. */
    public static final double SELECTED_LIMIT = 1.10;
    /** SPI time over raw time for 1 KiB AES-256-GCM. */
    public static final double AEAD_OVERHEAD_LIMIT = 1.10;
    /** SPI time over raw time for ML-KEM and ML-DSA operations. */
    public static final double PQ_OVERHEAD_LIMIT = 1.05;
    /** Seal+open time over the sum of its primitives. */
    public static final double ENVELOPE_LIMIT = 1.15;
    /** The original design's claim for HYBRID over CLASSICAL (informational). */
    public static final double HYBRID_CLAIM = 2.5;
    /** Issue 14's target: PQC and HYBRID seal+open each at most this many times CLASSICAL's. */
    public static final double MODE_LIMIT = 3.0;

    /** Issue 15: a session message at most this fraction of one-shot HYBRID seal+open (at least 50x cheaper). */
    public static final double SESSION_VS_ONE_SHOT_LIMIT = 1.0 / 50;
    /** Issue 15: a session message over the sum of its primitives (AEAD + KDF steps). */
    public static final double SESSION_MESSAGE_LIMIT = 1.3;
    /** Issue 15: HYBRID and PQC amortized session message cost over CLASSICAL's. */
    public static final double SESSION_AMORTIZED_LIMIT = 1.5;
    /** Issue 15: session setup over the sum of its KEM and signature operations. */
    public static final double SESSION_SETUP_LIMIT = 1.2;

    /** Issue 18: a streaming seal or open at no less than 80% of its AEAD engine's throughput (time at most 1 / 0.8). */
    public static final double STREAM_VS_AEAD_LIMIT = 1 / 0.8;
    /** A streaming seal or open over the sum of its primitives (the AEAD in chunk calls and the payload's SHA-512). */
    public static final double STREAM_VS_PRIMITIVES_LIMIT = 1.10;

    /** Which raw engine a qsafe provider wraps, for the SPI-overhead target. */
    static final Map<String, String> RAW_OF_PROVIDER = Map.of(
            "jdk-classical", "jdk", "bc-classical", "bc", "bc-pqc", "bc", "jdk-pqc", "jdk", "conscrypt", "conscrypt", "accp", "accp");

    private static final Map<String, String> RAW_PRIMITIVE = Map.of(
            "AesGcmRaw", "AES-256-GCM", "ChaCha20Poly1305Raw", "ChaCha20-Poly1305", "X25519Raw", "X25519",
            "Ed25519Raw", "Ed25519");
    private static final Set<String> SPI_CLASSES = Set.of("AesGcmSpi", "ChaCha20Poly1305Spi", "KemSpiBench", "SignatureSpiBench");
    private static final Set<String> RAW_CLASSES = Set.of("AesGcmRaw", "ChaCha20Poly1305Raw", "X25519Raw", "Ed25519Raw",
            "MlKemRaw", "MlDsaRaw");

    /** One JMH result. */
    public record Result(String type, String method, Map<String, String> params, double score, double error, String unit) {
        /** The engine: a raw engine name or a qsafe provider name; empty for benchmarks without one. */
        public String engine() {
            return params.getOrDefault("engine", params.getOrDefault("provider", ""));
        }

        /** Whether it measures an engine used raw. */
        public boolean raw() {
            return RAW_CLASSES.contains(type);
        }

        /** Whether it measures an engine through qsafe's SPI. */
        public boolean spi() {
            return SPI_CLASSES.contains(type);
        }

        /** The algorithm measured (raw and SPI results name it the same way). */
        public String primitive() {
            return RAW_PRIMITIVE.getOrDefault(type, params.getOrDefault("algorithm", type));
        }

        /** The size parameter, or 0. */
        public int size() {
            return Integer.parseInt(params.getOrDefault("size", "0"));
        }
    }

    /** Whether a target holds; REPORTED for a ratio that is stated, not judged. */
    public enum Verdict { PASS, FAIL, NOT_MEASURED, REPORTED }

    /**
     * One target check.
     *
     * @param group   which target
     * @param subject what was checked (algorithm, operation, size, engines)
     * @param value   the measured ratio, NaN when not measured
     * @param limit   the largest ratio that passes (NaN: informational, no limit)
     * @param verdict PASS, FAIL or NOT_MEASURED
     */
    public record Target(String group, String subject, double value, double limit, Verdict verdict) {
    }

    private final List<Result> results;
    private final Map<String, Object> meta;

    /** A report over parsed results and metadata. */
    public Report(List<Result> results, Map<String, Object> meta) {
        this.results = List.copyOf(results);
        this.meta = Map.copyOf(meta);
    }

    /** Reads JMH's JSON output and the suite's metadata. */
    @SuppressWarnings("unchecked")
    public static Report read(Path resultsJson, Path metaJson) throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        List<Map<String, Object>> raw = mapper.readValue(resultsJson.toFile(), List.class);
        List<Result> results = new ArrayList<>();
        for (Map<String, Object> r : raw) {
            String benchmark = (String) r.get("benchmark");
            int dot = benchmark.lastIndexOf('.');
            String type = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new TreeMap<>();
            Object p = r.get("params");
            if (p instanceof Map<?, ?> pm) {
                pm.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            Map<String, Object> metric = (Map<String, Object>) r.get("primaryMetric");
            double error = metric.get("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN;
            results.add(new Result(type, benchmark.substring(dot + 1), params,
                    ((Number) metric.get("score")).doubleValue(), error, (String) metric.get("scoreUnit")));
            // JMH's auxiliary counters (e.g. SessionBenchmark's interleaved clocks) as results "method:counter"
            if (r.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
                for (Map.Entry<?, ?> e : secondary.entrySet()) {
                    if (e.getValue() instanceof Map<?, ?> m && m.get("score") instanceof Number score) {
                        double err = m.get("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN;
                        results.add(new Result(type, benchmark.substring(dot + 1) + ":" + e.getKey(), params, score.doubleValue(), err,
                                String.valueOf(m.get("scoreUnit"))));
                    }
                }
            }
        }
        Map<String, Object> meta = Files.exists(metaJson) ? mapper.readValue(metaJson.toFile(), Map.class) : Map.of();
        return new Report(results, meta);
    }

    /**
     * Writes the report, and splices it into a document if asked.
     *
     * @param args {@code results.json meta.json report.md [--update-docs FILE]}
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3 && !(args.length == 5 && args[3].equals("--update-docs"))) {
            System.err.println("usage: Report results.json meta.json report.md [--update-docs docs/BENCHMARKS.md]");
            System.exit(2);
        }
        Report report = read(Path.of(args[0]), Path.of(args[1]));
        String md = report.markdown();
        Files.writeString(Path.of(args[2]), md, StandardCharsets.UTF_8);
        if (args.length == 5) {
            Path doc = Path.of(args[4]);
            Files.writeString(doc, splice(Files.readString(doc, StandardCharsets.UTF_8), md), StandardCharsets.UTF_8);
        }
        for (Target t : report.targets()) {
            if (t.verdict() == Verdict.FAIL) {
                System.out.println("target not met: " + t.group() + ": " + t.subject() + " " + fmt(t.value()) + " > " + fmt(t.limit()));
            }
        }
    }

    /**
     * {@code doc} with what stands between its markers replaced by {@code generated}.
     *
     * @throws IllegalArgumentException if the markers are missing or out of order
     */
    public static String splice(String doc, String generated) {
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " markers");
        }
        return doc.substring(0, b + BEGIN.length()) + "\n" + generated.strip() + "\n" + doc.substring(e);
    }

    /** The results. */
    public List<Result> results() {
        return results;
    }

    private Optional<Result> find(Predicate<Result> p) {
        return results.stream().filter(p).findFirst();
    }

    /** The provider the registry selected for an algorithm in the measured run, if recorded. */
    public Optional<String> selected(String algorithm) {
        Object s = meta.get("selected");
        if (s instanceof Map<?, ?> m && m.get(algorithm) instanceof String name) {
            return Optional.of(name);
        }
        return Optional.empty();
    }

    /**
     * How many times faster than the JDK's built-in engine used raw, for the same algorithm, operation
     * and size: {@code jdk time / this time} (above 1 is faster). Empty when the JDK was not measured.
     */
    public Optional<Double> speedupOverJdk(Result r) {
        return find(x -> x.raw() && x.engine().equals("jdk") && x.primitive().equals(r.primitive())
                && x.method().equals(r.method()) && x.size() == r.size())
                .map(jdk -> jdk.score() / r.score());
    }

    /** Every target, computed from this run. */
    public List<Target> targets() {
        List<Target> out = new ArrayList<>();
        // 1. The selected engine is within 10% of the fastest engine measured (raw or SPI).
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        for (Result r : results) {
            if (r.raw() || r.spi()) {
                groups.computeIfAbsent(r.primitive() + " " + r.method() + (r.size() > 0 ? " " + r.size() + " B" : ""),
                        k -> new ArrayList<>()).add(r);
            }
        }
        groups.forEach((key, rs) -> {
            Optional<String> sel = selected(rs.get(0).primitive());
            if (sel.isEmpty() || rs.stream().noneMatch(Result::spi)) {
                return;
            }
            Result fastest = rs.stream().min(Comparator.comparingDouble(Result::score)).orElseThrow();
            Optional<Result> chosen = rs.stream().filter(r -> r.spi() && r.engine().equals(sel.get())).findFirst();
            String subject = key + ": selected " + sel.get() + ", fastest " + fastest.engine() + (fastest.raw() ? " (raw)" : "");
            out.add(chosen.map(c -> check("selected engine within 10% of the fastest", subject,
                    c.score() / fastest.score(), SELECTED_LIMIT))
                    .orElse(new Target("selected engine within 10% of the fastest", subject, Double.NaN, SELECTED_LIMIT,
                            Verdict.NOT_MEASURED)));
        });
        // 2. SPI overhead over the same engine used raw.
        for (Result spi : results) {
            if (!spi.spi()) {
                continue;
            }
            double limit;
            if (spi.primitive().equals("AES-256-GCM") && spi.size() == 1024) {
                limit = AEAD_OVERHEAD_LIMIT;
            } else if (spi.primitive().startsWith("ML-KEM-") || spi.primitive().startsWith("ML-DSA-")) {
                limit = PQ_OVERHEAD_LIMIT;
            } else {
                continue;
            }
            String rawEngine = RAW_OF_PROVIDER.get(spi.engine());
            String subject = spi.primitive() + " " + spi.method() + (spi.size() > 0 ? " " + spi.size() + " B" : "")
                    + ": " + spi.engine() + " vs raw " + rawEngine;
            Optional<Result> raw = rawEngine == null ? Optional.empty() : find(x -> x.raw() && x.engine().equals(rawEngine)
                    && x.primitive().equals(spi.primitive()) && x.method().equals(spi.method()) && x.size() == spi.size());
            out.add(raw.map(r -> check("SPI overhead", subject, spi.score() / r.score(), limit))
                    .orElse(new Target("SPI overhead", subject, Double.NaN, limit, Verdict.NOT_MEASURED)));
        }
        // 3. Seal+open against the sum of its primitives, per mode.
        for (String mode : List.of("CLASSICAL", "HYBRID", "PQC")) {
            Optional<Result> so = mode(mode, "sealOpen");
            Optional<Result> sum = mode(mode, "primitives");
            out.add(so.isPresent() && sum.isPresent()
                    ? check("seal+open vs the sum of its primitives", mode, so.get().score() / sum.get().score(), ENVELOPE_LIMIT)
                    : new Target("seal+open vs the sum of its primitives", mode, Double.NaN, ENVELOPE_LIMIT, Verdict.NOT_MEASURED));
        }
        // 4. HYBRID at least as fast as the same job with Tink.
        Optional<Result> hybrid = mode("HYBRID", "sealOpen");
        Optional<Result> tink = find(r -> r.type().equals("TinkJobs") && r.method().equals("hybridSealOpen"));
        out.add(hybrid.isPresent() && tink.isPresent()
                ? check("HYBRID vs Tink", "qsafe HYBRID seal+open / Tink HPKE X-Wing + ML-DSA-65 + Ed25519",
                        hybrid.get().score() / tink.get().score(), 1.0)
                : new Target("HYBRID vs Tink", "qsafe HYBRID seal+open / Tink HPKE X-Wing + ML-DSA-65 + Ed25519",
                        Double.NaN, 1.0, Verdict.NOT_MEASURED));
        // 4b. CLASSICAL at least as fast as the same job with Tink (issue 14).
        Optional<Result> classicalMode = mode("CLASSICAL", "sealOpen");
        Optional<Result> tinkClassical = find(r -> r.type().equals("TinkJobs") && r.method().equals("classicalSealOpen"));
        out.add(classicalMode.isPresent() && tinkClassical.isPresent()
                ? check("CLASSICAL vs Tink", "qsafe CLASSICAL seal+open / Tink HPKE DHKEM-X25519 + Ed25519",
                        classicalMode.get().score() / tinkClassical.get().score(), 1.0)
                : new Target("CLASSICAL vs Tink", "qsafe CLASSICAL seal+open / Tink HPKE DHKEM-X25519 + Ed25519",
                        Double.NaN, 1.0, Verdict.NOT_MEASURED));
        // 4c. PQC and HYBRID each at most 3x CLASSICAL (issue 14's target).
        for (String mode : List.of("HYBRID", "PQC")) {
            Optional<Result> m = mode(mode, "sealOpen");
            out.add(m.isPresent() && classicalMode.isPresent()
                    ? check("mode cost vs CLASSICAL (target)", mode + "/CLASSICAL seal+open",
                            m.get().score() / classicalMode.get().score(), MODE_LIMIT)
                    : new Target("mode cost vs CLASSICAL (target)", mode + "/CLASSICAL seal+open", Double.NaN, MODE_LIMIT,
                            Verdict.NOT_MEASURED));
        }
        // 5. Modes against CLASSICAL (reported; the original claim was HYBRID <= 2.5x CLASSICAL).
        Optional<Result> classical = mode("CLASSICAL", "sealOpen");
        for (String mode : List.of("HYBRID", "PQC")) {
            Optional<Result> m = mode(mode, "sealOpen");
            double limit = mode.equals("HYBRID") ? HYBRID_CLAIM : Double.NaN;
            String subject = mode + "/CLASSICAL seal+open" + (mode.equals("HYBRID") ? " (the original design claimed ≤ 2.5×)" : "");
            out.add(m.isPresent() && classical.isPresent()
                    ? new Target("mode cost vs CLASSICAL", subject, m.get().score() / classical.get().score(), limit, Verdict.REPORTED)
                    : new Target("mode cost vs CLASSICAL", subject, Double.NaN, limit, Verdict.NOT_MEASURED));
        }
        // 5b. Several recipients: one payload encryption plus N encapsulations (issue 18).
        for (String n : List.of("1", "10", "100")) {
            Optional<Result> multi = multiRecipient("sealToN", n);
            Optional<Result> ref = multiRecipient("payloadPlusEncapsulations", n);
            String subject = "seal to " + n + " recipients / one payload encryption + " + n + " encapsulations";
            out.add(multi.isPresent() && ref.isPresent()
                    ? check("multi-recipient seal vs its parts", subject, multi.get().score() / ref.get().score(), ENVELOPE_LIMIT)
                    : new Target("multi-recipient seal vs its parts", subject, Double.NaN, ENVELOPE_LIMIT, Verdict.NOT_MEASURED));
        }
        // 6. Sessions (issue 15).
        Optional<Result> oneShot = mode("HYBRID", "sealOpen");
        Optional<Result> classicalAmortized = session("CLASSICAL", "amortized");
        for (String mode : List.of("CLASSICAL", "HYBRID", "PQC")) {
            Optional<Result> msg = session(mode, "message");
            String group = "session message vs one-shot HYBRID seal+open (≥ 50× cheaper)";
            out.add(msg.isPresent() && oneShot.isPresent()
                    ? check(group, mode + " message / HYBRID sealOpen (one-shot is "
                            + fmt(oneShot.get().score() / msg.get().score()) + "× the message)",
                            msg.get().score() / oneShot.get().score(), SESSION_VS_ONE_SHOT_LIMIT)
                    : new Target(group, mode + " message / HYBRID sealOpen", Double.NaN, SESSION_VS_ONE_SHOT_LIMIT,
                            Verdict.NOT_MEASURED));
            out.add(ratio("session message vs the sum of its primitives", mode + " message / messagePrimitives",
                    msg, session(mode, "messagePrimitives"), SESSION_MESSAGE_LIMIT));
        }
        for (String mode : List.of("HYBRID", "PQC")) {
            out.add(ratio("amortized session message vs CLASSICAL", mode + "/CLASSICAL amortized (default KEM-ratchet interval)",
                    session(mode, "amortized"), classicalAmortized, SESSION_AMORTIZED_LIMIT));
        }
        for (String mode : List.of("CLASSICAL", "HYBRID", "PQC")) {
            out.add(ratio("session setup vs its KEM and signature operations", mode + " setup / setupPrimitives",
                    session(mode, "setup"), session(mode, "setupPrimitives"), SESSION_SETUP_LIMIT));
        }
        // The same two ratios measured op by op in one benchmark (SessionBenchmark's interleaved clocks):
        // a host whose speed drifts moves both sides alike.
        for (String mode : List.of("CLASSICAL", "HYBRID", "PQC")) {
            out.add(ratio("session message vs the sum of its primitives, interleaved op by op",
                    mode + " message / messagePrimitives (nanoseconds in one benchmark)", session(mode, "messageInterleaved:messageNanos"),
                    session(mode, "messageInterleaved:primitivesNanos"), SESSION_MESSAGE_LIMIT));
            out.add(ratio("session setup vs its KEM and signature operations, interleaved op by op",
                    mode + " setup / setupPrimitives (nanoseconds in one benchmark)", session(mode, "setupInterleaved:setupNanos"),
                    session(mode, "setupInterleaved:primitivesNanos"), SESSION_SETUP_LIMIT));
        }
        // 6. Streaming envelopes (issue 18): against the AEAD engine alone, and against AEAD + SHA-512.
        for (String op : List.of("seal", "open")) {
            Optional<Result> stream = stream(op);
            Optional<Result> engine = stream("aead" + Character.toUpperCase(op.charAt(0)) + op.substring(1));
            Optional<Result> prims = stream("primitives" + Character.toUpperCase(op.charAt(0)) + op.substring(1));
            String size = stream.map(r -> sizeLabel(r.size()) + " in " + sizeLabel(Integer.parseInt(r.params().getOrDefault("chunk", "0")))
                    + " chunks").orElse("");
            out.add(ratio("streaming vs its AEAD engine (≥ 80% of its throughput)",
                    op + " " + size + (stream.isPresent() && engine.isPresent()
                            ? " (throughput " + fmt(100 * engine.get().score() / stream.get().score()) + "% of the engine's)" : ""),
                    stream, engine, STREAM_VS_AEAD_LIMIT));
            out.add(ratio("streaming vs its primitives (AEAD + the payload's SHA-512)", op + " " + size,
                    stream, prims, STREAM_VS_PRIMITIVES_LIMIT));
        }
        return out;
    }

    /**
     * What a whole-message hash leaves of the AEAD's throughput, for one hash at one size
     * (HashCeilingBenchmark; docs/BENCHMARKS.md, "Issue 18: the whole-message hash ceiling"). With {@code A}
     * and {@code H} the AEAD's and the hash's throughput on the same bytes: sequential (AEAD and hash on
     * one core, one after the other) {@code 1 / (1 + A/H)} = AEAD time / (AEAD time + hash time); pipelined
     * (the hash on a second core, overlapped) {@code min(A, H) / A}. NaN where the AEAD was not measured.
     *
     * @param hash            {@code lib:name}, e.g. {@code accp:SHA-256}
     * @param size            bytes hashed
     * @param ms              hash time
     * @param gbPerSecond     hash throughput, 10^9 bytes per second
     * @param sealSequential  the ceiling against the AEAD sealing, sequential
     * @param sealPipelined   the same, pipelined
     * @param openSequential  the ceiling against the AEAD opening, sequential
     * @param openPipelined   the same, pipelined
     */
    public record Ceiling(String hash, int size, double ms, double gbPerSecond, double sealSequential, double sealPipelined,
                          double openSequential, double openPipelined) {
    }

    /**
     * A version 2 stream's measured share of its AEAD's throughput, and what it would be with the payload
     * hashed by the fastest hash measured instead of the JDK's SHA-512: the stream's time less the JDK's
     * SHA-512 time plus the fastest hash's time (sequential), or the larger of the two (the hash pipelined
     * on a second core). An estimate from the parts, not a measurement of such a format.
     *
     * @param op              {@code seal} or {@code open}
     * @param size            payload bytes
     * @param streamShare     AEAD time / stream time, measured
     * @param fastest         the fastest hash measured at this size ({@code lib:name})
     * @param sequentialShare the estimate, hash on the same core
     * @param pipelinedShare  the estimate, hash on a second core
     */
    public record StreamEstimate(String op, int size, double streamShare, String fastest, double sequentialShare,
                                 double pipelinedShare) {
    }

    private static final String CEILING = "HashCeilingBenchmark";

    private Optional<Result> ceiling(String pass, int size) {
        return find(r -> r.type().equals(CEILING) && pass.equals(r.params().get("pass")) && r.size() == size);
    }

    /** The sizes HashCeilingBenchmark measured, ascending. */
    private List<Integer> ceilingSizes() {
        return results.stream().filter(r -> r.type().equals(CEILING)).map(Result::size).distinct().sorted().toList();
    }

    /** Every hash HashCeilingBenchmark measured, per size (ascending), fastest first. */
    public List<Ceiling> hashCeilings() {
        List<Ceiling> out = new ArrayList<>();
        for (int size : ceilingSizes()) {
            double seal = ceiling("aead-seal", size).map(Result::score).orElse(Double.NaN);
            double open = ceiling("aead-open", size).map(Result::score).orElse(Double.NaN);
            results.stream().filter(r -> r.type().equals(CEILING) && r.size() == size && r.params().getOrDefault("pass", "").contains(":"))
                    .sorted(Comparator.comparingDouble(Result::score))
                    .forEach(h -> out.add(new Ceiling(h.params().get("pass"), size, h.score(), gbPerSecond(size, h.score()),
                            seal / (seal + h.score()), Math.min(1, seal / h.score()),
                            open / (open + h.score()), Math.min(1, open / h.score()))));
        }
        return out;
    }

    /** The streams' measured share, and the estimate with the fastest hash, per size and operation. */
    public List<StreamEstimate> streamEstimates() {
        List<StreamEstimate> out = new ArrayList<>();
        List<Ceiling> all = hashCeilings();
        for (int size : ceilingSizes()) {
            Optional<Ceiling> fastest = all.stream().filter(c -> c.size() == size).findFirst();
            Optional<Result> sha512 = ceiling("jdk:SHA-512", size);
            for (String op : List.of("seal", "open")) {
                Optional<Result> stream = ceiling("stream-" + op, size);
                Optional<Result> aead = ceiling("aead-" + op, size);
                if (stream.isEmpty() || aead.isEmpty()) {
                    continue;
                }
                double a = aead.get().score();
                double s = stream.get().score();
                double seq = Double.NaN;
                double pipe = Double.NaN;
                if (fastest.isPresent() && sha512.isPresent()) {
                    double withoutHash = Math.max(a, s - sha512.get().score());
                    seq = a / (withoutHash + fastest.get().ms());
                    pipe = a / Math.max(withoutHash, fastest.get().ms());
                }
                out.add(new StreamEstimate(op, size, a / s, fastest.map(Ceiling::hash).orElse("—"), seq, pipe));
            }
        }
        return out;
    }

    private static double gbPerSecond(int size, double ms) {
        return size / (ms * 1e-3) / 1e9;
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "—" : fmt(100 * share) + "%";
    }

    private Optional<Result> stream(String method) {
        return find(r -> r.type().equals("StreamBenchmark") && r.method().equals(method));
    }

    private static Target ratio(String group, String subject, Optional<Result> a, Optional<Result> b, double limit) {
        return a.isPresent() && b.isPresent()
                ? check(group, subject, a.get().score() / b.get().score(), limit)
                : new Target(group, subject, Double.NaN, limit, Verdict.NOT_MEASURED);
    }

    private Optional<Result> session(String mode, String method) {
        return find(r -> r.type().equals("SessionBenchmark") && r.method().equals(method) && mode.equals(r.params().get("mode")));
    }

    private Optional<Result> mode(String mode, String method) {
        return find(r -> r.type().equals("ModeBenchmark") && r.method().equals(method) && mode.equals(r.params().get("mode")));
    }

    private static Target check(String group, String subject, double value, double limit) {
        Verdict v = value <= limit ? Verdict.PASS : Verdict.FAIL;
        return new Target(group, subject, value, limit, v);
    }

    /** The markdown of the generated part of docs/BENCHMARKS.md. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("<!-- generated by dev.qsafe.benchmarks.report.Report from results.json and meta.json: edit the generator, not this part -->\n\n");
        md.append("### The run\n\n");
        md.append("- Command: `").append(meta.getOrDefault("command", "unknown")).append("`\n");
        md.append("- When: ").append(meta.getOrDefault("started", "unknown")).append(" to ").append(meta.getOrDefault("finished", "unknown")).append('\n');
        md.append("- JMH settings: ").append(meta.getOrDefault("settings", "unknown")).append('\n');
        if (meta.get("machine") instanceof Map<?, ?> m) {
            md.append("- CPU: ").append(m.get("cpu")).append(", ").append(m.get("cores")).append(" cores; crypto flags: ")
                    .append(m.get("cryptoFlags")).append('\n');
            md.append("- OS: ").append(m.get("os")).append("; JDK: ").append(m.get("jdk")).append('\n');
        }
        if (meta.get("rawEngines") instanceof Map<?, ?> m) {
            md.append("- Raw engines: ");
            List<String> parts = new ArrayList<>();
            m.forEach((k, v) -> parts.add("**" + k + "** " + v));
            md.append(String.join("; ", parts)).append('\n');
        }
        if (meta.get("providers") instanceof List<?> ps) {
            List<String> parts = new ArrayList<>();
            for (Object o : ps) {
                if (o instanceof Map<?, ?> p) {
                    parts.add("**" + p.get("name") + "** " + p.get("state") + (Objects.toString(p.get("reason"), "").isEmpty()
                            || "ACTIVE".equals(p.get("state")) ? "" : " (" + p.get("reason") + ")"));
                }
            }
            md.append("- qsafe providers: ").append(String.join("; ", parts)).append('\n');
        }
        if (meta.get("selected") instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, v) -> parts.add(k + " → " + v));
            md.append("- Selected by the registry: ").append(String.join(", ", parts)).append('\n');
        }
        if (meta.get("excluded") instanceof List<?> ex && !ex.isEmpty()) {
            md.append("- Left out (does not work here; reason as printed by the suite):\n");
            // One line per class, engine and reason, naming the methods and parameters it covers.
            Map<List<String>, Set<String>> grouped = new LinkedHashMap<>();
            for (Object o : ex) {
                if (o instanceof Map<?, ?> x) {
                    String benchmark = String.valueOf(x.get("benchmark"));
                    int dot = benchmark.indexOf('.');
                    String type = dot < 0 ? benchmark : benchmark.substring(0, dot);
                    String method = dot < 0 ? "" : benchmark.substring(dot + 1);
                    String params = Objects.toString(x.get("params"), "{}");
                    grouped.computeIfAbsent(List.of(type, Objects.toString(x.get("engine"), ""), String.valueOf(x.get("reason"))),
                            k -> new LinkedHashSet<>()).add(method + ("{}".equals(params) ? "" : " " + params));
                }
            }
            grouped.forEach((k, where) -> md.append("  - ").append(k.get(0)).append(k.get(1).isEmpty() ? "" : " " + k.get(1))
                    .append(" (").append(String.join(", ", where)).append("): ").append(k.get(2)).append('\n'));
        }

        md.append("\n### Targets\n\n| target | subject | measured | limit | verdict |\n|---|---|---:|---:|---|\n");
        for (Target t : targets()) {
            md.append("| ").append(t.group()).append(" | ").append(t.subject()).append(" | ")
                    .append(Double.isNaN(t.value()) ? "not measured" : fmt(t.value()) + "×").append(" | ")
                    .append(Double.isNaN(t.limit()) ? "—" : (t.verdict() == Verdict.REPORTED ? "claim ≤ " : "≤ ")
                            + fmt(t.limit()) + "×").append(" | ")
                    .append(switch (t.verdict()) {
                        case NOT_MEASURED -> "not measured";
                        case REPORTED -> Double.isNaN(t.limit()) ? "reported"
                                : t.value() <= t.limit() ? "reported (within the claim)" : "reported (above the claim)";
                        default -> t.verdict().name();
                    }).append(" |\n");
        }

        md.append("\n### Primitives: every engine, raw and through qsafe's SPI\n\n");
        md.append("Time per operation (lower is better). *vs JDK* = the JDK's built-in engine's time divided by this one's "
                + "(above 1: faster than the JDK). ★ = the engine the registry selects.\n\n");
        md.append("| algorithm | operation | size | engine | path | µs/op | ± | vs JDK |\n|---|---|---:|---|---|---:|---:|---:|\n");
        List<Result> prims = new ArrayList<>(results.stream().filter(r -> r.raw() || r.spi()).toList());
        prims.sort(Comparator.comparing(Result::primitive).thenComparing(Result::method).thenComparingInt(Result::size)
                .thenComparing(r -> r.spi() ? 1 : 0).thenComparingDouble(Result::score));
        for (Result r : prims) {
            boolean star = r.spi() && selected(r.primitive()).map(r.engine()::equals).orElse(false);
            md.append("| ").append(r.primitive()).append(" | ").append(r.method()).append(" | ")
                    .append(r.size() > 0 ? sizeLabel(r.size()) : "").append(" | ").append(r.engine()).append(star ? " ★" : "")
                    .append(" | ").append(r.raw() ? "raw" : "SPI").append(" | ").append(score(r)).append(" | ")
                    .append(fmt(r.error())).append(" | ").append(speedupOverJdk(r).map(Report::fmt).orElse("—")).append(" |\n");
        }

        md.append("\n### Modes: 1 KiB seal+open through the QSafe facade\n\n");
        md.append("| mode | seal+open µs | sum of primitives µs | seal+open / primitives | vs CLASSICAL |\n|---|---:|---:|---:|---:|\n");
        Optional<Result> classical = mode("CLASSICAL", "sealOpen");
        for (String mode : List.of("CLASSICAL", "HYBRID", "PQC")) {
            Optional<Result> so = mode(mode, "sealOpen");
            Optional<Result> sum = mode(mode, "primitives");
            md.append("| ").append(mode).append(" | ").append(so.map(Report::score).orElse("not measured")).append(" | ")
                    .append(sum.map(Report::score).orElse("not measured")).append(" | ")
                    .append(so.isPresent() && sum.isPresent() ? fmt(so.get().score() / sum.get().score()) + "×" : "—").append(" | ")
                    .append(so.isPresent() && classical.isPresent() ? fmt(so.get().score() / classical.get().score()) + "×" : "—")
                    .append(" |\n");
        }

        md.append("\n### Sessions: 1 KiB messages and setup (docs/SESSION.md)\n\n");
        md.append("*message*: steady state, seal+open, one direction; *primitives*: its KDF steps and AEAD calls on the same engines; "
                + "*amortized*: per message of a conversation, KEM ratchet steps at the default interval included; "
                + "*setup*: initiate + accept, bundle fetch excluded; *KEM+sig*: the setup's KEM and signature operations.\n\n");
        md.append("| mode | message µs | primitives µs | ratio | one-shot HYBRID / message | amortized µs | vs CLASSICAL |"
                + " setup µs | KEM+sig µs | ratio |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Optional<Result> hybridOneShot = mode("HYBRID", "sealOpen");
        Optional<Result> classicalAmortized = session("CLASSICAL", "amortized");
        for (String mode : List.of("CLASSICAL", "HYBRID", "PQC")) {
            Optional<Result> msg = session(mode, "message");
            Optional<Result> prim = session(mode, "messagePrimitives");
            Optional<Result> am = session(mode, "amortized");
            Optional<Result> su = session(mode, "setup");
            Optional<Result> sp = session(mode, "setupPrimitives");
            md.append("| ").append(mode).append(" | ").append(cell(msg)).append(" | ").append(cell(prim)).append(" | ")
                    .append(quotient(msg, prim)).append(" | ").append(quotient(hybridOneShot, msg)).append(" | ")
                    .append(cell(am)).append(" | ").append(quotient(am, classicalAmortized)).append(" | ")
                    .append(cell(su)).append(" | ").append(cell(sp)).append(" | ").append(quotient(su, sp)).append(" |\n");
        }

        md.append("\n### Streaming envelopes (version 2): time per stream\n\n");
        md.append("*stream*: `QSafe.sealStream`/`openStream` to a sink that keeps nothing; *AEAD*: the same engine on the same "
                + "bytes in chunk-size calls; *AEAD + SHA-512*: that and the payload's SHA-512 the signature covers. "
                + "Throughput share = AEAD time / stream time.\n\n");
        md.append("| operation | size | stream ms | AEAD ms | AEAD + SHA-512 ms | share of the AEAD's throughput | stream / (AEAD + SHA-512) |\n"
                + "|---|---|---:|---:|---:|---:|---:|\n");
        for (String op : List.of("seal", "open")) {
            String cap = Character.toUpperCase(op.charAt(0)) + op.substring(1);
            Optional<Result> st = stream(op);
            Optional<Result> en = stream("aead" + cap);
            Optional<Result> pr = stream("primitives" + cap);
            md.append("| ").append(op).append(" | ").append(st.map(r -> sizeLabel(r.size())).orElse("—")).append(" | ")
                    .append(cell(st)).append(" | ").append(cell(en)).append(" | ").append(cell(pr)).append(" | ")
                    .append(st.isPresent() && en.isPresent() ? fmt(100 * en.get().score() / st.get().score()) + "%" : "—")
                    .append(" | ").append(quotient(st, pr)).append(" |\n");
        }

        if (!ceilingSizes().isEmpty()) {
            md.append("\n### Whole-message hash ceiling (issue 18)\n\n");
            md.append("One pass over the bytes in 64 KiB pieces (`HashCeilingBenchmark`). *Ceiling*: the share of the AEAD's "
                    + "throughput left once the whole message is also hashed: *sequential* = AEAD time / (AEAD time + hash time) "
                    + "= 1 / (1 + A/H), one core; *pipelined* = min(A, H) / A, the hash overlapped on a second core.\n\n");
            md.append("| pass | size | ms | GB/s |\n|---|---|---:|---:|\n");
            for (int size : ceilingSizes()) {
                for (String pass : List.of("aead-seal", "aead-open", "stream-seal", "stream-open")) {
                    ceiling(pass, size).ifPresent(r -> md.append("| ").append(pass).append(" | ").append(sizeLabel(size))
                            .append(" | ").append(score(r)).append(" | ").append(fmt(gbPerSecond(size, r.score()))).append(" |\n"));
                }
            }
            md.append("\n| hash | size | ms | GB/s | seal ceiling, sequential | seal ceiling, pipelined | open ceiling, sequential"
                    + " | open ceiling, pipelined |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (Ceiling c : hashCeilings()) {
                md.append("| ").append(c.hash()).append(" | ").append(sizeLabel(c.size())).append(" | ").append(fmt(c.ms()))
                        .append(" | ").append(fmt(c.gbPerSecond())).append(" | ").append(percent(c.sealSequential()))
                        .append(" | ").append(percent(c.sealPipelined())).append(" | ").append(percent(c.openSequential()))
                        .append(" | ").append(percent(c.openPipelined())).append(" |\n");
            }
            md.append("\nVersion 2 as measured, and estimated with its payload hashed by the fastest hash above instead of the "
                    + "JDK's SHA-512 (stream time − JDK SHA-512 time + that hash's time; pipelined: the larger of the two):\n\n");
            md.append("| operation | size | measured share of the AEAD's throughput | fastest hash | estimate, sequential "
                    + "| estimate, pipelined |\n|---|---|---:|---|---:|---:|\n");
            for (StreamEstimate e : streamEstimates()) {
                md.append("| ").append(e.op()).append(" | ").append(sizeLabel(e.size())).append(" | ").append(percent(e.streamShare()))
                        .append(" | ").append(e.fastest()).append(" | ").append(percent(e.sequentialShare())).append(" | ")
                        .append(percent(e.pipelinedShare())).append(" |\n");
            }
        }

        md.append("\n### Peers: the same job with qsafe, Tink and Conscrypt\n\n");
        md.append("HPKE base mode, HKDF-SHA256, AES-256-GCM: set up, seal 1 KiB, set up, open. *vs qsafe* = the peer's time "
                + "divided by qsafe's (above 1: qsafe is faster).\n\n");
        md.append("| job | qsafe µs | Tink µs | vs qsafe | Conscrypt µs | vs qsafe |\n|---|---:|---:|---:|---:|---:|\n");
        String[][] hpke = {{"DHKEM-X25519-HKDF-SHA256", "DHKEM_X25519_HKDF_SHA256", "DHKEM_X25519_HKDF_SHA256"},
            {"X-Wing", "X_WING", "XWING"}, {"ML-KEM-1024", null, "MLKEM_1024"}};
        for (String[] k : hpke) {
            Optional<Result> q = find(r -> r.type().equals("HpkeBenchmark") && k[0].equals(r.params().get("kem")));
            Optional<Result> t = k[1] == null ? Optional.empty()
                    : find(r -> r.type().equals("TinkHpke") && k[1].equals(r.params().get("kem")));
            Optional<Result> c = find(r -> r.type().equals("ConscryptHpke") && k[2].equals(r.params().get("kem")));
            peerRow(md, "HPKE " + k[0], q, t, c);
        }
        peerRow(md, "HYBRID job (qsafe HYBRID seal+open; Tink: X-Wing HPKE + ML-DSA-65 + Ed25519 sign/verify)",
                mode("HYBRID", "sealOpen"), find(r -> r.type().equals("TinkJobs") && r.method().equals("hybridSealOpen")),
                Optional.empty());
        peerRow(md, "CLASSICAL job (qsafe CLASSICAL seal+open; Tink: DHKEM-X25519 HPKE + Ed25519 sign/verify)",
                mode("CLASSICAL", "sealOpen"), find(r -> r.type().equals("TinkJobs") && r.method().equals("classicalSealOpen")),
                Optional.empty());
        for (String[] s : new String[][] {{"Ed25519", "ed25519SignVerify"}, {"ML-DSA-65", "mlDsa65SignVerify"}}) {
            // qsafe: the selected engine's sign + verify through the SPI
            Optional<String> sel = selected(s[0]);
            Optional<Result> sign = sel.flatMap(p -> find(r -> r.spi() && r.primitive().equals(s[0]) && r.method().equals("sign") && r.engine().equals(p)));
            Optional<Result> verify = sel.flatMap(p -> find(r -> r.spi() && r.primitive().equals(s[0]) && r.method().equals("verify") && r.engine().equals(p)));
            Optional<Result> q = sign.isPresent() && verify.isPresent()
                    ? Optional.of(new Result("sum", "signVerify", Map.of(), sign.get().score() + verify.get().score(), Double.NaN, "us/op"))
                    : Optional.empty();
            peerRow(md, s[0] + " sign+verify 1 KiB (qsafe: selected engine's sign + verify)", q,
                    find(r -> r.type().equals("TinkJobs") && r.method().equals(s[1])), Optional.empty());
        }

        md.append("\n### Several recipients (envelope version 3)\n\n");
        md.append("Sealing 1 MiB to N HYBRID recipients as one envelope, against one streaming seal to one recipient plus N - 1 "
                + "X-Wing HPKE seals of a 32-byte key (*reference*: one payload encryption plus N encapsulations).\n\n");
        md.append("| N | seal to N µs | reference µs | seal / reference |\n|---:|---:|---:|---:|\n");
        for (String n : List.of("1", "10", "100")) {
            Optional<Result> multi = multiRecipient("sealToN", n);
            Optional<Result> ref = multiRecipient("payloadPlusEncapsulations", n);
            md.append("| ").append(n).append(" | ").append(cell(multi)).append(" | ").append(cell(ref)).append(" | ")
                    .append(quotient(multi, ref)).append(" |\n");
        }
        return md.toString();
    }

    private Optional<Result> multiRecipient(String method, String n) {
        return find(r -> r.type().equals("MultiRecipientBenchmark") && r.method().equals(method) && n.equals(r.params().get("recipients")));
    }

    private static void peerRow(StringBuilder md, String job, Optional<Result> q, Optional<Result> t, Optional<Result> c) {
        md.append("| ").append(job).append(" | ").append(q.map(Report::score).orElse("not measured")).append(" | ")
                .append(t.map(Report::score).orElse("—")).append(" | ")
                .append(q.isPresent() && t.isPresent() ? fmt(t.get().score() / q.get().score()) : "—").append(" | ")
                .append(c.map(Report::score).orElse("—")).append(" | ")
                .append(q.isPresent() && c.isPresent() ? fmt(c.get().score() / q.get().score()) : "—").append(" |\n");
    }

    private static String cell(Optional<Result> r) {
        return r.map(Report::score).orElse("not measured");
    }

    private static String quotient(Optional<Result> a, Optional<Result> b) {
        return a.isPresent() && b.isPresent() ? fmt(a.get().score() / b.get().score()) + "×" : "—";
    }

    private static String score(Result r) {
        return fmt(r.score());
    }

    private static String sizeLabel(int size) {
        if (size >= 1 << 20 && size % (1 << 20) == 0) {
            return (size >> 20) + " MiB";
        }
        if (size >= 1024 && size % 1024 == 0) {
            return (size >> 10) + " KiB";
        }
        return size + " B";
    }

    /** Three significant digits, plain notation. */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }
}

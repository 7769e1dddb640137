package dev.qsafe.benchmarks;

import dev.qsafe.benchmarks.modes.HpkeBenchmark;
import dev.qsafe.benchmarks.modes.ModeBenchmark;
import dev.qsafe.benchmarks.modes.MultiRecipientBenchmark;
import dev.qsafe.benchmarks.modes.SessionBenchmark;
import dev.qsafe.benchmarks.peers.ConscryptHpke;
import dev.qsafe.benchmarks.peers.TinkHpke;
import dev.qsafe.benchmarks.peers.TinkJobs;
import dev.qsafe.benchmarks.raw.AesGcmRaw;
import dev.qsafe.benchmarks.raw.ChaCha20Poly1305Raw;
import dev.qsafe.benchmarks.raw.Ed25519Raw;
import dev.qsafe.benchmarks.raw.MlDsaRaw;
import dev.qsafe.benchmarks.raw.MlKemRaw;
import dev.qsafe.benchmarks.raw.RawEngines;
import dev.qsafe.benchmarks.raw.X25519Raw;
import dev.qsafe.benchmarks.report.Report;
import dev.qsafe.benchmarks.runtime.HashCeilingBenchmark;
import dev.qsafe.benchmarks.runtime.StreamBenchmark;
import dev.qsafe.benchmarks.spi.AesGcmSpi;
import dev.qsafe.benchmarks.spi.ChaCha20Poly1305Spi;
import dev.qsafe.benchmarks.spi.KemSpiBench;
import dev.qsafe.benchmarks.spi.Registry;
import dev.qsafe.benchmarks.spi.SignatureSpiBench;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the whole benchmark matrix in bounded time and writes JMH JSON, metadata and the report.
 *
 * <p>For every benchmark method and parameter value it first tries, in this JVM, which engines work
 * here: raw JCA engines whose native code loads and that have the algorithm, and the qsafe providers
 * the registry actually has for it ({@code CryptoRegistry.providersOf}). An engine that does not work
 * is left out with its reason printed (and recorded), never failing the run. Then it runs JMH once per
 * method with the engine parameter restricted to what works, forked, printing progress. Options:
 * <pre>
 *   --smoke            1 iteration of 100 ms, no warmup: proves every benchmark runs (numbers meaningless)
 *   --quick            1 x 500 ms warmup, 2 x 500 ms measurement
 *   (default)          2 x 1 s warmup, 3 x 1 s measurement, 1 fork: the full matrix in about 25 minutes on 2 cores
 *   --forks N --warmup-iterations N --warmup-ms N --iterations N --iteration-ms N
 *   --include REGEX    only benchmarks whose "class.method" matches (e.g. "raw\.AesGcm|ModeBenchmark")
 *   --out DIR          where results.json, meta.json, report.md and the JMH logs go (default target/bench)
 *   --update-docs FILE splice the report into FILE between its results markers (docs/BENCHMARKS.md)
 *   --budget-minutes N shorten the iterations if the plan would take longer (default 25)
 *   --dry-run          probe and print the plan, run nothing
 * </pre>
 */
public final class Suite {
    /** Every benchmark class, in report order. */
    static final List<Class<?>> BENCHMARKS = List.of(
            AesGcmRaw.class, AesGcmSpi.class, ChaCha20Poly1305Raw.class, ChaCha20Poly1305Spi.class,
            X25519Raw.class, Ed25519Raw.class, MlKemRaw.class, MlDsaRaw.class,
            KemSpiBench.class, SignatureSpiBench.class,
            ModeBenchmark.class, HpkeBenchmark.class, SessionBenchmark.class, MultiRecipientBenchmark.class,
            TinkHpke.class, TinkJobs.class, ConscryptHpke.class, StreamBenchmark.class, HashCeilingBenchmark.class);

    private static final PrintStream OUT = System.out;

    private Suite() {
    }

    /** One JMH run: a benchmark method with its parameter values. */
    record Run(Class<?> type, String method, String engineParam, List<String> engines,
               Map<String, List<String>> params) {
        int forks() {
            int n = engines.isEmpty() ? 1 : engines.size();
            for (List<String> v : params.values()) {
                n *= v.size();
            }
            return n;
        }

        String label() {
            StringBuilder sb = new StringBuilder(type.getSimpleName()).append('.').append(method);
            if (engineParam != null) {
                sb.append(' ').append(engineParam).append('=').append(engines);
            }
            params.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            return sb.toString();
        }
    }

    /** Command-line options. */
    static final class Settings {
        int forks = 1;
        int warmupIterations = 2;
        long warmupMs = 1000;
        int iterations = 3;
        long iterationMs = 1000;
        Pattern include = Pattern.compile(".*");
        Path out = Path.of("target", "bench");
        Path updateDocs;
        boolean dryRun;
        String profile = "default";
        double budgetMinutes = 25;

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--smoke" -> {
                        s.profile = "smoke";
                        s.warmupIterations = 0;
                        s.iterations = 1;
                        s.iterationMs = 100;
                    }
                    case "--quick" -> {
                        s.profile = "quick";
                        s.warmupIterations = 1;
                        s.warmupMs = 500;
                        s.iterations = 2;
                        s.iterationMs = 500;
                    }
                    case "--forks" -> s.forks = positive(a, args, ++i, 1);
                    case "--warmup-iterations" -> s.warmupIterations = positive(a, args, ++i, 0);
                    case "--warmup-ms" -> s.warmupMs = positive(a, args, ++i, 1);
                    case "--iterations" -> s.iterations = positive(a, args, ++i, 1);
                    case "--iteration-ms" -> s.iterationMs = positive(a, args, ++i, 1);
                    case "--include" -> s.include = Pattern.compile(value(a, args, ++i));
                    case "--out" -> s.out = Path.of(value(a, args, ++i));
                    case "--update-docs" -> s.updateDocs = Path.of(value(a, args, ++i));
                    case "--dry-run" -> s.dryRun = true;
                    case "--budget-minutes" -> s.budgetMinutes = positive(a, args, ++i, 1);
                    case "-h", "--help" -> {
                        OUT.println("usage: Suite [--smoke|--quick] [--include REGEX] [--out DIR] [--update-docs FILE]"
                                + " [--forks N] [--warmup-iterations N] [--warmup-ms N] [--iterations N] [--iteration-ms N]"
                                + " [--budget-minutes N] [--dry-run]");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "' (try --help)");
                }
            }
            return s;
        }

        private static String value(String option, String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String option, String[] args, int i, int min) {
            int v = Integer.parseInt(value(option, args, i));
            if (v < min) {
                throw new IllegalArgumentException(option + " must be at least " + min);
            }
            return v;
        }

        /** Seconds one fork takes, roughly: JVM start and setup, warmup, measurement. */
        double secondsPerFork() {
            return 1.5 + (warmupIterations * warmupMs + iterations * iterationMs) / 1000.0;
        }

        /**
         * Shortens warmup and measurement iterations (never below 200 ms, or the given time if shorter)
         * so that {@code forks} forks fit in the budget; says what it did, or nothing if they already fit.
         */
        String fitInto(int forkCount) {
            double perFork = secondsPerFork();
            double budget = budgetMinutes * 60;
            if (forkCount * perFork <= budget) {
                return "";
            }
            double timed = (warmupIterations * warmupMs + iterations * iterationMs) / 1000.0;
            double factor = Math.max(0, budget / forkCount - 1.5) / timed;
            long oldWarmup = warmupMs;
            long oldIteration = iterationMs;
            warmupMs = Math.max(Math.min(200, warmupMs), Math.round(warmupMs * factor));
            iterationMs = Math.max(Math.min(200, iterationMs), Math.round(iterationMs * factor));
            return String.format(Locale.ROOT, "to fit the %.0f-minute budget, iterations shortened: warmup %d -> %d ms,"
                    + " measurement %d -> %d ms (--budget-minutes to change)", budgetMinutes, oldWarmup, warmupMs,
                    oldIteration, iterationMs);
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("profile", profile);
            m.put("forks", forks);
            m.put("warmupIterations", warmupIterations);
            m.put("warmupMs", warmupMs);
            m.put("iterations", iterations);
            m.put("iterationMs", iterationMs);
            m.put("include", include.pattern());
            m.put("budgetMinutes", budgetMinutes);
            return m;
        }
    }

    /**
     * Runs the suite.
     *
     * @param args see the class documentation
     */
    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("qsafe bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Instant started = Instant.now();
        Files.createDirectories(settings.out.resolve("logs"));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("command", "scripts/bench " + String.join(" ", args));
        meta.put("started", started.toString());
        meta.put("settings", settings.describe());
        meta.put("machine", Machine.describe());
        OUT.println("qsafe benchmark suite (" + settings.profile + "): " + meta.get("machine"));

        CryptoRegistry registry = Registry.get();
        meta.put("rawEngines", rawEngineStatus());
        meta.put("providers", providerStatus(registry));
        meta.put("selected", selections(registry));

        List<Map<String, String>> excluded = new ArrayList<>();
        List<Run> plan = plan(settings, registry, excluded);
        meta.put("excluded", excluded);
        int forks = plan.stream().mapToInt(Run::forks).sum() * settings.forks;
        String fitted = settings.fitInto(forks);
        if (!fitted.isEmpty()) {
            OUT.println(fitted);
        }
        meta.put("settings", settings.describe());
        double estimate = forks * settings.secondsPerFork();
        OUT.printf(Locale.ROOT, "plan: %d JMH runs, %d forks, about %s%n", plan.size(), forks, minutes(estimate));
        if (settings.dryRun) {
            plan.forEach(r -> OUT.println("  " + r.label()));
            return;
        }

        List<RunResult> results = new ArrayList<>();
        int done = 0;
        int forksDone = 0;
        for (Run run : plan) {
            done++;
            double elapsed = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            double remaining = (forks - forksDone) * settings.secondsPerFork();
            OUT.printf(Locale.ROOT, "[%d/%d] %s  (elapsed %s, about %s left)%n", done, plan.size(), run.label(),
                    minutes(elapsed), minutes(remaining));
            try {
                var got = new Runner(options(settings, run, done).build()).run();
                if (got.size() < run.forks()) {
                    OUT.printf(Locale.ROOT, "      %d of %d parameter combinations gave no result: see %s%n",
                            run.forks() - got.size(), run.forks(), settings.out.resolve("logs"));
                }
                for (RunResult r : got) {
                    results.add(r);
                    OUT.printf(Locale.ROOT, "      %s: %s%n", r.getParams().getBenchmark().replaceFirst(".*\\.benchmarks\\.", "")
                            + paramString(r), scoreString(r));
                }
            } catch (RunnerException e) {
                OUT.println("      failed: " + e.getMessage() + " (see " + settings.out.resolve("logs") + ")");
            }
            forksDone += run.forks() * settings.forks;
        }

        Path json = settings.out.resolve("results.json");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(json), true, "UTF-8")) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
        meta.put("finished", Instant.now().toString());
        Path metaFile = settings.out.resolve("meta.json");
        JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(metaFile.toFile(), meta);
        Path md = settings.out.resolve("report.md");
        Report.main(settings.updateDocs == null
                ? new String[] {json.toString(), metaFile.toString(), md.toString()}
                : new String[] {json.toString(), metaFile.toString(), md.toString(), "--update-docs", settings.updateDocs.toString()});
        OUT.println("results: " + json + ", " + metaFile + ", report: " + md
                + (settings.updateDocs != null ? ", spliced into " + settings.updateDocs : "")
                + " (" + minutes(Duration.between(started, Instant.now()).toMillis() / 1000.0) + ")");
    }

    private static ChainedOptionsBuilder options(Settings s, Run run, int index) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + Pattern.quote(run.type().getName() + "." + run.method()) + "$")
                .forks(s.forks)
                .warmupIterations(s.warmupIterations)
                .warmupTime(TimeValue.milliseconds(s.warmupMs))
                .measurementIterations(s.iterations)
                .measurementTime(TimeValue.milliseconds(s.iterationMs))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")
                .shouldFailOnError(false)
                .verbosity(VerboseMode.NORMAL)
                .output(s.out.resolve("logs").resolve(String.format(Locale.ROOT, "%03d-%s.%s.log", index,
                        run.type().getSimpleName(), run.method())).toString());
        if (run.engineParam() != null) {
            b.param(run.engineParam(), run.engines().toArray(String[]::new));
        }
        run.params().forEach((k, v) -> b.param(k, v.toArray(String[]::new)));
        return b;
    }

    /** Probes every (method, parameter values, engine) here and groups what works into JMH runs. */
    static List<Run> plan(Settings settings, CryptoRegistry registry, List<Map<String, String>> excluded) {
        List<Run> plan = new ArrayList<>();
        Map<List<String>, Set<String>> leftOut = new LinkedHashMap<>();
        for (Class<?> type : BENCHMARKS) {
            List<String> methods = Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class))
                    .map(Method::getName).sorted().toList();
            methods = methods.stream().filter(m -> settings.include.matcher(type.getName() + "." + m).find()).toList();
            if (methods.isEmpty()) {
                continue;
            }
            String engineParam = engineParam(type);
            Map<String, List<String>> others = new LinkedHashMap<>();
            for (Field f : type.getFields()) {
                Param p = f.getAnnotation(Param.class);
                if (p != null && !f.getName().equals(engineParam)) {
                    others.put(f.getName(), List.of(p.value()));
                }
            }
            // Every combination of the other parameters. A JMH run takes the cross product of the values that
            // work, so with two multi-valued parameters (HashCeilingBenchmark: pass and size) a value that works
            // for one combination only also runs in the others, fails there in its setup, and JMH goes on.
            List<Map<String, String>> combos = combinations(others);
            Map<String, Run> byMethodAndEngines = new LinkedHashMap<>();
            for (Map<String, String> combo : combos) {
                List<String> candidates = engineParam == null ? List.of("") : candidates(type, engineParam, combo, registry);
                Map<String, List<String>> working = new LinkedHashMap<>();
                methods.forEach(m -> working.put(m, new ArrayList<>()));
                for (String engine : candidates) {
                    Map<String, String> failures = probe(type, engineParam, engine, combo, methods);
                    for (String m : methods) {
                        String why = failures.get(m);
                        if (why == null) {
                            working.get(m).add(engine);
                        } else {
                            Map<String, String> x = new LinkedHashMap<>();
                            x.put("benchmark", type.getSimpleName() + "." + m);
                            x.put("params", combo.toString());
                            x.put("engine", engine);
                            x.put("reason", why);
                            excluded.add(x);
                            leftOut.computeIfAbsent(List.of(type.getSimpleName() + (engine.isEmpty() ? "" : " " + engineParam
                                    + "=" + engine), why), k -> new LinkedHashSet<>()).add(m + (combo.isEmpty() ? "" : " " + combo));
                        }
                    }
                }
                for (String m : methods) {
                    List<String> engines = working.get(m);
                    if (engines.isEmpty()) {
                        continue;
                    }
                    List<String> enginesOrNone = engineParam == null ? List.of() : engines;
                    String key = m + " " + enginesOrNone;
                    Run existing = byMethodAndEngines.get(key);
                    if (existing == null) {
                        Map<String, List<String>> params = new LinkedHashMap<>();
                        combo.forEach((k, v) -> params.put(k, new ArrayList<>(List.of(v))));
                        byMethodAndEngines.put(key, new Run(type, m, engineParam, enginesOrNone, params));
                    } else {
                        combo.forEach((k, v) -> {
                            if (!existing.params().get(k).contains(v)) {
                                existing.params().get(k).add(v);
                            }
                        });
                    }
                }
            }
            plan.addAll(byMethodAndEngines.values());
        }
        // One line per class, engine and reason, naming the methods and parameters it covers.
        leftOut.forEach((what, where) -> OUT.println("left out: " + what.get(0) + " " + where + ": " + what.get(1)));
        return plan;
    }

    private static String engineParam(Class<?> type) {
        for (String name : List.of("engine", "provider")) {
            try {
                if (type.getField(name).isAnnotationPresent(Param.class)) {
                    return name;
                }
            } catch (NoSuchFieldException e) {
                // not this one
            }
        }
        return null;
    }

    /** Raw engines: all of them (the probe drops what does not load); SPI: the registry's providers of the algorithm. */
    private static List<String> candidates(Class<?> type, String engineParam, Map<String, String> combo, CryptoRegistry registry) {
        if (engineParam.equals("engine")) {
            return RawEngines.ALL;
        }
        return registry.providersOf(Registry.algorithm(combo.get("algorithm")));
    }

    private static List<Map<String, String>> combinations(Map<String, List<String>> params) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * Sets the parameters on a fresh instance, runs its setup and each method once.
     *
     * @return the reason each method that fails here fails (absent: it works)
     */
    static Map<String, String> probe(Class<?> type, String engineParam, String engine, Map<String, String> combo,
                                     List<String> methods) {
        Map<String, String> failures = new LinkedHashMap<>();
        Object instance;
        try {
            instance = type.getDeclaredConstructor().newInstance();
            if (engineParam != null) {
                set(instance, type.getField(engineParam), engine);
            }
            for (Map.Entry<String, String> e : combo.entrySet()) {
                set(instance, type.getField(e.getKey()), e.getValue());
            }
            for (Method m : type.getMethods()) {
                if (m.isAnnotationPresent(Setup.class)) {
                    m.invoke(instance);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            String why = reason(e);
            methods.forEach(m -> failures.put(m, why));
            return failures;
        }
        for (String name : methods) {
            try {
                Method m = Arrays.stream(type.getMethods())
                        .filter(x -> x.getName().equals(name) && x.isAnnotationPresent(Benchmark.class)).findFirst()
                        .orElseThrow(() -> new NoSuchMethodException(type.getName() + "." + name));
                Object[] args = new Object[m.getParameterCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = stateArgument(m.getParameterTypes()[i]);
                }
                m.invoke(instance, args);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                failures.put(name, reason(e));
            }
        }
        return failures;
    }

    /**
     * A benchmark method's {@code @State} argument (such as an auxiliary-counters clock), made as JMH
     * makes it: a fresh instance whose {@code @Setup} methods have run.
     */
    private static Object stateArgument(Class<?> type) throws ReflectiveOperationException {
        if (!type.isAnnotationPresent(org.openjdk.jmh.annotations.State.class)) {
            throw new NoSuchMethodException("a benchmark argument of type " + type.getName() + " is not a @State");
        }
        Object state = type.getDeclaredConstructor().newInstance();
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(Setup.class)) {
                m.invoke(state);
            }
        }
        return state;
    }

    private static void set(Object instance, Field f, String value) throws IllegalAccessException {
        if (f.getType() == int.class) {
            f.setInt(instance, Integer.parseInt(value));
        } else {
            f.set(instance, value);
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        StringBuilder sb = new StringBuilder(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            sb.append("; caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            if (sb.length() > 400) {
                break;
            }
        }
        return sb.length() > 400 ? sb.substring(0, 400) + "..." : sb.toString();
    }

    private static Map<String, String> rawEngineStatus() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String engine : RawEngines.ALL) {
            try {
                var p = RawEngines.provider(engine);
                m.put(engine, "loaded: " + (p == null ? "the JDK's default providers" : RawEngines.describe(engine, p)));
            } catch (RuntimeException | LinkageError e) {
                m.put(engine, "not loaded, its raw benchmarks are left out: " + reason(e));
                OUT.println("raw engine " + engine + " is left out: " + reason(e));
            }
        }
        return m;
    }

    private static List<Map<String, Object>> providerStatus(CryptoRegistry registry) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProviderStatus s : registry.providers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("state", s.state().name());
            m.put("reason", s.reason());
            m.put("hardwareBacked", s.hardwareBacked());
            out.add(m);
            OUT.println("provider " + s.name() + ": " + s.state() + (s.reason().isEmpty() ? "" : " (" + s.reason() + ")"));
        }
        return out;
    }

    private static Map<String, String> selections(CryptoRegistry registry) {
        Map<String, String> m = new LinkedHashMap<>();
        registry.algorithms().forEach(a -> registry.selection(a).selected().ifPresent(p -> m.put(a.name(), p)));
        return m;
    }

    private static String paramString(RunResult r) {
        StringBuilder sb = new StringBuilder();
        for (String k : r.getParams().getParamsKeys()) {
            sb.append(' ').append(k).append('=').append(r.getParams().getParam(k));
        }
        return sb.toString();
    }

    private static String scoreString(RunResult r) {
        var m = r.getPrimaryResult();
        return String.format(Locale.ROOT, "%.3f ± %.3f %s", m.getScore(), Double.isNaN(m.getScoreError()) ? 0 : m.getScoreError(),
                m.getScoreUnit());
    }

    private static String minutes(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}

package dev.qsafe.cli;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionConfig;
import dev.qsafe.session.Sessions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code qsafe demo}: for each mode, Alice seals and signs a message to Bob with the configured suite
 * and Bob opens it; prints sizes, envelope overhead and a quick timing estimate.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"For each mode: generate identities for Alice and Bob with the configured suite, "
                + "seal and sign a message from Alice to Bob (HPKE envelope), open and verify it, and make a detached "
                + "signature, checking every step.",
                "Prints one table: sizes in bytes and microseconds per operation (median after a short warm-up: "
                + "a quick estimate, not a benchmark). A mode whose algorithms have no engine is listed with the reason."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe demo", "  qsafe demo --mode pqc --json", "", ExitCodes.HELP})
final class DemoCommand implements Runnable {
    private static final byte[] MESSAGE = "Attack at dawn. Harvest now, decrypt later? Not this one."
            .getBytes(StandardCharsets.UTF_8);
    private static final int STEPS = 7;

    @Option(names = "--mode", split = ",", paramLabel = "MODE", converter = ModeConverter.class,
            description = "Modes to run: classical, hybrid, pqc (aliases quantum, pq). Default: all.")
    Set<CryptoMode> modes = EnumSet.allOf(CryptoMode.class);

    @Option(names = "--json", description = "Write JSON instead of a table.")
    boolean json;

    @Option(names = "--warmup-ms", paramLabel = "MS", defaultValue = "150",
            description = "Warm-up time per operation in milliseconds (default: ${DEFAULT-VALUE}).")
    int warmupMs;

    @Option(names = "--measure-ms", paramLabel = "MS", defaultValue = "150",
            description = "Measuring time per operation in milliseconds (default: ${DEFAULT-VALUE}).")
    int measureMs;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    QsafeCommand root;

    /** The outcome for one mode. */
    record Result(Suite suite, String unavailable, Map<String, Integer> sizes, Map<String, Double> micros,
                  Map<String, String> engines) {
    }

    @Override
    public void run() {
        if (warmupMs < 0 || measureMs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--warmup-ms must be >= 0 and --measure-ms >= 1");
        }
        // Timed operations repeat the same envelope and signature: with the caches on, opens and
        // verifies after the first would be cache hits. Time the cryptography.
        QSafeConfig config = CommandSupport.config(root);
        Progress progress = Progress.forTerminal(spec.commandLine().getErr(), modes.size() * STEPS);
        List<Result> results = new ArrayList<>();
        try (QSafe qsafe = QSafe.newBuilder().config(config.toBuilder().runtime(config.runtime().withCachesEnabled(false)).build())
                .registry(CommandSupport.registry(root, config)).build()) {
            for (CryptoMode mode : modes) {
                results.add(runMode(qsafe, qsafe.config().suite(mode), progress));
            }
        }
        progress.done();
        if (results.stream().allMatch(r -> r.unavailable() != null)) {
            throw new UnsupportedAlgorithmException("no requested mode can run here: "
                    + String.join("; ", results.stream().map(r -> r.suite().mode() + ": " + r.unavailable()).toList()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(results)));
        } else {
            printTable(out, results);
        }
    }

    private Result runMode(QSafe qsafe, Suite suite, Progress progress) {
        CryptoRegistry registry = qsafe.registry();
        List<String> missing = new ArrayList<>();
        for (var a : suite.algorithms()) {
            var selection = registry.selection(a);
            if (selection.selected().isEmpty()) {
                List<String> why = selection.skipped().stream().map(c -> c.provider() + " " + c.note()).toList();
                missing.add(a.name() + " (" + (why.isEmpty() ? "no provider implements it" : String.join("; ", why)) + ")");
            }
        }
        if (!missing.isEmpty()) {
            progress.skip(STEPS);
            return new Result(suite, "no engine for " + String.join(", ", missing) + " (see qsafe providers)",
                    Map.of(), Map.of(), Map.of());
        }
        Map<String, String> engines = new LinkedHashMap<>();
        for (var a : suite.algorithms()) {
            engines.put(a.name(), registry.selection(a).selected().orElseThrow());
        }
        CryptoMode mode = suite.mode();

        // One checked Alice-to-Bob round trip before timing anything.
        Identity alice = qsafe.generateIdentity("alice", mode);
        Identity bob = qsafe.generateIdentity("bob", mode);
        byte[] envelope = qsafe.seal(MESSAGE, bob.publicIdentity(), alice);
        if (!MessageDigest.isEqual(qsafe.open(envelope, bob, alice.publicIdentity()), MESSAGE)) {
            throw new QSafeException("demo self-check failed in " + mode + ": the opened message differs");
        }
        byte[] signature = qsafe.sign(MESSAGE, alice);
        qsafe.verify(MESSAGE, signature, alice.publicIdentity());

        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("kemPublicKey", bob.kem().publicKey().length());
        sizes.put("kemCiphertext", suite.kem().ciphertextSize());
        sizes.put("signature", suite.signature().signatureSize());
        sizes.put("envelopeOverhead", envelope.length - MESSAGE.length);

        Map<String, Double> micros = new LinkedHashMap<>();
        micros.put("keygen", time(progress, suite, "keygen", () -> qsafe.generateIdentity("carol", mode)));
        micros.put("seal", time(progress, suite, "seal", () -> qsafe.seal(MESSAGE, bob.publicIdentity(), alice)));
        micros.put("open", time(progress, suite, "open", () -> qsafe.open(envelope, bob, alice.publicIdentity())));
        micros.put("sign", time(progress, suite, "sign", () -> qsafe.sign(MESSAGE, alice)));
        micros.put("verify", time(progress, suite, "verify", () -> {
            qsafe.verify(MESSAGE, signature, alice.publicIdentity());
            return null;
        }));
        // A session beside the one-shot envelope: one setup (KEM + signature), then each message is a KDF step and an AEAD.
        Sessions sessions = Sessions.of(registry, SessionConfig.defaults().withOneTimePrekeys(0));
        Prekeys prekeys = sessions.newPrekeys(bob);
        byte[] bundle = prekeys.bundle();
        micros.put("sessionSetup", time(progress, suite, "session setup", () -> sessions.accept(prekeys,
                sessions.initiate(alice, bob.publicIdentity(), bundle, MESSAGE).firstMessage(), null)));
        Sessions.Initiation init = sessions.initiate(alice, bob.publicIdentity(), bundle, MESSAGE);
        Session as = init.session();
        Session bs = sessions.accept(prekeys, init.firstMessage(), null).session();
        byte[] sm = as.seal(MESSAGE);
        if (!MessageDigest.isEqual(bs.open(sm), MESSAGE)) {
            throw new QSafeException("demo self-check failed in " + mode + ": the session message differs");
        }
        sizes.put("sessionMessageOverhead", sm.length - MESSAGE.length);
        micros.put("sessionMessage", time(progress, suite, "session message", () -> bs.open(as.seal(MESSAGE))));
        as.destroy();
        bs.destroy();
        alice.destroy();
        bob.destroy();
        return new Result(suite, null, sizes, micros, engines);
    }

    /** Median microseconds per call after warming up; a quick estimate, not a benchmark. */
    private double time(Progress progress, Suite suite, String op, Supplier<?> task) {
        progress.step(suite.mode() + " " + op);
        long warmEnd = System.nanoTime() + warmupMs * 1_000_000L;
        Object sink;
        do {
            sink = task.get();
        } while (System.nanoTime() < warmEnd);
        List<Long> samples = new ArrayList<>();
        long end = System.nanoTime() + measureMs * 1_000_000L;
        do {
            long t0 = System.nanoTime();
            sink = task.get();
            samples.add(System.nanoTime() - t0);
        } while (System.nanoTime() < end || samples.size() < 5);
        if (sink == this) {
            throw new AssertionError(); // keeps the results alive
        }
        long[] s = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        return s[s.length / 2] / 1000.0;
    }

    private void printTable(PrintWriter out, List<Result> results) {
        out.println("qsafe demo: Alice seals and signs a " + MESSAGE.length + "-byte message to Bob in each mode; Bob opens it");
        out.println("sizes in bytes; times in microseconds per operation, median after a " + warmupMs
                + " ms warm-up (a quick estimate, not a benchmark)");
        out.println();
        TextTable t = new TextTable("mode", "suite", "KEM", "signature", "AEAD", "kem pk", "kem ct", "sig", "overhead",
                "keygen", "seal", "open", "sign", "verify").rightAlign(5, 6, 7, 8, 9, 10, 11, 12, 13);
        List<String> unavailable = new ArrayList<>();
        for (Result r : results) {
            Suite s = r.suite();
            if (r.unavailable() != null) {
                t.row(s.mode(), s.name(), s.kem(), s.signature(), s.aead(), "-", "-", "-", "-", "-", "-", "-", "-", "-");
                unavailable.add(s.mode() + " is not available: " + r.unavailable());
                continue;
            }
            t.row(s.mode(), s.name(), s.kem(), s.signature(), s.aead(),
                    r.sizes().get("kemPublicKey"), r.sizes().get("kemCiphertext"), r.sizes().get("signature"),
                    r.sizes().get("envelopeOverhead"),
                    fmt(r.micros().get("keygen")), fmt(r.micros().get("seal")), fmt(r.micros().get("open")),
                    fmt(r.micros().get("sign")), fmt(r.micros().get("verify")));
        }
        t.print(out);
        out.println();
        out.println("overhead = envelope bytes minus message bytes (header, KEM ciphertext, AEAD tag, sender signature);");
        out.println("keygen = KEM + signature key pairs; seal = encapsulate + HPKE + sign; open = decapsulate + HPKE + verify.");
        out.println();
        out.println("A session (docs/SESSION.md) pays a KEM and a signature once; then a message costs a KDF step and an AEAD:");
        TextTable st = new TextTable("mode", "setup", "session seal+open", "one-shot seal+open", "one-shot / session", "msg overhead")
                .rightAlign(1, 2, 3, 4, 5);
        for (Result r : results) {
            if (r.unavailable() == null) {
                double oneShot = r.micros().get("seal") + r.micros().get("open");
                st.row(r.suite().mode(), fmt(r.micros().get("sessionSetup")), fmt(r.micros().get("sessionMessage")), fmt(oneShot),
                        String.format(java.util.Locale.ROOT, "%.0fx", oneShot / r.micros().get("sessionMessage")),
                        r.sizes().get("sessionMessageOverhead"));
            }
        }
        st.print(out);
        out.println("setup = initiate + accept (bundle fetch excluded); seal+open of one steady-state message, one direction.");
        out.println("Every round trip was checked.");
        for (Result r : results) {
            if (r.unavailable() == null) {
                out.println("engines for " + r.suite().mode() + ": " + r.engines());
            }
        }
        unavailable.forEach(out::println);
    }

    private static String fmt(double micros) {
        return micros >= 100 ? String.format("%.0f", micros) : String.format("%.1f", micros);
    }

    private static ObjectNode toJson(List<Result> results) {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = mapper.createObjectNode();
        root.put("note", "microseconds are medians after a short warm-up: a quick estimate, not a benchmark");
        ArrayNode modes = root.putArray("modes");
        for (Result r : results) {
            ObjectNode n = modes.addObject();
            n.put("mode", r.suite().mode().name());
            n.put("suite", r.suite().name());
            n.put("kem", r.suite().kem().name());
            n.put("signature", r.suite().signature().name());
            n.put("aead", r.suite().aead().name());
            n.put("kdf", r.suite().kdf().name());
            n.put("available", r.unavailable() == null);
            if (r.unavailable() != null) {
                n.put("reason", r.unavailable());
                continue;
            }
            ObjectNode e = n.putObject("engines");
            r.engines().forEach(e::put);
            ObjectNode sz = n.putObject("sizeBytes");
            r.sizes().forEach(sz::put);
            ObjectNode us = n.putObject("microseconds");
            r.micros().forEach(us::put);
        }
        return root;
    }
}

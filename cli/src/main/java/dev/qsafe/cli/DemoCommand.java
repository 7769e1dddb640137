package dev.qsafe.cli;

import dev.qsafe.api.Aead;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.Kem;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.SignatureScheme;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.CryptoRegistry;
import dev.qsafe.runtime.Suite;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code qsafe demo}: for each mode, generate keys with the engines the registry selects, then
 * round-trip KEM + KDF + AEAD + signature on a message and print sizes and a quick timing estimate.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"For each mode: generate a recipient KEM key pair and a sender signature key pair, "
                + "encapsulate a shared secret, derive an AEAD key with HKDF, seal and sign a message, "
                + "then verify, decapsulate and open it, checking every step.",
                "Prints one table: sizes in bytes and microseconds per operation (median after a short warm-up: "
                + "a quick estimate, not a benchmark). A mode whose algorithms have no engine yet is listed with the reason."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe demo", "  qsafe demo --mode pqc --json", "", ExitCodes.HELP})
final class DemoCommand implements Runnable {
    private static final byte[] MESSAGE = "Attack at dawn. Harvest now, decrypt later? Not this one."
            .getBytes(StandardCharsets.UTF_8);
    /** Empty: pure Ed25519 has no context string, and every suite's signature must accept it. */
    private static final byte[] CONTEXT = new byte[0];

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

    private final SecureRandom random = new SecureRandom();

    /** The outcome for one mode. */
    record Result(Suite suite, String unavailable, Map<String, Integer> sizes, Map<String, Double> micros,
                  Map<String, String> engines) {
    }

    @Override
    public void run() {
        if (warmupMs < 0 || measureMs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--warmup-ms must be >= 0 and --measure-ms >= 1");
        }
        CryptoRegistry registry = CryptoRegistry.discover();
        Progress progress = Progress.forTerminal(spec.commandLine().getErr(), modes.size() * 7);
        List<Result> results = new ArrayList<>();
        for (CryptoMode mode : modes) {
            results.add(runMode(registry, Suite.defaultFor(mode), progress));
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

    private Result runMode(CryptoRegistry registry, Suite suite, Progress progress) {
        Kem kem;
        SignatureScheme sig;
        Aead aead;
        Kdf kdf;
        try {
            kem = registry.kem(suite.kem());
            sig = registry.signature(suite.signature());
            aead = registry.aead(suite.aead());
            kdf = registry.kdf(suite.kdf());
        } catch (UnsupportedAlgorithmException e) {
            progress.skip(7);
            return new Result(suite, e.getMessage(), Map.of(), Map.of(), Map.of());
        }
        Map<String, String> engines = new LinkedHashMap<>();
        for (var a : suite.algorithms()) {
            engines.put(a.name(), registry.selection(a).selected().orElseThrow());
        }
        byte[] info = ("qsafe-demo " + suite.name()).getBytes(StandardCharsets.UTF_8);

        // One checked round trip: recipient and sender keys, seal + sign, verify + open.
        KeyPair recipient = kem.generateKeyPair();
        KeyPair sender = sig.generateKeyPair();
        Encapsulation enc = kem.encapsulate(recipient.publicKey());
        byte[] nonce = new byte[suite.aead().nonceSize()];
        random.nextBytes(nonce);
        byte[] ciphertext = seal(aead, kdf, enc.sharedSecret(), nonce, MESSAGE, enc.ciphertext(), info, suite);
        byte[] signed = concat(enc.ciphertext(), nonce, ciphertext);
        byte[] signature = sig.sign(sender.privateKey(), signed, CONTEXT);

        sig.verify(sender.publicKey(), signed, signature, CONTEXT);
        SecretBytes opened = kem.decapsulate(recipient.privateKey(), enc.ciphertext());
        byte[] plaintext = open(aead, kdf, opened, nonce, ciphertext, enc.ciphertext(), info, suite);
        if (!Arrays.equals(plaintext, MESSAGE)) {
            throw new QSafeException("demo self-check failed in " + suite.mode() + ": the opened message differs");
        }

        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("publicKey", recipient.publicKey().length());
        sizes.put("kemCiphertext", enc.ciphertext().length);
        sizes.put("signature", signature.length);
        sizes.put("overhead", enc.ciphertext().length + nonce.length + (ciphertext.length - MESSAGE.length) + signature.length);

        Map<String, Double> micros = new LinkedHashMap<>();
        micros.put("kemKeygen", time(progress, suite, "KEM keygen", kem::generateKeyPair));
        micros.put("encaps", time(progress, suite, "encapsulate", () -> kem.encapsulate(recipient.publicKey())));
        micros.put("decaps", time(progress, suite, "decapsulate", () -> kem.decapsulate(recipient.privateKey(), enc.ciphertext())));
        micros.put("seal", time(progress, suite, "seal", () -> seal(aead, kdf, opened, nonce, MESSAGE, enc.ciphertext(), info, suite)));
        micros.put("open", time(progress, suite, "open", () -> open(aead, kdf, opened, nonce, ciphertext, enc.ciphertext(), info, suite)));
        micros.put("sign", time(progress, suite, "sign", () -> sig.sign(sender.privateKey(), signed, CONTEXT)));
        micros.put("verify", time(progress, suite, "verify", () -> {
            sig.verify(sender.publicKey(), signed, signature, CONTEXT);
            return null;
        }));
        enc.sharedSecret().destroy();
        opened.destroy();
        recipient.privateKey().destroy();
        sender.privateKey().destroy();
        return new Result(suite, null, sizes, micros, engines);
    }

    private static byte[] seal(Aead aead, Kdf kdf, SecretBytes shared, byte[] nonce, byte[] msg, byte[] aad, byte[] info, Suite suite) {
        SecretBytes key = deriveKey(kdf, shared, info, suite);
        try {
            return aead.seal(key, nonce, msg, aad);
        } finally {
            key.destroy();
        }
    }

    private static byte[] open(Aead aead, Kdf kdf, SecretBytes shared, byte[] nonce, byte[] ct, byte[] aad, byte[] info, Suite suite) {
        SecretBytes key = deriveKey(kdf, shared, info, suite);
        try {
            return aead.open(key, nonce, ct, aad);
        } finally {
            key.destroy();
        }
    }

    private static SecretBytes deriveKey(Kdf kdf, SecretBytes shared, byte[] info, Suite suite) {
        byte[] ikm = shared.rawBytes(SecretAccess.INSECURE);
        try {
            return SecretBytes.wrap(kdf.derive(new byte[0], ikm, info, suite.aead().keySize()));
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    /** Median microseconds per call after warming up; a quick estimate, not a benchmark. */
    private double time(Progress progress, Suite suite, String op, Supplier<?> task) {
        progress.step(suite.mode() + " " + op);
        long warmEnd = System.nanoTime() + warmupMs * 1_000_000L;
        Object sink = null;
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

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    private void printTable(PrintWriter out, List<Result> results) {
        out.println("qsafe demo: KEM + HKDF + AEAD + signature round trip of a " + MESSAGE.length + "-byte message per mode");
        out.println("sizes in bytes; times in microseconds per operation, median after a "
                + warmupMs + " ms warm-up (a quick estimate, not a benchmark: see the JMH benchmarks)");
        out.println();
        TextTable t = new TextTable("mode", "KEM", "signature", "AEAD", "pk", "kem ct", "sig", "overhead",
                "keygen", "encaps", "decaps", "seal", "open", "sign", "verify").rightAlign(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        List<String> unavailable = new ArrayList<>();
        for (Result r : results) {
            Suite s = r.suite();
            if (r.unavailable() != null) {
                t.row(s.mode(), s.kem(), s.signature(), s.aead(), "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-");
                unavailable.add(s.mode() + " is not available yet: " + r.unavailable());
                continue;
            }
            t.row(s.mode(), s.kem(), s.signature(), s.aead(),
                    r.sizes().get("publicKey"), r.sizes().get("kemCiphertext"), r.sizes().get("signature"), r.sizes().get("overhead"),
                    fmt(r.micros().get("kemKeygen")), fmt(r.micros().get("encaps")), fmt(r.micros().get("decaps")),
                    fmt(r.micros().get("seal")), fmt(r.micros().get("open")), fmt(r.micros().get("sign")), fmt(r.micros().get("verify")));
        }
        t.print(out);
        out.println();
        out.println("overhead = KEM ciphertext + nonce + AEAD tag + signature; every round trip was checked.");
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

package dev.qsafe.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.conformance.CaseFailure;
import dev.qsafe.conformance.EngineReport;
import dev.qsafe.conformance.FileReport;
import dev.qsafe.conformance.Report;
import dev.qsafe.conformance.VectorRunner;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.tests.Vectors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Ed25519 edge cases of C2SP CCTV and SUPERCOP's {@code sign.input} through the conformance runner,
 * on every Ed25519 engine the registry finds (the native one included when it is active), and qsafe's
 * Ed25519 verification rule (docs/PROVIDERS.md) checked on each engine directly.
 */
class Ed25519VectorsTest {
    private static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());
    private static final Algorithm ED25519 = Algorithm.ED25519;
    private static final String CCTV = "cctv-ed25519/ed25519vectors.json.gz";
    private static final byte[] NO_CONTEXT = new byte[0];
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private static List<String> engines() {
        List<String> engines = REGISTRY.providersOf(ED25519);
        assertTrue(engines.containsAll(List.of("jdk-classical", "bc-classical")), engines.toString());
        return engines;
    }

    /** One CCTV vector: its flags, and verification of it on an engine. */
    private record Cctv(int number, byte[] key, byte[] sig, byte[] msg, Set<String> flags) {
        static List<Cctv> all() {
            List<Cctv> out = new ArrayList<>();
            for (JsonNode v : Vectors.json(CCTV)) {
                Set<String> flags = v.get("flags").isNull() ? Set.of()
                        : v.get("flags").valueStream().map(JsonNode::asString).collect(Collectors.toUnmodifiableSet());
                out.add(new Cctv(v.get("number").asInt(), Vectors.hex(v, "key"), Vectors.hex(v, "sig"),
                        v.get("msg").asString().getBytes(StandardCharsets.UTF_8), flags));
            }
            return out;
        }

        boolean any(String... names) {
            return Set.of(names).stream().anyMatch(flags::contains);
        }

        void verify(SignatureSpi ed) {
            ed.verify(PublicKey.of(ED25519, key), msg, sig, NO_CONTEXT);
        }

        /** Bouncy Castle's Ed25519 alone (cofactored equation, no small-order checks): whether it accepts. */
        boolean bcAlone() {
            try {
                return new Ed25519PublicKeyParameters(key).verify(Ed25519.Algorithm.Ed25519, null, msg, 0, msg.length, sig, 0);
            } catch (IllegalArgumentException e) {
                return false; // Bouncy Castle refuses to decode the key
            }
        }

        /** Whether A and R are both points of the prime-order subgroup (no small-order component), per Bouncy Castle. */
        boolean primeOrderPoints() {
            return Ed25519.validatePublicKeyFull(key, 0) && Ed25519.validatePublicKeyFull(sig, 0);
        }

        /** The outcome on an engine: "verifies" or the simple name of the exception thrown. */
        String outcome(SignatureSpi ed) {
            try {
                verify(ed);
                return "verifies";
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName();
            }
        }

        /** Whether the JDK's own Ed25519, which checks neither encodings nor small order, accepts it. */
        boolean jdkAlone() throws GeneralSecurityException {
            byte[] be = new byte[32];
            for (int i = 0; i < 32; i++) {
                be[i] = key[31 - i];
            }
            boolean xOdd = (be[0] & 0x80) != 0;
            be[0] &= 0x7f;
            try {
                Signature s = Signature.getInstance("Ed25519", "SunEC");
                s.initVerify(KeyFactory.getInstance("Ed25519", "SunEC").generatePublic(new EdECPublicKeySpec(
                        NamedParameterSpec.ED25519, new EdECPoint(xOdd, new java.math.BigInteger(1, be)))));
                s.update(msg);
                return s.verify(sig);
            } catch (java.security.InvalidKeyException | java.security.spec.InvalidKeySpecException | java.security.SignatureException e) {
                return false;
            }
        }
    }

    @Test
    void cctvEd25519_onEveryEngine_allCasesPass() {
        Report report = VectorRunner.newBuilder(REGISTRY).build().run(List.of(Vectors.file(CCTV)));
        FileReport f = report.files().getFirst();
        assertEquals(FileReport.Status.RECOGNISED, f.status(), f.note());
        List<String> engines = engines();
        assertEquals(Set.copyOf(engines), f.engines().stream().map(e -> e.engine().replaceFirst(" via .*$", ""))
                .collect(Collectors.toSet()));
        for (String engine : engines) {
            EngineReport e = f.engine(engine).orElseThrow();
            assertEquals(0, e.failed(), e.engine() + ": " + e.failures());
            assertEquals(914, e.passed(), e.engine());
        }
    }

    /**
     * A small-order A with a signature the JDK's Ed25519 alone accepts (so "valid" for a library without
     * the rule) is refused on every engine with InvalidKeyException; likewise a small-order or
     * non-canonical R with InvalidSignatureException.
     */
    @Test
    void smallOrderOrNonCanonicalPoints_withSignaturesALibraryAccepts_areRefusedOnEveryEngine() throws GeneralSecurityException {
        List<Cctv> vectors = Cctv.all();
        List<Cctv> badA = new ArrayList<>();
        List<Cctv> badR = new ArrayList<>();
        for (Cctv v : vectors) {
            if (v.jdkAlone() && v.any("low_order_A", "non_canonical_A")) {
                badA.add(v);
            } else if (v.jdkAlone() && v.any("low_order_R", "non_canonical_R")) {
                badR.add(v);
            }
        }
        assertFalse(badA.isEmpty(), "the JDK alone accepts some vectors with a small-order A");
        assertFalse(badR.isEmpty(), "the JDK alone accepts some vectors with a small-order R");
        for (String provider : engines()) {
            SignatureSpi ed = REGISTRY.signature(ED25519, provider);
            for (Cctv v : badA) {
                assertThrows(InvalidKeyException.class, () -> v.verify(ed), provider + ": number " + v.number() + " " + v.flags());
            }
            for (Cctv v : badR) {
                assertThrows(InvalidSignatureException.class, () -> v.verify(ed), provider + ": number " + v.number() + " " + v.flags());
            }
        }
    }

    /** Every vector, every engine, by the rule's table; mixed-order residues refused by the cofactorless equation. */
    @Test
    void everyCctvVector_onEveryEngine_followsTheRule() {
        List<Cctv> vectors = Cctv.all();
        for (String provider : engines()) {
            SignatureSpi ed = REGISTRY.signature(ED25519, provider);
            int residues = 0;
            for (Cctv v : vectors) {
                String what = provider + ": number " + v.number() + " " + v.flags();
                if (v.any("low_order_A", "non_canonical_A")) {
                    assertThrows(InvalidKeyException.class, () -> v.verify(ed), what);
                } else if (v.any("low_order_R", "non_canonical_R")) {
                    assertThrows(InvalidSignatureException.class, () -> v.verify(ed), what);
                } else if (v.any("low_order_residue")) {
                    residues++;
                    assertThrows(InvalidSignatureException.class, () -> v.verify(ed), what + " (cofactorless equation)");
                } else {
                    assertDoesNotThrow(() -> v.verify(ed), what);
                }
            }
            assertEquals(63, residues, "mixed-order vectors whose small-order parts do not cancel");
        }
    }

    /** Every engine gives the same outcome (verifies, or the same typed error) on every CCTV vector. */
    @Test
    void everyCctvVector_everyEngine_sameOutcome() {
        List<Cctv> vectors = Cctv.all();
        assertEquals(914, vectors.size());
        List<String> engines = engines();
        Map<String, List<String>> outcomes = new LinkedHashMap<>();
        for (String provider : engines) {
            SignatureSpi ed = REGISTRY.signature(ED25519, provider);
            outcomes.put(provider, vectors.stream().map(v -> v.outcome(ed)).toList());
        }
        List<String> reference = outcomes.get("jdk-classical");
        for (String provider : engines) {
            List<String> got = outcomes.get(provider);
            List<String> differing = new ArrayList<>();
            for (int i = 0; i < vectors.size(); i++) {
                if (!reference.get(i).equals(got.get(i))) {
                    differing.add("number " + vectors.get(i).number() + ": " + got.get(i) + " against " + reference.get(i));
                }
            }
            assertEquals(List.of(), differing, provider + " against jdk-classical");
        }
        // Not a vacuous agreement: the file makes every engine accept some and refuse some with each error.
        assertEquals(Set.of("verifies", "InvalidKeyException", "InvalidSignatureException"), Set.copyOf(reference));
    }

    /**
     * What bc-classical's hand-off rests on, measured on the libraries alone: Bouncy Castle's equation
     * accepts every mixed-order residue (cofactored), SunEC's refuses every one (cofactorless), and each
     * of them has A or R outside the prime-order subgroup, which is when bc-classical hands the decision
     * to SunEC. On the vectors that reach the equation, bc-classical decides as SunEC alone does.
     */
    @Test
    void mixedOrderResidues_bouncyCastleAloneAccepts_sunEcAloneRefuses_bcClassicalDecidesAsSunEc() throws GeneralSecurityException {
        SignatureSpi bc = REGISTRY.signature(ED25519, "bc-classical");
        int residues = 0;
        int components = 0;
        for (Cctv v : Cctv.all()) {
            String what = "number " + v.number() + " " + v.flags();
            if (v.any("low_order_A", "non_canonical_A", "low_order_R", "non_canonical_R")) {
                continue; // refused by the byte checks before any library runs
            }
            boolean sunEc = v.jdkAlone();
            if (v.any("low_order_residue")) {
                residues++;
                assertTrue(v.bcAlone(), what + ": Bouncy Castle alone accepts (cofactored)");
                assertFalse(sunEc, what + ": SunEC alone refuses (cofactorless)");
                assertFalse(v.primeOrderPoints(), what + ": A or R has a small-order component");
            } else {
                assertTrue(sunEc, what + ": SunEC alone accepts");
                assertTrue(v.bcAlone(), what + ": Bouncy Castle alone accepts");
                if (!v.primeOrderPoints()) {
                    components++; // the hand-off runs, and accepts: the small-order parts cancel
                }
            }
            assertEquals(sunEc ? "verifies" : "InvalidSignatureException", v.outcome(bc), what);
        }
        assertEquals(63, residues);
        assertTrue(components > 0, "some accepted vectors have a small-order component, so the hand-off also accepts");
    }

    /** A SUPERCOP-style {@code sign.input} of {@code lines} lines, made with Bouncy Castle (not qsafe). */
    static List<String> signInput(int lines) {
        Random random = new Random(25519); // fixed, so that a failure is reproducible
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            byte[] m = new byte[i == lines - 1 ? 1023 : i]; // lengths 0, 1, ... as in the original, and one long one
            random.nextBytes(m);
            Ed25519PrivateKeyParameters sk = new Ed25519PrivateKeyParameters(seed);
            byte[] pk = sk.generatePublicKey().getEncoded();
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, sk);
            signer.update(m, 0, m.length);
            byte[] sig = signer.generateSignature();
            out.add(HEX.formatHex(seed) + HEX.formatHex(pk) + ":" + HEX.formatHex(pk) + ":" + HEX.formatHex(m) + ":"
                    + HEX.formatHex(sig) + HEX.formatHex(m) + ":");
        }
        return out;
    }

    private FileReport run(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        byte[] content = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(content);
            }
        } else {
            Files.write(file, content);
        }
        return VectorRunner.newBuilder(REGISTRY).build().run(List.of(file)).files().getFirst();
    }

    @Test
    void signInput_everyLine_passesOnEveryEngine_whateverTheFileIsCalled() throws IOException {
        List<String> lines = signInput(12);
        for (String name : List.of("sign.input", "sign.input.gz", "ed25519-kat.txt")) {
            FileReport f = run(name, lines);
            assertEquals(FileReport.Status.RECOGNISED, f.status(), name + ": " + f.note());
            assertTrue(f.format().contains("SUPERCOP"), f.format());
            assertEquals(Set.copyOf(engines()), f.engines().stream().map(e -> e.engine().replaceFirst(" via .*$", ""))
                    .collect(Collectors.toSet()));
            for (String engine : engines()) {
                EngineReport e = f.engine(engine).orElseThrow();
                assertEquals(0, e.failed(), name + " [" + e.engine() + "]: " + e.failures());
                assertEquals(12, e.passed(), name + " [" + e.engine() + "]");
            }
        }
    }

    /** Flips the hex digit at {@code index} of field {@code field} of {@code line}. */
    private static String flip(String line, int field, int index) {
        String[] f = line.split(":", -1);
        char c = f[field].charAt(index);
        f[field] = f[field].substring(0, index) + Character.forDigit(Character.digit(c, 16) ^ 1, 16) + f[field].substring(index + 1);
        return String.join(":", f);
    }

    @Test
    void signInput_oneHexDigitFlippedInPkSignatureAndMessage_failsExactlyThoseLines() throws IOException {
        List<String> lines = new ArrayList<>(signInput(8));
        lines.set(1, flip(lines.get(1), 1, 10)); // line 2: pk
        lines.set(3, flip(lines.get(3), 3, 70)); // line 4: the signature's S, inside sm
        lines.set(5, flip(lines.get(5), 2, 3)); // line 6: m (5 bytes)
        FileReport f = run("sign.input", lines);
        assertEquals(FileReport.Status.RECOGNISED, f.status(), f.note());
        assertTrue(f.hasFailures());
        for (EngineReport e : f.engines()) {
            assertEquals(5, e.passed(), e.engine());
            Map<String, String> failures = e.failures().stream().collect(Collectors.toMap(CaseFailure::caseId, CaseFailure::message));
            assertEquals(Set.of("line 2", "line 4", "line 6"), failures.keySet(), e.engine() + ": " + e.failures());
            assertTrue(failures.get("line 2").contains("public key from the seed differs"), failures.get("line 2"));
            assertTrue(failures.get("line 4").contains("signature differs"), failures.get("line 4"));
            assertTrue(failures.get("line 6").contains("signature differs"), failures.get("line 6"));
        }
    }

    @Test
    void signInput_aLineOutOfTheLayout_makesTheFileNotRecognised() throws IOException {
        List<String> lines = new ArrayList<>(signInput(3));
        lines.add(lines.get(2).substring(0, lines.get(2).length() - 1)); // no trailing colon
        assertEquals(FileReport.Status.NOT_RECOGNISED, run("sign.input", lines).status());
    }
}

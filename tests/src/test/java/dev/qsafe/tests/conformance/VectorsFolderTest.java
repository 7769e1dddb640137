package dev.qsafe.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.Main;
import dev.qsafe.conformance.EngineReport;
import dev.qsafe.conformance.FileReport;
import dev.qsafe.conformance.Report;
import dev.qsafe.conformance.VectorRunner;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.tests.Vectors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole shared vectors folder through the conformance runner, once through the API and once through
 * {@code qsafe vectors --json}: no case fails, no file is malformed, and every family runs at least
 * the cases it has today on each engine that implements it, so that a discovery failure or a silently
 * skipped family fails here instead of passing.
 */
class VectorsFolderTest {
    private static final String JDK = "jdk-classical";
    private static final String BC = "bc-classical";
    private static final String PQC = "bc-pqc";
    private static final String HYBRID = "hybrid";
    private static final String JDK_PQC = "jdk-pqc";
    /** Cases jdk-pqc hands to Bouncy Castle (EngineTrace) are counted under this name (docs/VECTORS.md). */
    private static final String JDK_PQC_VIA_BC = "jdk-pqc via bc-pqc";
    private static final List<String> CLASSICAL = List.of(JDK, BC);

    /** Per file (relative to the vectors folder): per engine, the fewest cases that must pass. */
    private static final Map<String, Map<String, Integer>> MINIMUM_PASSED = Map.ofEntries(
            Map.entry("wycheproof/aes_gcm_test.json.gz", both(213)),
            Map.entry("wycheproof/chacha20_poly1305_test.json.gz", both(325)),
            Map.entry("wycheproof/x25519_test.json.gz", both(518)),
            Map.entry("wycheproof/ed25519_test.json.gz", both(151)),
            Map.entry("cctv-ed25519/ed25519vectors.json.gz", both(914)),
            Map.entry("wycheproof/hkdf_sha256_test.json.gz", both(86)),
            Map.entry("wycheproof/hmac_sha256_test.json.gz", both(174)),
            Map.entry("wycheproof/mlkem_768_test.json.gz", Map.of(PQC, 193)),
            Map.entry("wycheproof/mlkem_1024_test.json.gz", Map.of(PQC, 193)),
            Map.entry("wycheproof/mlkem_768_encaps_test.json.gz", Map.of(PQC, 265)),
            Map.entry("wycheproof/mlkem_1024_encaps_test.json.gz", Map.of(PQC, 269)),
            Map.entry("wycheproof/mlkem_768_keygen_seed_test.json.gz", Map.of(PQC, 100)),
            Map.entry("wycheproof/mlkem_1024_keygen_seed_test.json.gz", Map.of(PQC, 100)),
            Map.entry("wycheproof/mlkem_768_semi_expanded_decaps_test.json.gz", Map.of(PQC, 9)),
            Map.entry("wycheproof/mlkem_1024_semi_expanded_decaps_test.json.gz", Map.of(PQC, 9)),
            Map.entry("wycheproof/mldsa_65_sign_seed_test.json.gz", Map.of(PQC, 105)),
            Map.entry("wycheproof/mldsa_87_sign_seed_test.json.gz", Map.of(PQC, 96)),
            Map.entry("wycheproof/mldsa_65_verify_test.json.gz", Map.of(PQC, 210)),
            Map.entry("wycheproof/mldsa_87_verify_test.json.gz", Map.of(PQC, 241)),
            Map.entry("acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json", Map.of(PQC, 6, JDK_PQC, 6)),
            Map.entry("acvp-sample/ML-KEM-encapDecap-FIPS203/internalProjection.json", Map.of(PQC, 8)),
            // jdk-pqc's own key expansion (the JDK's), compared byte for byte; its signing is Bouncy Castle's.
            Map.entry("acvp-sample/ML-DSA-keyGen-FIPS204/internalProjection.json", Map.of(PQC, 6, JDK_PQC, 6)),
            Map.entry("acvp-sample/ML-DSA-sigGen-FIPS204/internalProjection.json", Map.of(PQC, 8, JDK_PQC_VIA_BC, 8)),
            Map.entry("acvp-sample/ML-DSA-sigVer-FIPS204/internalProjection.json", Map.of(PQC, 6)),
            Map.entry("acvp-sample/SLH-DSA-keyGen-FIPS205/prompt.json", Map.of(PQC, 4)),
            Map.entry("rfc7748/x25519_rfc7748_kat_test.json", both(6)),
            Map.entry("rfc7748/x25519_rfc7748_times_test.json", both(2)),
            Map.entry("xwing/test-vectors.json", Map.of(HYBRID, 3)),
            // hybrid's rows depend on the selected ML-DSA engine: see compositeVectors_hybridRunsEveryCase.
            Map.entry("composite-mldsa/testvectors.json.gz", Map.of(PQC, 12)),
            Map.entry("hpke/rfc9180_x25519_hkdfsha256.json.gz", hpkeCombinations(3)));

    /** The only reasons a case may be skipped on an engine that implements its algorithm. */
    private static final Set<String> ENGINE_SKIP_REASONS = Set.of("more than 1000 iterations take minutes per engine");

    /**
     * What the native engines cannot do, as documented in docs/PROVIDERS.md: BoringSSL's AES-GCM takes
     * 12-byte nonces only (conscrypt); ACCP 2.5.0 and Conscrypt 2.9.0 sign ML-DSA hedged only and take
     * seed-form keys (accp, conscrypt), and Conscrypt has no external-mu signing.
     */
    private static final Map<String, java.util.regex.Pattern> NATIVE_SKIP_REASONS = Map.of(
            "accp", java.util.regex.Pattern.compile("accp ML-DSA-(44|65|87) (signs hedged only|external-mu signing is hedged only"
                    + "|takes the 32-byte seed form of private keys, not the expanded key).*"),
            "conscrypt", java.util.regex.Pattern.compile("the engine refuses \\d+-byte nonces \\(AeadSpi requires 12\\)"
                    + "|conscrypt (ML-DSA-(44|65|87)|MLDSA(44|65)-Ed25519-SHA512) (signs hedged only|has no external-mu signing"
                    + "|takes the 32-byte seed form of private keys, not the expanded key).*"));

    private static Report report;

    @BeforeAll
    static void runTheFolder() {
        report = VectorRunner.run(List.of(Vectors.dir()), CryptoRegistry.discover(RegistryConfig.defaults()),
                new VectorRunner.Listener() {
                });
    }

    private static Map<String, Integer> both(int minimum) {
        return Map.of(JDK, minimum, BC, minimum);
    }

    private static Map<String, Integer> hpkeCombinations(int minimum) {
        return CLASSICAL.stream().flatMap(k -> CLASSICAL.stream().flatMap(d -> CLASSICAL.stream().map(a -> k + "/" + d + "/" + a)))
                .collect(Collectors.toMap(name -> name, name -> minimum));
    }

    static Stream<Arguments> families() {
        return MINIMUM_PASSED.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    private static Optional<FileReport> file(String relative) {
        Path path = Vectors.dir().resolve(relative);
        return report.files().stream().filter(f -> f.path().equals(path)).findFirst();
    }

    @Test
    void wholeFolder_noFailures_noMalformedFile() {
        List<String> problems = new ArrayList<>();
        for (FileReport f : report.files()) {
            if (f.status() == FileReport.Status.MALFORMED) {
                problems.add(f.path() + ": " + f.note());
            }
            f.engines().forEach(e -> e.failures().forEach(c -> problems.add(f.path() + " [" + e.engine() + "] "
                    + c.caseId() + ": " + c.message())));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertFalse(report.hasFailures());
        assertEquals(0, report.failed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void family_runsAtLeastItsCases_onEveryEngine(String relative, Map<String, Integer> minimumPassed) {
        FileReport f = file(relative).orElseThrow(() -> new AssertionError(relative + " was not found"));
        assertEquals(FileReport.Status.RECOGNISED, f.status(), f.note());
        minimumPassed.forEach((engine, minimum) -> {
            EngineReport e = f.engine(engine)
                    .orElseThrow(() -> new AssertionError(relative + " did not run on " + engine + ": " + f.engines()));
            assertTrue(e.passed() >= minimum, relative + " [" + engine + "]: " + e.passed() + " passed, expected at least " + minimum);
            assertEquals(0, e.failed(), relative + " [" + engine + "] " + e.failures());
        });
    }

    /** What the native engines (provider-hwaccel) must pass of each family they implement, when they are active. */
    private static final Map<String, Map<String, Integer>> NATIVE_MINIMUM_PASSED = Map.ofEntries(
            Map.entry("wycheproof/aes_gcm_test.json.gz", Map.of("accp", 213, "conscrypt", 137)),
            Map.entry("wycheproof/chacha20_poly1305_test.json.gz", Map.of("conscrypt", 325)),
            Map.entry("wycheproof/ed25519_test.json.gz", Map.of("conscrypt", 151)),
            Map.entry("cctv-ed25519/ed25519vectors.json.gz", Map.of("conscrypt", 914)),
            Map.entry("wycheproof/hkdf_sha256_test.json.gz", Map.of("accp", 86, "conscrypt", 86)),
            Map.entry("wycheproof/hmac_sha256_test.json.gz", Map.of("accp", 174, "conscrypt", 174)),
            Map.entry("wycheproof/x25519_test.json.gz", Map.of("conscrypt", 518)),
            Map.entry("rfc7748/x25519_rfc7748_kat_test.json", Map.of("conscrypt", 6)),
            // accp derives a seed's public key with the JDK's ML-DSA (EngineTrace: "accp via jdk"); the expanded key is AWS-LC's.
            Map.entry("acvp-sample/ML-DSA-keyGen-FIPS204/internalProjection.json", Map.of("accp via jdk", 6, "conscrypt via jdk+accp", 6)),
            // conscrypt's ML-DSA: empty contexts natively, contexts and external mu via accp, a seed's public key via jdk.
            Map.entry("wycheproof/mldsa_65_verify_test.json.gz", Map.of("accp", 210, "conscrypt", 208, "conscrypt via accp", 2)),
            Map.entry("wycheproof/mldsa_87_verify_test.json.gz", Map.of("accp", 241, "conscrypt", 239, "conscrypt via accp", 2)),
            Map.entry("wycheproof/mldsa_65_sign_seed_test.json.gz", Map.of("conscrypt", 3, "conscrypt via jdk", 1)),
            Map.entry("wycheproof/mldsa_87_sign_seed_test.json.gz", Map.of("conscrypt", 3, "conscrypt via jdk", 1)),
            Map.entry("acvp-sample/ML-DSA-sigVer-FIPS204/internalProjection.json", Map.of("accp", 6, "conscrypt via accp", 6)),
            Map.entry("composite-mldsa/testvectors.json.gz", Map.of("conscrypt", 10, "conscrypt via jdk", 5, "conscrypt via accp", 5)),
            Map.entry("hpke/rfc9180_x25519_hkdfsha256.json.gz", Map.of("conscrypt/conscrypt/conscrypt", 3,
                    "conscrypt/accp/accp", 2, "conscrypt/conscrypt/accp", 2)));

    static Stream<Arguments> nativeFamilies() {
        return NATIVE_MINIMUM_PASSED.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "native engines: {0}")
    @MethodSource("nativeFamilies")
    void nativeFamily_runsAtLeastItsCases_onEveryNativeEngine(String relative, Map<String, Integer> minimumPassed) {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        for (String provider : List.of("accp", "conscrypt")) {
            dev.qsafe.runtime.registry.ProviderStatus status = registry.providers().stream().filter(p -> p.name().equals(provider))
                    .findFirst().orElseThrow(() -> new AssertionError(provider + " was not discovered"));
            org.junit.jupiter.api.Assumptions.assumeTrue(status.state() == dev.qsafe.runtime.registry.ProviderStatus.State.ACTIVE,
                    () -> provider + " is not active here (" + status.reason() + "); NativeFallbackTest covers this case");
        }
        family_runsAtLeastItsCases_onEveryEngine(relative, minimumPassed);
    }

    /**
     * draft-ietf-hpke-pq: every suite qsafe has (ML-KEM-512 and ML-KEM-768 with HKDF-SHA256, X-Wing with
     * HKDF-SHA256 and ChaCha20-Poly1305, ML-KEM-1024 with HKDF-SHA384 and AES-256-GCM) passes on every combination of engines, so every engine of
     * those KEMs ran it, with DeriveKeyPair's SHAKE256 seed derivation.
     */
    @Test
    void hpkePq_everySuiteQsafeHas_passesOnEveryEngineCombination() {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        FileReport f = file("hpke-pq/test-vectors.json.gz").orElseThrow();
        assertEquals(0, f.failed(), () -> f.engines().toString());
        List<String> expected = new ArrayList<>();
        for (var kem : List.of(dev.qsafe.api.Algorithm.ML_KEM_512, dev.qsafe.api.Algorithm.ML_KEM_768, dev.qsafe.api.Algorithm.X_WING)) {
            var aead = kem.equals(dev.qsafe.api.Algorithm.X_WING) ? dev.qsafe.api.Algorithm.CHACHA20_POLY1305
                    : dev.qsafe.api.Algorithm.AES_128_GCM;
            for (String k : registry.providersOf(kem)) {
                for (String d : registry.providersOf(dev.qsafe.api.Algorithm.HKDF_SHA256)) {
                    for (String a : registry.providersOf(aead)) {
                        expected.add(k + "/" + d + "/" + a);
                    }
                }
            }
        }
        // the CNSA 2.0 suite pqc-cnsa2-v1: ML-KEM-1024, HKDF-SHA384 (kdf_id 2), AES-256-GCM
        for (String k : registry.providersOf(dev.qsafe.api.Algorithm.ML_KEM_1024)) {
            for (String d : registry.providersOf(dev.qsafe.api.Algorithm.HKDF_SHA384)) {
                for (String a : registry.providersOf(dev.qsafe.api.Algorithm.AES_256_GCM)) {
                    expected.add(k + "/" + d + "/" + a);
                }
            }
        }
        assertFalse(expected.isEmpty());
        for (String combination : expected) {
            EngineReport e = f.engines().stream().filter(r -> r.engine().equals(combination)).findFirst()
                    .orElseThrow(() -> new AssertionError("hpke-pq did not run on " + combination + ": " + f.engines()));
            assertTrue(e.passed() >= 1, combination + ": " + e);
        }
    }

    @Test
    void casesAreSkippedOnARealEngineOnlyForDocumentedReasons() {
        for (FileReport f : report.files()) {
            for (EngineReport e : f.engines()) {
                if (!e.engine().equals(EngineReport.NO_ENGINE)) {
                    java.util.regex.Pattern nativeReasons = NATIVE_SKIP_REASONS.get(e.engine().split(" via ")[0]);
                    assertTrue(e.skipReasons().keySet().stream().allMatch(r -> ENGINE_SKIP_REASONS.contains(r)
                                    || nativeReasons != null && nativeReasons.matcher(r).matches()),
                            f.path() + " [" + e.engine() + "] skipped: " + e.skipReasons());
                }
            }
        }
    }

    private static final String START = "<!-- vectors-report:start -->\n";
    private static final String END = "<!-- vectors-report:end -->";

    /**
     * The figures the docs quote come from a run, not from a hand: docs/VECTORS.md's results block is
     * exactly {@code qsafe vectors --markdown ../shared/vectors} of this run, and the README's totals are
     * this run's. With {@code -Dqsafe.docs.update=true} the test rewrites them instead.
     */
    @Test
    void docs_quoteTheFiguresOfARun() throws java.io.IOException {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        for (String provider : List.of("accp", "conscrypt")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(registry.providers().stream().anyMatch(p -> p.name().equals(provider)
                            && p.state() == dev.qsafe.runtime.registry.ProviderStatus.State.ACTIVE),
                    () -> "the docs quote a run with every provider active, and " + provider + " is not active here");
        }
        boolean update = Boolean.getBoolean("qsafe.docs.update");
        Path vectorsDoc = Path.of("..", "docs", "VECTORS.md");
        String doc = java.nio.file.Files.readString(vectorsDoc);
        int from = doc.indexOf(START);
        int to = doc.indexOf(END);
        assertTrue(from >= 0 && to > from, "docs/VECTORS.md has no vectors-report block");
        String quoted = doc.substring(from + START.length(), to);
        String actual = report.toMarkdown(Vectors.dir());
        Path readme = Path.of("..", "README.md");
        String readmeText = java.nio.file.Files.readString(readme);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\./qsafe vectors \\.\\./shared/vectors +# )(\\d+) passed, (\\d+) failed, "
                + "(\\d+) skipped").matcher(readmeText);
        assertTrue(m.find(), "the README quotes the totals of ./qsafe vectors ../shared/vectors");
        String totals = report.passed() + " passed, " + report.failed() + " failed, " + report.skipped() + " skipped";
        if (update) {
            java.nio.file.Files.writeString(vectorsDoc, doc.substring(0, from + START.length()) + actual + doc.substring(to));
            java.nio.file.Files.writeString(readme, m.replaceFirst(java.util.regex.Matcher.quoteReplacement(m.group(1) + totals)));
            return;
        }
        assertEquals(actual, quoted, "docs/VECTORS.md does not quote this run: run this test with -Dqsafe.docs.update=true, "
                + "or paste ./qsafe vectors --markdown ../shared/vectors between the markers");
        assertEquals(totals, m.group(2) + " passed, " + m.group(3) + " failed, " + m.group(4) + " skipped", "README totals");
    }

    /**
     * The hybrid composite runs all 8 cases (2 algorithms x 4) with no failure. Its rows are named after
     * the selected ML-DSA engine's hand-offs: "hybrid" and "hybrid via bc-pqc" with jdk-pqc selected (the
     * label context goes to Bouncy Castle), "hybrid via jdk" and "hybrid via accp" with conscrypt selected.
     */
    @Test
    void compositeVectors_hybridRunsEveryCase_whicheverMlDsaEngineIsSelected() {
        FileReport f = file("composite-mldsa/testvectors.json.gz").orElseThrow();
        List<EngineReport> hybrid = f.engines().stream()
                .filter(e -> e.engine().equals(HYBRID) || e.engine().startsWith(HYBRID + " via ")).toList();
        assertEquals(8, hybrid.stream().mapToInt(EngineReport::passed).sum(), f.engines().toString());
        assertEquals(0, hybrid.stream().mapToInt(EngineReport::failed).sum(), f.engines().toString());
    }

    @Test
    void filesThatAreNotVectors_areListedAsNotRecognised() {
        assertEquals(FileReport.Status.NOT_RECOGNISED, file("README.md").orElseThrow().status());
        assertEquals(FileReport.Status.NOT_RECOGNISED, file("wycheproof/LICENSE").orElseThrow().status());
    }

    @Test
    void cli_json_reportsTheSameCountsPerEngine_andExitsZero() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "vectors", "--json", Vectors.dir().toString());
        assertEquals(0, code, err.toString());
        JsonNode json = JsonMapper.builder().build().readTree(out.toString());
        assertEquals(report.passed(), json.get("summary").get("passed").asInt());
        assertEquals(0, json.get("summary").get("failed").asInt());
        assertEquals(report.skipped(), json.get("summary").get("skipped").asInt());
        assertEquals(report.files().size(), json.get("files").size());
        for (EngineReport e : report.engines()) {
            JsonNode cli = json.get("engines").valueStream().filter(n -> n.get("engine").asString().equals(e.engine()))
                    .findFirst().orElseThrow(() -> new AssertionError("no engine " + e.engine() + " in the CLI's JSON"));
            assertEquals(e.passed(), cli.get("passed").asInt(), e.engine());
            assertEquals(e.skipped(), cli.get("skipped").asInt(), e.engine());
        }
    }

    /**
     * Issue 14: a run restricted to Conscrypt passes. Conscrypt refuses expanded-key signing with
     * UnsupportedCallException (its documented gap), so the ACVP sigGen file, whose every case signs with
     * an expanded key, skips them all on it (SkipKind.UNSERVED) instead of failing as "nothing ran".
     */
    @Test
    void cli_restrictedToConscrypt_skipsItsDeclaredGaps_andExitsZero() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                CryptoRegistry.discover(RegistryConfig.defaults()).providersOf(dev.qsafe.api.Algorithm.ML_DSA_65).contains("conscrypt"),
                "conscrypt is not active here (native access off or no native library)");
        Path sigGen = Vectors.dir().resolve("acvp-sample/ML-DSA-sigGen-FIPS204/internalProjection.json");
        Path sigVer = Vectors.dir().resolve("acvp-sample/ML-DSA-sigVer-FIPS204/internalProjection.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "vectors", "--json", "--engine", "conscrypt",
                sigGen.toString(), sigVer.toString());
        assertEquals(0, code, out + "\n" + err);
        JsonNode json = JsonMapper.builder().build().readTree(out.toString());
        JsonNode gen = json.get("files").valueStream().filter(f -> f.get("path").asString().contains("sigGen")).findFirst().orElseThrow();
        assertEquals("recognised", gen.get("status").asString(), out.toString());
        assertEquals(0, gen.get("passed").asInt(), out.toString());
        assertTrue(gen.get("skipped").asInt() > 0, out.toString());
        assertEquals(0, json.get("summary").get("failed").asInt(), out.toString());
        assertTrue(json.get("summary").get("passed").asInt() > 0, "the sigVer file runs on conscrypt: " + out);
    }
}

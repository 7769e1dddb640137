package dev.qsafe.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.conformance.CaseFailure;
import dev.qsafe.conformance.EngineReport;
import dev.qsafe.conformance.FileReport;
import dev.qsafe.conformance.Report;
import dev.qsafe.conformance.VectorRunner;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * C2SP CCTV's accumulated ML-KEM and ML-DSA tests through the conformance runner: the descriptors the
 * project ships ({@code docs/vectors/cctv-accumulated}, CCTV's published digests) pass on every engine
 * of each algorithm, native ones included where they can run the procedure, and a descriptor whose
 * digest, iteration count or parameter set is wrong fails or is malformed, never passes.
 */
class CctvAccumulatedTest {
    /** The shipped descriptors, relative to the tests module. */
    private static final Path SHIPPED = Path.of("..", "docs", "vectors", "cctv-accumulated");
    private static final String PROPERTY = "qsafe.vectors.cctv.maxIterations";
    /** Engines that sign ML-DSA hedged only, so cannot run the deterministic ML-DSA procedure. */
    private static final Set<String> HEDGED_ONLY = Set.of("accp", "conscrypt");

    /** CCTV's published ML-DSA digests at 100 iterations (ML-DSA/accumulated/README.md), copied from the shipped descriptor. */
    private static final String ML_DSA_44_100 = "d51148e1f9f4fa1a723a6cf42e25f2a99eb5c1b378b3d2dbbd561b1203beeae4";
    /** CCTV's published ML-KEM-512 digest at 10,000 iterations (ML-KEM/README.md), copied from the shipped descriptor. */
    private static final String ML_KEM_512_10000 = "705dcffc87f4e67e35a09dcaa31772e86f3341bd3ccf1e78a5fef99ae6a35a13";

    private static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());
    /** The shipped descriptors' report, one run per engine. */
    private static Map<String, Report> shipped;

    @TempDir
    Path dir;

    /**
     * Runs the shipped descriptors once per engine, two engines at a time: 30,000 ML-KEM iterations take
     * seconds per engine and each run is single-threaded, so two cores halve the wait.
     */
    @BeforeAll
    static void runTheShippedDescriptors() throws Exception {
        assertTrue(Files.isDirectory(SHIPPED), SHIPPED.toAbsolutePath() + " is missing");
        Set<String> engines = new java.util.TreeSet<>(REGISTRY.providersOf(Algorithm.ML_KEM_768));
        engines.addAll(REGISTRY.providersOf(Algorithm.ML_DSA_65));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<String, Future<Report>> runs = new java.util.TreeMap<>();
            for (String engine : engines) {
                runs.put(engine, pool.submit(() -> VectorRunner.newBuilder(REGISTRY).engine(engine).build().run(List.of(SHIPPED))));
            }
            Map<String, Report> reports = new java.util.TreeMap<>();
            for (Map.Entry<String, Future<Report>> run : runs.entrySet()) {
                reports.put(run.getKey(), run.getValue().get());
            }
            shipped = reports;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shippedDescriptors_copyThePublishedDigestsUsedHere() throws IOException {
        assertTrue(Files.readString(SHIPPED.resolve("ML-DSA.json")).contains(ML_DSA_44_100));
        assertTrue(Files.readString(SHIPPED.resolve("ML-KEM.json")).contains(ML_KEM_512_10000));
    }

    @Test
    void shippedMlKem_passesTheShortRunsOnEveryEngine_andSkipsTheMillionWithTheReason() {
        List<String> engines = REGISTRY.providersOf(Algorithm.ML_KEM_768);
        assertTrue(engines.containsAll(List.of("bc-pqc", "jdk-pqc")), engines.toString());
        for (String engine : engines) {
            FileReport file = file(shipped.get(engine), "ML-KEM.json");
            assertEquals(FileReport.Status.RECOGNISED, file.status(), file.note());
            assertEquals("C2SP CCTV accumulated ML-KEM", file.format());
            EngineReport e = engine(file, engine);
            assertEquals(0, e.failed(), engine + ": " + e.failures());
            assertEquals(3, e.passed(), engine + ": the three 10,000-iteration digests");
            assertEquals(Map.of("more than 10000 ML-KEM iterations are not run by default; -D" + PROPERTY
                    + "=1000000 runs them", 3), e.skipReasons(), engine);
        }
    }

    @Test
    void shippedMlDsa_passesTheHundredIterationRunsOnEveryDeterministicEngine() {
        List<String> engines = REGISTRY.providersOf(Algorithm.ML_DSA_65);
        assertTrue(engines.containsAll(List.of("bc-pqc", "jdk-pqc")), engines.toString());
        Pattern tooLong = Pattern.compile("more than 100 ML-DSA iterations are not run by default; -D" + Pattern.quote(PROPERTY)
                + "=(10000|60000000) runs them");
        Pattern hedged = Pattern.compile("(accp|conscrypt) ML-DSA-(44|65|87) signs hedged only: .*");
        for (String engine : engines) {
            FileReport file = file(shipped.get(engine), "ML-DSA.json");
            boolean hedgedOnly = HEDGED_ONLY.contains(engine);
            // On a hedged-only engine no case can run: the engine refuses each with UnsupportedCallException, a
            // documented gap of that engine, so a run restricted to it skips them (SkipKind.UNSERVED) and does not fail.
            assertEquals(FileReport.Status.RECOGNISED, file.status(), file.note());
            EngineReport e = engine(file, engine);
            assertEquals(0, e.failed(), engine + ": " + e.failures());
            assertEquals(hedgedOnly ? 0 : 3, e.passed(), engine + ": the three 100-iteration digests");
            assertTrue(e.skipReasons().keySet().stream().allMatch(r -> tooLong.matcher(r).matches()
                    || hedgedOnly && hedged.matcher(r).matches()), engine + ": " + e.skipReasons());
        }
        // The file is not a failure on its own; a run in which no case ran at all still is (Report.nothingRan).
        shipped.forEach((engine, report) -> assertEquals(HEDGED_ONLY.contains(engine), report.hasFailures() && report.nothingRan(),
                engine + ": only a run in which no case ran at all fails: " + report));
    }

    @Test
    void digestWithOneHexDigitChanged_failsOnEveryEngine() {
        String changed = ML_DSA_44_100.substring(0, 40) + (ML_DSA_44_100.charAt(40) == '0' ? '1' : '0') + ML_DSA_44_100.substring(41);
        Report report = run(descriptor("ML-DSA", "ML-DSA-44", 100, changed));
        assertTrue(report.hasFailures());
        assertFailsOnEveryEngine(report, Algorithm.ML_DSA_44, "ML-DSA-44, 100 iterations");
    }

    @Test
    void wrongIterationCount_failsOnEveryEngine() {
        Report kem = run(descriptor("ML-KEM", "ML-KEM-512", 10, ML_KEM_512_10000));
        assertTrue(kem.hasFailures());
        assertFailsOnEveryEngine(kem, Algorithm.ML_KEM_512, "ML-KEM-512, 10 iterations");
        Report dsa = run(descriptor("ML-DSA", "ML-DSA-44", 99, ML_DSA_44_100));
        assertTrue(dsa.hasFailures());
        assertFailsOnEveryEngine(dsa, Algorithm.ML_DSA_44, "ML-DSA-44, 99 iterations");
    }

    @Test
    void wrongParameterSet_failsOnEveryEngine() {
        Report dsa = run(descriptor("ML-DSA", "ML-DSA-65", 100, ML_DSA_44_100));
        assertTrue(dsa.hasFailures());
        assertFailsOnEveryEngine(dsa, Algorithm.ML_DSA_65, "ML-DSA-65, 100 iterations");
        Report kem = run(descriptor("ML-KEM", "ML-KEM-768", 10, ML_KEM_512_10000));
        assertTrue(kem.hasFailures());
        assertFailsOnEveryEngine(kem, Algorithm.ML_KEM_768, "ML-KEM-768, 10 iterations");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"cctv_accumulated\": \"ML-KEM\", \"tests\": [{\"parameterSet\": \"ML-KEM-999\", \"iterations\": 10000, \"digest\": \"%s\"}]}",
            "{\"cctv_accumulated\": \"ML-KEM\", \"tests\": [{\"parameterSet\": \"ML-DSA-44\", \"iterations\": 100, \"digest\": \"%s\"}]}",
            "{\"cctv_accumulated\": \"SLH-DSA\", \"tests\": [{\"parameterSet\": \"ML-DSA-44\", \"iterations\": 100, \"digest\": \"%s\"}]}",
            "{\"cctv_accumulated\": \"ML-DSA\", \"tests\": [{\"parameterSet\": \"ML-DSA-44\", \"iterations\": 0, \"digest\": \"%s\"}]}",
            "{\"cctv_accumulated\": \"ML-DSA\", \"tests\": [{\"parameterSet\": \"ML-DSA-44\", \"iterations\": -100, \"digest\": \"%s\"}]}",
            "{\"cctv_accumulated\": \"ML-DSA\", \"tests\": [{\"parameterSet\": \"ML-DSA-44\", \"iterations\": \"100\", \"digest\": \"%s\"}]}",
            "{\"cctv_accumulated\": \"ML-DSA\", \"tests\": [{\"parameterSet\": \"ML-DSA-44\", \"iterations\": 4294967396, \"digest\": \"%s\"}]}",
            "{\"cctv_accumulated\": \"ML-DSA\", \"tests\": [{\"parameterSet\": \"ML-DSA-44\", \"iterations\": 100}]}",
            "{\"cctv_accumulated\": \"ML-DSA\", \"tests\": [{\"parameterSet\": \"ML-DSA-44\", \"iterations\": 100, \"digest\": \"%s00\"}]}",
            "{\"cctv_accumulated\": \"ML-DSA\", \"tests\": [{\"parameterSet\": \"ML-DSA-44\", \"iterations\": 100, \"digest\": \"zz%s\"}]}",
            "{\"cctv_accumulated\": \"ML-DSA\", \"tests\": []}",
            "{\"cctv_accumulated\": \"ML-DSA\"}",
            "{\"cctv_accumulated\": 44, \"tests\": []}"})
    void brokenDescriptor_isMalformed_andAFailure(String template) {
        Report report = run(write("broken.json", template.replace("%s", ML_DSA_44_100)));
        FileReport file = report.files().getFirst();
        assertEquals(FileReport.Status.MALFORMED, file.status(), file.note());
        assertTrue(report.hasFailures());
        assertEquals(0, report.passed());
    }

    @Test
    void maxIterationsProperty_decidesWhatRuns() {
        Path descriptor = descriptor("ML-DSA", "ML-DSA-44", 100, ML_DSA_44_100);
        String before = System.getProperty(PROPERTY);
        try {
            System.setProperty(PROPERTY, "99");
            Report lower = run(descriptor);
            assertEquals(0, lower.passed());
            assertTrue(lower.engines().stream().allMatch(e -> e.skipReasons().keySet()
                    .equals(Set.of("more than " + PROPERTY + " = 99 iterations"))), lower.engines().toString());
            System.setProperty(PROPERTY, "many");
            Report unreadable = run(descriptor);
            assertEquals(0, unreadable.passed());
            assertTrue(unreadable.engines().stream().allMatch(e -> e.skipReasons().keySet()
                    .equals(Set.of("system property " + PROPERTY + " is not a number: 'many'"))), unreadable.engines().toString());
            // Raising the limit runs what the default limit skips (here: 100 ML-DSA iterations stay within it).
            System.setProperty(PROPERTY, "100");
            Report asked = run(descriptor);
            assertFalse(asked.hasFailures());
            assertTrue(asked.passed() >= 2, "bc-pqc and jdk-pqc");
        } finally {
            if (before == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, before);
            }
        }
    }

    private static void assertFailsOnEveryEngine(Report report, Algorithm algorithm, String caseId) {
        FileReport file = report.files().getFirst();
        assertEquals(FileReport.Status.RECOGNISED, file.status(), file.note());
        assertEquals(0, report.passed());
        for (String engine : REGISTRY.providersOf(algorithm)) {
            EngineReport e = engine(file, engine);
            if (HEDGED_ONLY.contains(engine) && algorithm.name().startsWith("ML-DSA")) {
                assertEquals(1, e.skipped(), engine + " cannot sign deterministically: " + e);
                continue;
            }
            assertEquals(List.of(caseId), e.failures().stream().map(CaseFailure::caseId).toList(), engine);
            assertTrue(e.failures().getFirst().message().startsWith("accumulated digest differs: expected "),
                    e.failures().getFirst().message());
        }
    }

    private Path descriptor(String family, String parameterSet, int iterations, String digest) {
        return write("descriptor.json", "{\"cctv_accumulated\": \"" + family + "\", \"tests\": [{\"parameterSet\": \""
                + parameterSet + "\", \"iterations\": " + iterations + ", \"digest\": \"" + digest + "\"}]}");
    }

    private Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Report run(Path file) {
        return VectorRunner.newBuilder(REGISTRY).build().run(List.of(file));
    }

    private static FileReport file(Report report, String name) {
        return report.files().stream().filter(f -> f.path().getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no report for " + name + ": " + report));
    }

    /** The report row of {@code engine}, also when it handed part of the work on ("conscrypt via jdk", docs/VECTORS.md). */
    private static EngineReport engine(FileReport file, String engine) {
        return file.engine(engine).orElseThrow(() -> new AssertionError("no engine " + engine + " in " + file));
    }
}

package dev.qsafe.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.benchmarks.report.Report.Result;
import dev.qsafe.benchmarks.report.Report.Target;
import dev.qsafe.benchmarks.report.Report.Verdict;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report generator on a small JMH JSON fixture whose ratios are known by construction. */
class ReportTest {
    private static final double EPS = 1e-9;
    private static Report report;

    @BeforeAll
    static void read() throws Exception {
        report = Report.read(resource("results.json"), resource("meta.json"));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ReportTest.class.getResource("/report/" + name).toURI());
    }

    private static Target target(String group, String subjectStart) {
        List<Target> found = report.targets().stream()
                .filter(t -> t.group().equals(group) && t.subject().startsWith(subjectStart)).toList();
        assertEquals(1, found.size(), () -> "one target " + group + " / " + subjectStart + " in " + report.targets());
        return found.get(0);
    }

    private static Result result(String type, String method, String engine) {
        return report.results().stream().filter(r -> r.type().equals(type) && r.method().equals(method)
                && r.engine().equals(engine)).findFirst().orElseThrow();
    }

    @Test
    void read_jmhJson_namesClassMethodEngineAndSize() {
        assertEquals(16, report.results().size(), "13 primary results, 1 interleaved one with 2 counters");
        Result r = result("AesGcmSpi", "seal", "conscrypt");
        assertEquals("AES-256-GCM", r.primitive());
        assertEquals(1024, r.size());
        assertTrue(r.spi());
        assertEquals(1.2, r.score(), EPS);
        assertEquals("us/op", r.unit());
        assertTrue(result("AesGcmRaw", "seal", "jdk").raw());
    }

    @Test
    void speedupOverJdk_isJdkTimeOverThisTime() {
        assertEquals(2.0, report.speedupOverJdk(result("AesGcmRaw", "seal", "conscrypt")).orElseThrow(), EPS);
        assertEquals(40.0 / 52.0, report.speedupOverJdk(result("KemSpiBench", "encaps", "bc-pqc")).orElseThrow(), EPS);
        assertTrue(report.speedupOverJdk(result("TinkJobs", "hybridSealOpen", "")).isEmpty(), "no JDK baseline for a peer");
    }

    @Test
    void selectedEngine_comparedWithFastestRawOrSpi() {
        Target aes = target("selected engine within 10% of the fastest", "AES-256-GCM seal 1024 B");
        assertEquals(1.2, aes.value(), EPS); // selected conscrypt SPI 1.2 against conscrypt raw 1.0
        assertEquals(Verdict.FAIL, aes.verdict());
        assertTrue(aes.subject().contains("fastest conscrypt (raw)"), aes.subject());
        Target kem = target("selected engine within 10% of the fastest", "ML-KEM-768 encaps");
        assertEquals(52.0 / 40.0, kem.value(), EPS);
        assertEquals(Verdict.FAIL, kem.verdict());
    }

    @Test
    void spiOverhead_limits10PercentForAeadAnd5PercentForPq() {
        Target jdk = target("SPI overhead", "AES-256-GCM seal 1024 B: jdk-classical");
        assertEquals(1.05, jdk.value(), EPS);
        assertEquals(1.10, jdk.limit(), EPS);
        assertEquals(Verdict.PASS, jdk.verdict());
        Target conscrypt = target("SPI overhead", "AES-256-GCM seal 1024 B: conscrypt");
        assertEquals(1.2, conscrypt.value(), EPS);
        assertEquals(Verdict.FAIL, conscrypt.verdict());
        Target kem = target("SPI overhead", "ML-KEM-768 encaps: bc-pqc vs raw bc");
        assertEquals(1.04, kem.value(), EPS);
        assertEquals(1.05, kem.limit(), EPS);
        assertEquals(Verdict.PASS, kem.verdict());
    }

    @Test
    void envelope_againstSumOfPrimitives_perMode() {
        Target classical = target("seal+open vs the sum of its primitives", "CLASSICAL");
        assertEquals(100.0 / 90.0, classical.value(), EPS);
        assertEquals(Verdict.PASS, classical.verdict());
        Target hybrid = target("seal+open vs the sum of its primitives", "HYBRID");
        assertEquals(400.0 / 300.0, hybrid.value(), EPS);
        assertEquals(Verdict.FAIL, hybrid.verdict());
        Target pqc = target("seal+open vs the sum of its primitives", "PQC");
        assertTrue(Double.isNaN(pqc.value()));
        assertEquals(Verdict.NOT_MEASURED, pqc.verdict(), "the PQC primitives are missing from the fixture");
    }

    @Test
    void hybridAgainstTink_andModesAgainstClassical() {
        Target tink = target("HYBRID vs Tink", "qsafe HYBRID");
        assertEquals(0.8, tink.value(), EPS);
        assertEquals(Verdict.PASS, tink.verdict());
        Target hybrid = target("mode cost vs CLASSICAL", "HYBRID/CLASSICAL");
        assertEquals(4.0, hybrid.value(), EPS);
        assertEquals(2.5, hybrid.limit(), EPS);
        assertEquals(Verdict.REPORTED, hybrid.verdict(), "stated against the original claim, not judged");
        Target pqc = target("mode cost vs CLASSICAL", "PQC/CLASSICAL");
        assertEquals(3.0, pqc.value(), EPS);
        assertEquals(Verdict.REPORTED, pqc.verdict());
        assertTrue(report.markdown().contains("| 4.00× | claim ≤ 2.50× | reported (above the claim) |"), report.markdown());
    }

    @Test
    void markdown_hasRunTablesTargetsAndMarksSelection() {
        String md = report.markdown();
        assertTrue(md.contains("`scripts/bench --smoke`"), md);
        assertTrue(md.contains("Test CPU, 2 cores; crypto flags: [aes, avx2]"), md);
        assertTrue(md.contains("| AES-256-GCM | seal | 1 KiB | conscrypt ★ | SPI | 1.20 | 0.100 | 1.67 |"), md);
        assertTrue(md.contains("| HYBRID | 400 | 300 | 1.33× | 4.00× |"), md);
        assertTrue(md.contains("| PQC | 300 | not measured | — | 3.00× |"), md);
        assertTrue(md.contains("MlKemRaw accp (encaps {algorithm=ML-KEM-768}): no such algorithm"), md);
        assertTrue(md.contains("| seal+open vs the sum of its primitives | PQC | not measured | ≤ 1.15× | not measured |"), md);
    }

    /** Issue 15's session targets, on results built here (ratios known by construction). */
    private static Report sessionReport() {
        List<Result> rs = new ArrayList<>();
        rs.add(new Result("ModeBenchmark", "sealOpen", Map.of("mode", "HYBRID", "size", "1024"), 400, 1, "us/op"));
        String[][] rows = {
            {"CLASSICAL", "message", "4"}, {"CLASSICAL", "messagePrimitives", "3.5"}, {"CLASSICAL", "amortized", "20"},
            {"CLASSICAL", "setup", "110"}, {"CLASSICAL", "setupPrimitives", "100"},
            {"HYBRID", "message", "10"}, {"HYBRID", "messagePrimitives", "5"}, {"HYBRID", "amortized", "25"},
            {"HYBRID", "setup", "1300"}, {"HYBRID", "setupPrimitives", "1000"},
            {"PQC", "amortized", "40"},
            {"CLASSICAL", "setupInterleaved:setupNanos", "1150"}, {"CLASSICAL", "setupInterleaved:primitivesNanos", "1000"},
            {"HYBRID", "setupInterleaved:setupNanos", "1250"}, {"HYBRID", "setupInterleaved:primitivesNanos", "1000"},
            {"CLASSICAL", "messageInterleaved:messageNanos", "120"}, {"CLASSICAL", "messageInterleaved:primitivesNanos", "100"}};
        for (String[] r : rows) {
            rs.add(new Result("SessionBenchmark", r[1], Map.of("mode", r[0], "size", "1024"), Double.parseDouble(r[2]), 0.1, "us/op"));
        }
        return new Report(rs, Map.of());
    }

    private static Target target(Report r, String group, String subjectStart) {
        List<Target> found = r.targets().stream().filter(t -> t.group().equals(group) && t.subject().startsWith(subjectStart)).toList();
        assertEquals(1, found.size(), () -> "one target " + group + " / " + subjectStart + " in " + r.targets());
        return found.get(0);
    }

    @Test
    void sessionMessage_atLeast50TimesCheaperThanOneShotHybrid() {
        Report r = sessionReport();
        String group = "session message vs one-shot HYBRID seal+open (≥ 50× cheaper)";
        Target classical = target(r, group, "CLASSICAL");
        assertEquals(4.0 / 400.0, classical.value(), EPS);
        assertEquals(1.0 / 50, classical.limit(), EPS);
        assertEquals(Verdict.PASS, classical.verdict());
        assertTrue(classical.subject().contains("one-shot is 100× the message"), classical.subject());
        Target hybrid = target(r, group, "HYBRID");
        assertEquals(10.0 / 400.0, hybrid.value(), EPS);
        assertEquals(Verdict.FAIL, hybrid.verdict(), "40x cheaper is not 50x");
        assertEquals(Verdict.NOT_MEASURED, target(r, group, "PQC").verdict(), "no PQC message in the results");
        assertEquals(Verdict.NOT_MEASURED, target(report, group, "CLASSICAL").verdict(), "no session results in the fixture");
    }

    @Test
    void sessionMessage_within1_3xOfItsPrimitives() {
        Report r = sessionReport();
        String group = "session message vs the sum of its primitives";
        Target classical = target(r, group, "CLASSICAL");
        assertEquals(4.0 / 3.5, classical.value(), EPS);
        assertEquals(1.3, classical.limit(), EPS);
        assertEquals(Verdict.PASS, classical.verdict());
        assertEquals(Verdict.FAIL, target(r, group, "HYBRID").verdict(), "2x its primitives");
        assertEquals(Verdict.NOT_MEASURED, target(r, group, "PQC").verdict());
    }

    @Test
    void sessionAmortized_hybridAndPqcWithin1_5xOfClassical() {
        Report r = sessionReport();
        String group = "amortized session message vs CLASSICAL";
        Target hybrid = target(r, group, "HYBRID/CLASSICAL");
        assertEquals(25.0 / 20.0, hybrid.value(), EPS);
        assertEquals(1.5, hybrid.limit(), EPS);
        assertEquals(Verdict.PASS, hybrid.verdict());
        Target pqc = target(r, group, "PQC/CLASSICAL");
        assertEquals(2.0, pqc.value(), EPS);
        assertEquals(Verdict.FAIL, pqc.verdict());
    }

    @Test
    void sessionSetup_within1_2xOfItsKemAndSignatureOperations() {
        Report r = sessionReport();
        String group = "session setup vs its KEM and signature operations";
        Target classical = target(r, group, "CLASSICAL");
        assertEquals(1.1, classical.value(), EPS);
        assertEquals(1.2, classical.limit(), EPS);
        assertEquals(Verdict.PASS, classical.verdict());
        Target hybrid = target(r, group, "HYBRID");
        assertEquals(1.3, hybrid.value(), EPS);
        assertEquals(Verdict.FAIL, hybrid.verdict());
        assertEquals(Verdict.NOT_MEASURED, target(r, group, "PQC").verdict());
    }

    @Test
    void sessionSetupAndMessage_interleaved_areTheRatioOfTheTwoClocks() {
        Report r = sessionReport();
        String setup = "session setup vs its KEM and signature operations, interleaved op by op";
        Target classical = target(r, setup, "CLASSICAL");
        assertEquals(1.15, classical.value(), EPS);
        assertEquals(1.2, classical.limit(), EPS);
        assertEquals(Verdict.PASS, classical.verdict());
        assertEquals(Verdict.FAIL, target(r, setup, "HYBRID").verdict(), "1.25x");
        assertEquals(Verdict.NOT_MEASURED, target(r, setup, "PQC").verdict());
        String message = "session message vs the sum of its primitives, interleaved op by op";
        assertEquals(1.2, target(r, message, "CLASSICAL").value(), EPS);
        assertEquals(1.3, target(r, message, "CLASSICAL").limit(), EPS);
        assertEquals(Verdict.NOT_MEASURED, target(r, message, "HYBRID").verdict());
    }

    @Test
    void read_secondaryMetrics_becomeResultsNamedMethodColonCounter() {
        Result r = report.results().stream().filter(x -> x.method().equals("setupInterleaved:setupNanos")).findFirst().orElseThrow();
        assertEquals("SessionBenchmark", r.type());
        assertEquals(2_000_000.0, r.score(), EPS);
        assertEquals("#", r.unit());
        assertTrue(report.results().stream().anyMatch(x -> x.method().equals("setupInterleaved:primitivesNanos")
                && x.score() == 1_600_000.0));
        Target t = target(report, "session setup vs its KEM and signature operations, interleaved op by op", "HYBRID");
        assertEquals(1.25, t.value(), EPS);
    }

    @Test
    void markdown_hasSessionTable() {
        String md = sessionReport().markdown();
        assertTrue(md.contains("| CLASSICAL | 4.00 | 3.50 | 1.14× | 100× | 20.0 | 1.00× | 110 | 100 | 1.10× |"), md);
        assertTrue(md.contains("| HYBRID | 10.0 | 5.00 | 2.00× | 40.0× | 25.0 | 1.25× | 1300 | 1000 | 1.30× |"), md);
        assertTrue(md.contains("| PQC | not measured | not measured | — | — | 40.0 | 2.00× | not measured | not measured | — |"), md);
        assertTrue(md.contains("| session message vs one-shot HYBRID seal+open (≥ 50× cheaper) | HYBRID message / HYBRID sealOpen"
                + " (one-shot is 40.0× the message) | 0.025× | ≤ 0.020× | FAIL |"), md);
    }

    @Test
    void splice_replacesOnlyBetweenMarkers() {
        String doc = "# Title\nkeep\n" + Report.BEGIN + "\nold\n" + Report.END + "\ntail\n";
        String out = Report.splice(doc, "new table\n");
        assertEquals("# Title\nkeep\n" + Report.BEGIN + "\nnew table\n" + Report.END + "\ntail\n", out);
        assertThrows(IllegalArgumentException.class, () -> Report.splice("no markers", "x"));
    }

    @Test
    void streaming_isJudgedAgainstItsAeadEngine_andAgainstAeadPlusSha512() {
        List<Result> rs = new java.util.ArrayList<>();
        Map<String, String> p = Map.of("mode", "CLASSICAL", "size", "67108864", "chunk", "65536");
        String[][] scores = {{"seal", "100"}, {"aeadSeal", "10"}, {"primitivesSeal", "95"},
            {"open", "50"}, {"aeadOpen", "45"}, {"primitivesOpen", "40"}};
        for (String[] s : scores) {
            rs.add(new Result("StreamBenchmark", s[0], p, Double.parseDouble(s[1]), 0.1, "ms/op"));
        }
        Report r = new Report(rs, Map.of());
        String aead = "streaming vs its AEAD engine (≥ 80% of its throughput)";
        Target seal = target(r, aead, "seal 64 MiB in 64 KiB chunks");
        assertEquals(10.0, seal.value(), EPS);
        assertEquals(Verdict.FAIL, seal.verdict(), "10% of the engine's throughput");
        assertTrue(seal.subject().contains("throughput 10.0% of the engine's"), seal.subject());
        assertEquals(Verdict.PASS, target(r, aead, "open").verdict(), "90% of the engine's throughput");
        String prims = "streaming vs its primitives (AEAD + the payload's SHA-512)";
        assertEquals(100.0 / 95, target(r, prims, "seal").value(), EPS);
        assertEquals(Verdict.PASS, target(r, prims, "seal").verdict());
        assertEquals(Verdict.FAIL, target(r, prims, "open").verdict(), "1.25x its primitives");
        assertEquals(Verdict.NOT_MEASURED, target(report, aead, "seal").verdict(), "no streaming results in the fixture");
        assertTrue(r.markdown().contains("| seal | 64 MiB | 100 | 10.0 | 95.0 | 10.0% | 1.05× |"), r.markdown());
    }

    @Test
    void hashCeiling_sequentialAndPipelined_andTheStreamWithTheFastestHash() {
        List<Result> rs = new ArrayList<>();
        String[][] scores = {{"aead-seal", "1"}, {"aead-open", "2"}, {"stream-seal", "12"}, {"stream-open", "13"},
            {"jdk:SHA-512", "10"}, {"bc:BLAKE3-256", "5"}, {"accp:SHA-256", "4"}};
        for (String[] s : scores) {
            rs.add(new Result("HashCeilingBenchmark", "pass", Map.of("pass", s[0], "size", "1048576", "chunk", "65536"),
                    Double.parseDouble(s[1]), 0.1, "ms/op"));
        }
        Report r = new Report(rs, Map.of());
        List<Report.Ceiling> ceilings = r.hashCeilings();
        assertEquals(List.of("accp:SHA-256", "bc:BLAKE3-256", "jdk:SHA-512"), ceilings.stream().map(Report.Ceiling::hash).toList(),
                "fastest first");
        Report.Ceiling sha256 = ceilings.get(0);
        assertEquals(1.0 / (1 + 4), sha256.sealSequential(), EPS, "1 / (1 + A/H) with A/H = 4");
        assertEquals(1.0 / 4, sha256.sealPipelined(), EPS, "min(A, H) / A");
        assertEquals(2.0 / (2 + 4), sha256.openSequential(), EPS);
        assertEquals(2.0 / 4, sha256.openPipelined(), EPS);
        assertEquals(1048576 / 0.004 / 1e9, sha256.gbPerSecond(), EPS);

        List<Report.StreamEstimate> est = r.streamEstimates();
        assertEquals(2, est.size());
        Report.StreamEstimate seal = est.get(0);
        assertEquals("seal", seal.op());
        assertEquals(1.0 / 12, seal.streamShare(), EPS);
        assertEquals("accp:SHA-256", seal.fastest());
        assertEquals(1.0 / (12 - 10 + 4), seal.sequentialShare(), EPS, "stream - SHA-512 + the fastest hash");
        assertEquals(1.0 / 4, seal.pipelinedShare(), EPS, "the hash, not the rest, bounds it");
        assertEquals(2.0 / (13 - 10 + 4), est.get(1).sequentialShare(), EPS);

        String md = r.markdown();
        assertTrue(md.contains("| accp:SHA-256 | 1 MiB | 4.00 | 0.262 | 20.0% | 25.0% | 33.3% | 50.0% |"), md);
        assertTrue(md.contains("| seal | 1 MiB | 8.33% | accp:SHA-256 | 16.7% | 25.0% |"), md);
        assertFalse(report.markdown().contains("Whole-message hash ceiling"), "no ceiling section without its results");
    }
}


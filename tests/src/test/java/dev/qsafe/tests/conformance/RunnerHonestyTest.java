package dev.qsafe.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.Main;
import dev.qsafe.conformance.CaseFailure;
import dev.qsafe.conformance.EngineReport;
import dev.qsafe.conformance.FileReport;
import dev.qsafe.conformance.Report;
import dev.qsafe.conformance.VectorRunner;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.tests.Vectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runner cannot pass by accident: a run or a file in which nothing ran fails unless allowed, a
 * file generated against the FIPS 203 draft is skipped with that reason rather than passed or failed,
 * and a failure says where two long values differ.
 */
class RunnerHonestyTest {
    private static final CryptoRegistry PURE_JAVA = CryptoRegistry.discover(
            RegistryConfig.newBuilder().exclude("conscrypt").exclude("accp").build());

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static int cli(String... args) {
        StringWriter out = new StringWriter();
        return Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args);
    }

    @Test
    void everyPostQuantumEngineExcluded_filesRanNothing_andTheRunFails() throws IOException {
        Path file = write("kem.json", Vectors.json("acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json").toString());
        CryptoRegistry noPqc = CryptoRegistry.discover(RegistryConfig.newBuilder().exclude("bc-pqc").exclude("jdk-pqc")
                .exclude("accp").exclude("conscrypt").build());
        Report report = VectorRunner.newBuilder(noPqc).build().run(List.of(file));
        FileReport f = report.files().getFirst();
        assertEquals(FileReport.Status.NOTHING_RAN, f.status(), f.toString());
        assertEquals(0, f.passed());
        assertTrue(f.skipped() > 0);
        assertTrue(report.hasFailures());
        Report allowed = VectorRunner.newBuilder(noPqc).allowEmpty(true).build().run(List.of(file));
        assertFalse(allowed.hasFailures());
        assertTrue(allowed.nothingRan());
    }

    @Test
    void cli_emptyFolder_exitsOne_unlessAllowEmpty() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(1, cli("vectors", empty.toString()));
        assertEquals(0, cli("vectors", "--allow-empty", empty.toString()));
        assertEquals(0, cli("vectors", "--lenient", empty.toString()));
    }

    @Test
    void acvpPromptWithoutExpectedResults_ranNothing() throws IOException {
        Path prompt = write("slh/prompt.json", Vectors.json("acvp-sample/SLH-DSA-keyGen-FIPS205/prompt.json").toString());
        FileReport f = VectorRunner.newBuilder(PURE_JAVA).build().run(List.of(prompt)).files().getFirst();
        assertEquals(FileReport.Status.NOTHING_RAN, f.status(), f.toString());
        assertEquals(1, cli("vectors", prompt.toString()));
    }

    @Test
    void misspeltParameterSet_ranNothing_butADocumentedAbsentOneIsNoFailure() throws IOException {
        ObjectNode typo = (ObjectNode) Vectors.json("acvp-sample/ML-DSA-keyGen-FIPS204/internalProjection.json").deepCopy();
        typo.get("testGroups").valueStream().forEach(g -> ((ObjectNode) g).put("parameterSet", "ML-DSA-65x"));
        FileReport f = VectorRunner.newBuilder(PURE_JAVA).build().run(List.of(write("typo.json", typo.toString()))).files().getFirst();
        assertEquals(FileReport.Status.NOTHING_RAN, f.status(), f.toString());

        ObjectNode absent = (ObjectNode) Vectors.json("acvp-sample/SLH-DSA-keyGen-FIPS205/prompt.json").deepCopy();
        absent.get("testGroups").valueStream().forEach(g -> ((ObjectNode) g).put("parameterSet", "SLH-DSA-SHAKE-256f"));
        write("absent/prompt.json", absent.toString());
        write("absent/expectedResults.json", Vectors.json("acvp-sample/SLH-DSA-keyGen-FIPS205/expectedResults.json").toString());
        Report report = VectorRunner.newBuilder(PURE_JAVA).build().run(List.of(dir.resolve("absent/prompt.json")));
        FileReport p = report.files().getFirst();
        assertEquals(FileReport.Status.RECOGNISED, p.status(), "SLH-DSA-SHAKE-256f is a documented absence: " + p);
        assertEquals(0, p.passed());
    }

    @Test
    void mlKemFileFromTheFips203Draft_isSkippedWithThatReason_neverPassedOrFailed() throws IOException {
        ObjectNode file = (ObjectNode) Vectors.json("acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json").deepCopy();
        // The draft's key generation takes rho from SHA3-512(d), the final one from SHA3-512(d || k).
        ObjectNode test = (ObjectNode) file.get("testGroups").get(0).get("tests").get(0);
        byte[] d = HexFormat.of().parseHex(test.get("d").asString());
        byte[] ek = HexFormat.of().parseHex(test.get("ek").asString());
        byte[] draftRho = Arrays.copyOf(sha3512(d), 32);
        System.arraycopy(draftRho, 0, ek, ek.length - 32, 32);
        test.put("ek", HexFormat.of().formatHex(ek));
        Report report = VectorRunner.newBuilder(PURE_JAVA).build().run(List.of(write("ipd.json", file.toString())));
        FileReport f = report.files().getFirst();
        assertEquals(0, f.passed(), "no case of a draft file counts as passed: " + f);
        assertEquals(0, f.failed(), f.toString());
        assertTrue(f.skipped() > 0);
        assertTrue(f.engines().stream().flatMap(e -> e.skipReasons().keySet().stream())
                .allMatch(r -> r.contains("FIPS 203 initial public draft")), f.engines().toString());
        assertEquals(FileReport.Status.RECOGNISED, f.status(), "a documented reason: " + f);

        ObjectNode untouched = (ObjectNode) Vectors.json("acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json").deepCopy();
        FileReport fine = VectorRunner.newBuilder(PURE_JAVA).build().run(List.of(write("final.json", untouched.toString())))
                .files().getFirst();
        assertTrue(fine.passed() > 0 && fine.skipped() == 0, "a FIPS 203 file is not mistaken for a draft one: " + fine);
    }

    @Test
    void failureOfALongValue_saysWhereItDiffers() throws IOException {
        ObjectNode file = (ObjectNode) Vectors.json("acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json").deepCopy();
        ObjectNode test = (ObjectNode) file.get("testGroups").get(0).get("tests").get(0);
        String ek = test.get("ek").asString();
        int at = 500; // a byte in the middle of the key, so both shortened forms used to look the same
        char digit = ek.charAt(2 * at + 1);
        test.put("ek", ek.substring(0, 2 * at + 1) + (digit == '0' ? '1' : '0') + ek.substring(2 * at + 2));
        FileReport f = VectorRunner.newBuilder(PURE_JAVA).engine("bc-pqc").build().run(List.of(write("ek.json", file.toString())))
                .files().getFirst();
        EngineReport bc = f.engines().stream().filter(e -> e.engine().equals("bc-pqc")).findFirst().orElseThrow();
        CaseFailure failure = bc.failures().getFirst();
        assertTrue(failure.message().contains("first difference at byte " + at), failure.message());
        assertTrue(failure.message().contains("[" + ek.substring(2 * at, 2 * at + 2).toLowerCase() + "]"), failure.message());
    }

    private static byte[] sha3512(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA3-512").digest(input);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

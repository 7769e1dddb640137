package dev.qsafe.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recognition, parsing and reporting without any engine (this module's tests see no provider): every
 * schema is recognised by content and its cases skipped with the reason; broken files are reported,
 * never thrown; ACVP prompts are joined with their expected results.
 */
class VectorRunnerTest {
    private static final CryptoRegistry NO_PROVIDERS = CryptoRegistry.discover(RegistryConfig.defaults());
    private static final String ZERO_32 = "00".repeat(32);

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static Report run(Path... roots) {
        return VectorRunner.run(List.of(roots), NO_PROVIDERS, new VectorRunner.Listener() {
        });
    }

    private static FileReport only(Report report) {
        assertEquals(1, report.files().size(), report.files().toString());
        return report.files().getFirst();
    }

    private static Map<String, Integer> skipReasons(FileReport f) {
        assertEquals(1, f.engines().size(), f.engines().toString());
        EngineReport e = f.engines().getFirst();
        assertEquals(EngineReport.NO_ENGINE, e.engine());
        assertEquals(0, e.ran());
        return e.skipReasons();
    }

    private static String wycheproof(String schema, String algorithm, String group, String tests) {
        return "{\"algorithm\":\"" + algorithm + "\",\"schema\":\"" + schema + "\",\"testGroups\":[{" + group
                + "\"tests\":[" + tests + "]}]}";
    }

    @Test
    void run_withoutRoots_orWithAMissingOne_isAUsageError() {
        assertThrows(InvalidInputException.class, () -> run());
        assertThrows(InvalidInputException.class, () -> run(dir.resolve("missing")));
    }

    @Test
    void builder_refusesASecondSetting_anUnknownEngine_andABadLimit() {
        VectorRunner.Builder b = VectorRunner.newBuilder(NO_PROVIDERS).listener(new VectorRunner.Listener() {
        });
        assertThrows(InvalidInputException.class, () -> b.listener(new VectorRunner.Listener() {
        }));
        assertThrows(InvalidInputException.class, () -> b.engine("bc-pqc"), "no provider is active here");
        assertThrows(InvalidInputException.class, () -> b.maxFileBytes(0));
        b.maxFileBytes(100);
        assertThrows(InvalidInputException.class, () -> b.maxFileBytes(200));
    }

    @Test
    void directories_areWalkedInOrder_eachFileListedOnce_andTheListenerHearsEveryFile() throws IOException {
        write("b/two.json", "{}");
        write("a/one.txt", "hello");
        Path three = write("c.bin", "x");
        List<String> heard = new ArrayList<>();
        Report report = VectorRunner.newBuilder(NO_PROVIDERS).listener(new VectorRunner.Listener() {
            @Override
            public void fileStarted(Path file, int index, int total) {
                heard.add(index + "/" + total + " " + dir.relativize(file));
            }
        }).build().run(List.of(dir, three));
        assertEquals(List.of("1/3 a/one.txt", "2/3 b/two.json", "3/3 c.bin"), heard);
        assertEquals(3, report.count(FileReport.Status.NOT_RECOGNISED));
        assertTrue(report.nothingRan());
        assertTrue(report.hasFailures(), "a run in which no case ran fails");
        Report allowed = VectorRunner.newBuilder(NO_PROVIDERS).allowEmpty(true).build().run(List.of(dir, three));
        assertFalse(allowed.hasFailures(), "files that are not vectors are no failure in themselves");
    }

    @Test
    void anEmptyFolder_ranNothing_failsUnlessAllowed() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(run(empty).hasFailures());
        assertFalse(VectorRunner.newBuilder(NO_PROVIDERS).allowEmpty(true).build().run(List.of(empty)).hasFailures());
        assertThrows(InvalidInputException.class, () -> VectorRunner.newBuilder(NO_PROVIDERS).allowEmpty(true).allowEmpty(false));
    }

    @Test
    void brokenFiles_areMalformed_notThrown() throws IOException {
        write("truncated.json", "{\"testGroups\": [");
        write("trailing.json", "{} {}");
        write("corrupt.json.gz", "not gzip");
        Report report = run(dir);
        assertEquals(3, report.count(FileReport.Status.MALFORMED), report.files().toString());
        assertTrue(report.hasFailures());
        report.files().forEach(f -> assertFalse(f.note().isBlank(), f.toString()));
    }

    @Test
    void oddDocuments_areNotRecognisedOrMalformed_neverThrown() throws IOException {
        List<String> documents = List.of("", "null", "[]", "[1]", "[[]]", "{\"schema\":\"x\",\"testGroups\":5}",
                "{\"schema\":\"mlkem_test_schema\",\"testGroups\":[{\"tests\":[{\"tcId\":\"1\"}]}]}",
                "{\"schema\":\"aead_test_schema\",\"algorithm\":\"AES-GCM\",\"testGroups\":[{\"tests\":[{\"tcId\":1,\"result\":\"maybe\"}]}]}",
                "{\"vsId\":1,\"algorithm\":\"ML-KEM\",\"mode\":\"keyGen\",\"testGroups\":[{\"parameterSet\":1,\"tests\":5}]}",
                "{\"vsId\":\"1\",\"algorithm\":\"ML-DSA\",\"mode\":\"sigGen\",\"testGroups\":[]}",
                "[{\"mode\":0,\"kem_id\":32,\"kdf_id\":1,\"aead_id\":1}]", "[{\"mode\":0,\"kem_id\":32,\"kdf_id\":1,\"aead_id\":1},7]",
                "{\"m\":\"\",\"tests\":[{\"tcId\":1,\"pk\":\"?\",\"s\":\"\"}]}",
                "[{\"seed\":1,\"pk\":2,\"eseed\":3,\"ct\":4,\"ss\":5}]", "{\"a\":[{\"seed\":\"00\",\"randomness\":\"00\","
                        + "\"encapsulation_key\":\"00\",\"ciphertext\":\"00\",\"shared_secret\":\"00\"}],\"b\":[1]}",
                "[{\"times\":-1,\"key\":\"00\"}]", "[{\"scalar\":\"0\",\"input\":\"00\",\"output\":\"00\"}]");
        for (int i = 0; i < documents.size(); i++) {
            FileReport f = only(run(write("odd" + i + ".json", documents.get(i))));
            assertTrue(f.status() != FileReport.Status.RECOGNISED || f.engines().stream().allMatch(e -> e.ran() == 0),
                    documents.get(i) + " -> " + f);
        }
    }

    @Test
    void aFileOverTheLimit_isMalformed() throws IOException {
        Path big = write("big.json", "[" + "0,".repeat(100) + "0]");
        FileReport f = only(VectorRunner.newBuilder(NO_PROVIDERS).maxFileBytes(100).build().run(List.of(big)));
        assertEquals(FileReport.Status.MALFORMED, f.status());
        assertTrue(f.note().contains("limit"), f.note());
    }

    @Test
    void wycheproof_missingField_isMalformed_namingTheCaseAndField() throws IOException {
        Path p = write("x.json", wycheproof("aead_test_schema_v1.json", "AES-GCM", "\"keySize\":256,\"ivSize\":96,\"tagSize\":128,",
                "{\"tcId\":7,\"result\":\"valid\",\"flags\":[],\"key\":\"" + ZERO_32 + "\",\"aad\":\"\",\"msg\":\"\",\"ct\":\"\",\"tag\":\"00\"}"));
        FileReport f = only(run(p));
        assertEquals(FileReport.Status.MALFORMED, f.status());
        assertTrue(f.note().contains("tcId 7") && f.note().contains("'iv' is missing"), f.note());
    }

    @Test
    void wycheproof_recognisedWhateverItsName_casesSkippedWithoutEngine() throws IOException {
        Path p = write("data/whatever.json", wycheproof("mlkem_encaps_test_schema.json", "ML-KEM", "\"parameterSet\":\"ML-KEM-768\",",
                "{\"tcId\":1,\"result\":\"valid\",\"ek\":\"00\",\"m\":\"00\",\"c\":\"00\",\"K\":\"00\"},"
                        + "{\"tcId\":2,\"result\":\"invalid\",\"flags\":[\"ModulusOverflow\"],\"ek\":\"00\",\"m\":\"00\",\"c\":\"\",\"K\":\"\"}"));
        FileReport f = only(run(p));
        assertEquals(FileReport.Status.NOTHING_RAN, f.status(), "no engine of a qsafe algorithm is no documented absence");
        assertTrue(f.hasFailures());
        assertEquals("Wycheproof mlkem_encaps_test_schema (ML-KEM)", f.format());
        assertEquals(Map.of("no engine implements ML-KEM-768", 2), skipReasons(f));
        FileReport allowed = only(VectorRunner.newBuilder(NO_PROVIDERS).allowEmpty(true).build().run(List.of(p)));
        assertEquals(FileReport.Status.RECOGNISED, allowed.status());
        assertTrue(allowed.note().contains("no case ran"), allowed.note());
    }

    @Test
    void wycheproof_ofADocumentedAbsentSchema_isNoFailure_ofAMisspeltOne_ranNothing() throws IOException {
        Path ecdsa = write("ecdsa.json", wycheproof("ecdsa_verify_schema_v1.json", "ECDSA", "", "{\"tcId\":1,\"result\":\"valid\"}"));
        assertEquals(FileReport.Status.RECOGNISED, only(run(ecdsa)).status());
        Path typo = write("typo.json", wycheproof("mlkem_encap_test_schema_v1.json", "ML-KEM", "", "{\"tcId\":1,\"result\":\"valid\"}"));
        assertEquals(FileReport.Status.NOTHING_RAN, only(run(typo)).status());
    }

    @Test
    void wycheproof_ofAnUnsupportedSchema_isRecognised_casesSkippedWithTheReason() throws IOException {
        Path p = write("ecdsa.json", wycheproof("ecdsa_verify_schema_v1.json", "ECDSA", "", "{\"tcId\":1,\"result\":\"valid\"}"));
        assertEquals(Map.of("Wycheproof schema ecdsa_verify_schema is not one this runner supports", 1), skipReasons(only(run(p))));
    }

    @Test
    void acvpPrompt_isJoinedWithItsExpectedResults_whateverTheirNames() throws IOException {
        write("set/p.json", acvpPrompt(53));
        write("set/r.json", acvpResults(53, 1, 2));
        Report report = run(dir.resolve("set"));
        FileReport prompt = report.files().getFirst();
        assertEquals("NIST ACVP SLH-DSA keyGen (prompt + r.json)", prompt.format());
        assertEquals(Map.of("no engine implements SLH-DSA-SHA2-128s", 2), skipReasons(prompt));
        FileReport results = report.files().get(1);
        assertEquals("NIST ACVP SLH-DSA keyGen expected results", results.format());
        assertTrue(results.note().contains("p.json"), results.note());
        assertTrue(results.engines().isEmpty(), "its cases are counted with the prompt");
    }

    @Test
    void acvpPrompt_withoutExpectedResults_orWithAnotherVsId_isSkippedWithTheReason() throws IOException {
        write("set/p.json", acvpPrompt(53));
        write("set/r.json", acvpResults(99, 1, 2));
        Report report = run(dir.resolve("set"));
        assertTrue(skipReasons(report.files().getFirst()).keySet().iterator().next().contains("without expected results"));
        assertTrue(skipReasons(report.files().get(1)).keySet().iterator().next().contains("without their prompt"));
    }

    @Test
    void acvpExpectedResults_missingACase_makeThePromptMalformed() throws IOException {
        write("set/p.json", acvpPrompt(53));
        write("set/r.json", acvpResults(53, 1));
        FileReport prompt = run(dir.resolve("set")).files().getFirst();
        assertEquals(FileReport.Status.MALFORMED, prompt.status());
        assertTrue(prompt.note().contains("tgId 1 tcId 2 has no expected result"), prompt.note());
    }

    private static String acvpPrompt(int vsId) {
        String test = "\"skSeed\":\"" + "00".repeat(16) + "\",\"skPrf\":\"" + "00".repeat(16) + "\",\"pkSeed\":\"" + "00".repeat(16) + "\"";
        return "{\"vsId\":" + vsId + ",\"algorithm\":\"SLH-DSA\",\"mode\":\"keyGen\",\"revision\":\"FIPS205\",\"testGroups\":[{\"tgId\":1,"
                + "\"testType\":\"AFT\",\"parameterSet\":\"SLH-DSA-SHA2-128s\",\"tests\":[{\"tcId\":1," + test + "},{\"tcId\":2," + test + "}]}]}";
    }

    private static String acvpResults(int vsId, int... tcIds) {
        StringBuilder tests = new StringBuilder();
        for (int tcId : tcIds) {
            tests.append(tests.isEmpty() ? "" : ",").append("{\"tcId\":").append(tcId).append(",\"sk\":\"00\",\"pk\":\"00\"}");
        }
        return "{\"vsId\":" + vsId + ",\"algorithm\":\"SLH-DSA\",\"mode\":\"keyGen\",\"revision\":\"FIPS205\",\"testGroups\":[{\"tgId\":1,"
                + "\"tests\":[" + tests + "]}]}";
    }

    @Test
    void hpke_suitesOfOtherModesAndUnknownAlgorithms_areSkippedWithTheReason() throws IOException {
        String suite = "{\"mode\":%d,\"kem_id\":%d,\"kdf_id\":1,\"aead_id\":1}";
        Path p = write("hpke.json", "[" + String.format(suite, 1, 0x20) + "," + String.format(suite, 0, 0x50) + "]");
        assertEquals(Map.of("mode 1 (psk): qsafe's Hpke implements base mode only", 1,
                "no engine implements HPKE KEM 0x0050 (not a qsafe algorithm)", 1), skipReasons(only(run(p))));
    }

    @Test
    void cctvText_nameValueLines_areRecognisedByTheirLengths() throws IOException {
        Path p = write("anything.txt", "# comment\ndk = " + "00".repeat(2400) + "\nc = " + "00".repeat(1088) + "\nK = " + ZERO_32
                + "\nu[0] = {1, 2, 3}\n");
        FileReport f = only(run(p));
        assertEquals("C2SP CCTV ML-KEM (name = value text)", f.format());
        assertEquals(Map.of("no engine implements ML-KEM-768", 1), skipReasons(f));
    }

    @Test
    void cctvText_oneKeyPerLine_isTheInvalidKeyLayout() throws IOException {
        Path p = write("modulus.txt.gz", "");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(("ff".repeat(800) + "\n" + "ff".repeat(800) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        FileReport f = only(run(p));
        assertEquals("C2SP CCTV ML-KEM (invalid encapsulation keys, one per line)", f.format());
        assertEquals(Map.of("no engine implements ML-KEM-512", 2), skipReasons(f));
    }

    @Test
    void textThatIsNoVectorLayout_isNotRecognised() throws IOException {
        assertEquals(FileReport.Status.NOT_RECOGNISED, only(run(write("notes.txt", "Coins are round.\nx = y\n"))).status());
        Path binary = dir.resolve("binary.txt");
        Files.write(binary, new byte[] {(byte) 0xC3, (byte) 0x28, 0x0A});
        assertEquals(FileReport.Status.NOT_RECOGNISED, only(run(binary)).status());
        assertEquals(FileReport.Status.NOT_RECOGNISED, only(run(write("other.json", "{\"hello\": [1, 2]}"))).status());
    }
}

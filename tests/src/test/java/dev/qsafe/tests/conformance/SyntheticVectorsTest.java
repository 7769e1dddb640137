package dev.qsafe.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.conformance.CaseFailure;
import dev.qsafe.conformance.EngineReport;
import dev.qsafe.conformance.FileReport;
import dev.qsafe.conformance.Report;
import dev.qsafe.conformance.VectorRunner;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.tests.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Small vector files made at test time from the shared ones (trimmed, renamed, and sometimes with one
 * expected value changed), run on the discovered engines: each schema is recognised by its content
 * whatever the file is called, its cases pass on every engine, and a wrong expected value is reported
 * as a failure of exactly that case, with what differed.
 */
class SyntheticVectorsTest {
    /** The pure-Java engines: these tests count engines and combinations (the native ones run in VectorsFolderTest). */
    private static final CryptoRegistry REGISTRY = CryptoRegistry.discover(
            RegistryConfig.newBuilder().exclude("conscrypt").exclude("accp").build());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private FileReport run(String name, String content, String... engine) {
        return runAll(write(name, content), engine).files().getFirst();
    }

    private Report runAll(Path root, String... engine) {
        VectorRunner.Builder b = VectorRunner.newBuilder(REGISTRY);
        if (engine.length > 0) {
            b.engine(engine[0]);
        }
        return b.build().run(List.of(root));
    }

    private Path write(String name, String content) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            return Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A copy of a Wycheproof file with only the first {@code n} tests of its first group that matches. */
    private static ObjectNode wycheproof(String file, int n, Predicate<JsonNode> group) {
        ObjectNode root = (ObjectNode) Vectors.json(file).deepCopy();
        ObjectNode first = (ObjectNode) root.get("testGroups").valueStream().filter(group).findFirst().orElseThrow();
        ArrayNode tests = JSON.createArrayNode();
        first.get("tests").valueStream().limit(n).forEach(tests::add);
        first.set("tests", tests);
        root.set("testGroups", JSON.createArrayNode().add(first));
        return root;
    }

    private static Map<String, EngineReport> byEngine(FileReport f) {
        return f.engines().stream().collect(Collectors.toMap(EngineReport::engine, e -> e));
    }

    /** Flips the last hex digit of a field. */
    private static void corrupt(ObjectNode node, String field) {
        String v = node.get(field).asString();
        char last = v.charAt(v.length() - 1);
        node.put(field, v.substring(0, v.length() - 1) + (last == '0' ? '1' : '0'));
    }

    private static void assertOneFailure(FileReport f, String engine, String caseId, String differs) {
        EngineReport e = byEngine(f).get(engine);
        assertEquals(1, e.failed(), engine + ": " + e.failures());
        CaseFailure failure = e.failures().getFirst();
        assertTrue(failure.caseId().startsWith(caseId), failure.toString());
        assertTrue(failure.message().contains(differs), failure.toString());
        assertTrue(f.hasFailures());
    }

    @Test
    void wycheproofAead_recognisedByContentNotName_passesOnBothClassicalEngines() {
        ObjectNode file = wycheproof("wycheproof/aes_gcm_test.json.gz", 4, g -> g.get("keySize").asInt() == 256
                && g.get("ivSize").asInt() == 96);
        FileReport f = run("renamed/anything.json", file.toString());
        assertEquals(FileReport.Status.RECOGNISED, f.status(), f.note());
        assertTrue(f.format().startsWith("Wycheproof aead_test_schema"), f.format());
        for (String engine : List.of("jdk-classical", "bc-classical")) {
            assertEquals(4, byEngine(f).get(engine).passed(), engine);
        }
    }

    @Test
    void wycheproofAead_wrongTag_isAFailureOfThatCase_onEveryEngine() {
        ObjectNode file = wycheproof("wycheproof/aes_gcm_test.json.gz", 4, g -> g.get("keySize").asInt() == 256
                && g.get("ivSize").asInt() == 96);
        ObjectNode test = (ObjectNode) file.get("testGroups").get(0).get("tests").get(0);
        corrupt(test, "tag");
        FileReport f = run("aead.json", file.toString());
        String caseId = "tcId " + test.get("tcId").asInt();
        assertOneFailure(f, "jdk-classical", caseId, "ciphertext and tag differs");
        assertOneFailure(f, "bc-classical", caseId, "ciphertext and tag differs");
    }

    @Test
    void wycheproofMlKemEncaps_wrongSharedSecret_isReported() {
        ObjectNode file = wycheproof("wycheproof/mlkem_768_encaps_test.json.gz", 3,
                g -> g.get("tests").get(0).get("result").asString().equals("valid"));
        ObjectNode test = (ObjectNode) file.get("testGroups").get(0).get("tests").get(1);
        corrupt(test, "K");
        FileReport f = run("kem.json", file.toString());
        assertEquals(2, byEngine(f).get("bc-pqc").passed());
        assertOneFailure(f, "bc-pqc", "tcId " + test.get("tcId").asInt(), "shared secret from Encaps differs");
    }

    /**
     * {@code mldsa_sign_noseed_schema} from a seed file: the group's seed replaced by the expanded
     * private key, which Bouncy Castle's own expansion (an independent implementation) provides.
     */
    @Test
    void wycheproofMlDsaSignNoSeed_signsWithTheExpandedKey_likeTheSeedFile() {
        ObjectNode file = wycheproof("wycheproof/mldsa_65_sign_seed_test.json.gz", 6,
                g -> g.get("privateSeed").asString().length() == 64
                        && g.get("tests").valueStream().allMatch(t -> t.get("result").asString().equals("valid")));
        file.put("schema", "mldsa_sign_noseed_schema.json");
        ObjectNode group = (ObjectNode) file.get("testGroups").get(0);
        byte[] seed = HexFormat.of().parseHex(group.remove("privateSeed").asString());
        byte[] expanded = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed)
                .getParametersWithFormat(MLDSAPrivateKeyParameters.EXPANDED_KEY).getEncoded();
        group.put("privateKey", HexFormat.of().formatHex(expanded));
        FileReport f = run("noseed.json", file.toString());
        assertEquals("Wycheproof mldsa_sign_noseed_schema (ML-DSA-65)", f.format());
        int cases = group.get("tests").size();
        assertTrue(cases > 0);
        assertEquals(cases, byEngine(f).get("bc-pqc").passed(), f.engines().toString());
        assertEquals(0, f.failed());
    }

    @Test
    void acvpInternalProjection_wrongSignature_isReported() {
        ObjectNode file = (ObjectNode) Vectors.json("acvp-sample/ML-DSA-sigGen-FIPS204/internalProjection.json").deepCopy();
        ObjectNode test = (ObjectNode) file.get("testGroups").get(0).get("tests").get(0);
        corrupt(test, "signature");
        FileReport f = run("acvp/sigGen.json", file.toString());
        assertOneFailure(f, "bc-pqc", "tgId 1 tcId " + test.get("tcId").asInt(), "signature differs");
        assertEquals(7, byEngine(f).get("bc-pqc").passed());
    }

    @Test
    void acvpPromptAndExpectedResults_areJoinedOnGroupAndCase_whateverTheirNames() {
        write("slh/a.json", Vectors.json("acvp-sample/SLH-DSA-keyGen-FIPS205/prompt.json").toString());
        ObjectNode expected = (ObjectNode) Vectors.json("acvp-sample/SLH-DSA-keyGen-FIPS205/expectedResults.json").deepCopy();
        corrupt((ObjectNode) expected.get("testGroups").get(0).get("tests").get(0), "pk");
        write("slh/b.json", expected.toString());
        Report report = runAll(dir.resolve("slh"));
        FileReport prompt = report.files().stream().filter(r -> r.path().endsWith("a.json")).findFirst().orElseThrow();
        assertTrue(prompt.note().contains("b.json"), prompt.note());
        assertOneFailure(prompt, "bc-pqc", "tgId 1 tcId 1", "public key from the seed differs");
        assertEquals(3, byEngine(prompt).get("bc-pqc").passed());
        assertEquals(2, byEngine(prompt).get(EngineReport.NO_ENGINE).skipped(), "SLH-DSA-SHAKE-128s has no engine");
        FileReport results = report.files().stream().filter(r -> r.path().endsWith("b.json")).findFirst().orElseThrow();
        assertEquals(FileReport.Status.RECOGNISED, results.status());
        assertEquals(0, results.passed() + results.failed() + results.skipped(), "the expected results run with the prompt");
    }

    @Test
    void xWing_wrongSharedSecret_isReported() {
        ArrayNode file = (ArrayNode) Vectors.json("xwing/test-vectors.json").deepCopy();
        corrupt((ObjectNode) file.get(2), "ss");
        FileReport f = run("x.json", file.toString());
        assertOneFailure(f, "hybrid", "vector 3", "shared secret from Encaps differs");
        assertEquals(2, byEngine(f).get("hybrid").passed());
    }

    @Test
    void concreteHybridKems_xWingEntriesRunOnXWing_othersAreSkippedWithTheReason() {
        ObjectNode file = JSON.createObjectNode();
        ArrayNode xwing = file.putArray("MLKEM768-X25519");
        for (JsonNode v : Vectors.json("xwing/test-vectors.json")) {
            xwing.addObject().put("seed", v.get("seed").asString()).put("randomness", v.get("eseed").asString())
                    .put("encapsulation_key", v.get("pk").asString()).put("decapsulation_key", v.get("sk").asString())
                    .put("ciphertext", v.get("ct").asString()).put("shared_secret", v.get("ss").asString());
        }
        file.set("MLKEM768-P256", JSON.createArrayNode().add(xwing.get(0)));
        FileReport f = run("concrete.json", file.toString());
        assertTrue(f.format().startsWith("CFRG concrete hybrid KEMs"), f.format());
        assertEquals(3, byEngine(f).get("hybrid").passed());
        assertEquals(Map.of("no engine implements MLKEM768-P256 (not a qsafe algorithm)", 1),
                byEngine(f).get(EngineReport.NO_ENGINE).skipReasons());
    }

    @Test
    void hpke_wrongCiphertext_failsOnEveryEngineCombination() {
        ArrayNode suites = JSON.createArrayNode();
        Vectors.json("hpke/rfc9180_x25519_hkdfsha256.json.gz").valueStream()
                .filter(s -> s.get("mode").asInt() == 0 && s.get("aead_id").asInt() == 1).findFirst()
                .ifPresent(s -> suites.add(s.deepCopy()));
        corrupt((ObjectNode) suites.get(0).get("encryptions").get(5), "ct");
        FileReport f = run("hpke.json", suites.toString());
        assertEquals(8, f.engines().size(), f.engines().toString());
        f.engines().forEach(e -> assertOneFailure(f, e.engine(), "suite 1", "ct of encryption 5 differs"));
    }

    @Test
    void engineOption_runsOnlyTheNamedProvider_andHpkeCombinationsThatIncludeIt() {
        ArrayNode suites = JSON.createArrayNode();
        Vectors.json("hpke/rfc9180_x25519_hkdfsha256.json.gz").valueStream()
                .filter(s -> s.get("mode").asInt() == 0 && s.get("aead_id").asInt() == 2).forEach(suites::add);
        FileReport f = run("hpke.json", suites.toString(), "jdk-classical");
        assertEquals(7, f.engines().size(), "every combination but bc-classical/bc-classical/bc-classical");
        assertTrue(f.engines().stream().allMatch(e -> e.engine().contains("jdk-classical") && e.passed() == 1));
    }

    /** Found by fuzzing (VectorFileFuzzTest): an EdDSA group without its key crashed the parser with a NullPointerException. */
    @Test
    void eddsaGroupWithoutKey_makesTheFileMalformed_namingTheField() {
        ObjectNode file = wycheproof("wycheproof/ed25519_test.json.gz", 2, g -> true);
        ObjectNode group = (ObjectNode) file.get("testGroups").get(0);
        group.remove("publicKey");
        group.remove("key");
        FileReport f = run("ed25519.json", file.toString());
        assertEquals(FileReport.Status.MALFORMED, f.status(), f.toString());
        assertTrue(f.note().contains("publicKey") && !f.note().contains("NullPointerException"), f.note());
    }

    /** Found by fuzzing (VectorFileFuzzTest): a truncated x5c crashed the case with a CertificateException. */
    @Test
    void compositeMlDsa_x5cNotACertificate_makesTheFileMalformed_notACrash() {
        ObjectNode file = (ObjectNode) Vectors.json("composite-mldsa/testvectors.json.gz").deepCopy();
        ArrayNode tests = JSON.createArrayNode();
        file.get("tests").valueStream().filter(t -> t.get("tcId").asString().equals("id-MLDSA44-Ed25519-SHA512"))
                .forEach(tests::add);
        file.set("tests", tests);
        ObjectNode test = (ObjectNode) tests.get(0);
        byte[] x5c = Base64.getDecoder().decode(test.get("x5c").asString());
        test.put("x5c", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(x5c, x5c.length / 2)));
        FileReport f = run("composite.json", file.toString());
        assertEquals(FileReport.Status.MALFORMED, f.status(), f.toString());
        assertTrue(f.note().contains("id-MLDSA44-Ed25519-SHA512") && f.note().contains("x5c"), f.note());
    }

    @Test
    void compositeMlDsa_wrongSignature_isRejectedAndReported() {
        ObjectNode file = (ObjectNode) Vectors.json("composite-mldsa/testvectors.json.gz").deepCopy();
        ArrayNode tests = JSON.createArrayNode();
        file.get("tests").valueStream().filter(t -> t.get("tcId").asString().equals("id-MLDSA65-Ed25519-SHA512"))
                .forEach(tests::add);
        file.set("tests", tests);
        ObjectNode test = (ObjectNode) tests.get(0);
        byte[] s = Base64.getDecoder().decode(test.get("s").asString());
        s[0] ^= 1;
        test.put("s", Base64.getEncoder().encodeToString(s));
        FileReport f = run("composite.json", file.toString());
        // The ML-DSA component verifies under the composite label, which jdk-pqc hands to Bouncy Castle.
        assertOneFailure(f, "hybrid via bc-pqc", "id-MLDSA65-Ed25519-SHA512 s over m", "rejected: InvalidSignatureException");
        assertEquals(3, f.engines().stream().filter(e -> e.engine().startsWith("hybrid")).mapToInt(EngineReport::passed).sum());
    }

    @Test
    void cctvTextLayouts_keyGenerationDecapsulationEncapsulationAndInvalidKeys_pass() {
        JsonNode keyGen = Vectors.json("wycheproof/mlkem_768_keygen_seed_test.json.gz").get("testGroups").get(0).get("tests").get(0);
        String seed = keyGen.get("seed").asString();
        write("cctv/ML-KEM-768.txt", "d = " + seed.substring(0, 64) + "\nz = " + seed.substring(64) + "\nρ = 00\n"
                + "A[0, 0] = {1, 2} = 0102\nek = " + keyGen.get("ek").asString() + "\ndk = " + keyGen.get("dk").asString() + "\n");
        JsonNode decaps = Vectors.json("wycheproof/mlkem_768_semi_expanded_decaps_test.json.gz").get("testGroups").get(0)
                .get("tests").valueStream().filter(t -> t.get("result").asString().equals("valid")).findFirst().orElseThrow();
        write("cctv/strcmp.txt", "dk = " + decaps.get("dk").asString() + "\nc = " + decaps.get("c").asString()
                + "\nK = " + decaps.get("K").asString() + "\n");
        List<JsonNode> encaps = Vectors.json("wycheproof/mlkem_768_encaps_test.json.gz").get("testGroups").valueStream()
                .flatMap(g -> g.get("tests").valueStream()).toList();
        JsonNode valid = encaps.stream().filter(t -> t.get("result").asString().equals("valid")).findFirst().orElseThrow();
        write("cctv/pq-crystals.txt", "Public Key: " + valid.get("ek").asString() + "\nMessage: " + valid.get("m").asString()
                + "\nCiphertext: " + valid.get("c").asString() + "\nShared Secret A: " + valid.get("K").asString() + "\n");
        write("cctv/modulus.txt", encaps.stream().filter(t -> t.get("result").asString().equals("invalid"))
                .map(t -> t.get("ek").asString()).filter(ek -> ek.length() == 2 * 1184).limit(5).collect(Collectors.joining("\n")));
        Report report = runAll(dir.resolve("cctv"));
        assertEquals(4, report.count(FileReport.Status.RECOGNISED), report.files().toString());
        assertEquals(0, report.failed(), report.files().toString());
        // Each case runs on both ML-KEM engines, bc-pqc and jdk-pqc (the JDK 25 this build needs has ML-KEM).
        assertEquals(2 * (1 + 1 + 1 + 5), report.passed(), "key generation, decapsulation, encapsulation, 5 invalid keys, on 2 engines");
    }

    @Test
    void malformedRecognisedFile_isReportedAsAFailure_notThrown() {
        ObjectNode file = wycheproof("wycheproof/hkdf_sha256_test.json.gz", 2, g -> true);
        ((ObjectNode) file.get("testGroups").get(0).get("tests").get(1)).put("okm", "not hex");
        FileReport f = run("hkdf.json", file.toString());
        assertEquals(FileReport.Status.MALFORMED, f.status());
        assertTrue(f.note().contains("tcId") && f.note().contains("'okm' is not hex"), f.note());
        assertTrue(f.hasFailures());
    }

    @Test
    void hexOfTheWrongCase_isAccepted() {
        ObjectNode file = wycheproof("wycheproof/hkdf_sha256_test.json.gz", 2, g -> true);
        file.get("testGroups").get(0).get("tests").valueStream().forEach(t -> ((ObjectNode) t).put("okm",
                HexFormat.of().withUpperCase().formatHex(HexFormat.of().parseHex(t.get("okm").asString()))));
        assertEquals(4, run("hkdf.json", file.toString()).passed());
    }
}

package dev.qsafe.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.Main;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mutation test of the vector runner: for every file type it recognises, a copy of a real (or, for
 * types not in the shared folder, a generated) file with one expected value changed by one hex or
 * base64 digit must make the run fail with a failed case (not pass, not skip, not "malformed"), on
 * every engine that implements the algorithm, while the unchanged copy passes. A check that tested a
 * value only indirectly, or not at all, shows up here as a mutant that survives.
 */
class VectorMutationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static CryptoRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void discover() {
        registry = CryptoRegistry.discover(RegistryConfig.defaults());
    }

    /** A file type and the expected values to change in it, one at a time. */
    record Mutant(String type, String source, Predicate<JsonNode> where, List<String> fields) {
        @Override
        public String toString() {
            return type + " " + fields;
        }
    }

    /** Marks a source in this repository (a descriptor qsafe ships) rather than in the shared vectors. */
    private static final String REPO = "repo:";

    private static JsonNode load(String source) {
        if (!source.startsWith(REPO)) {
            return Vectors.json(source);
        }
        try {
            return JSON.readTree(Files.readString(Path.of("..").resolve(source.substring(REPO.length()))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Predicate<JsonNode> valid() {
        return n -> !n.has("result") || n.get("result").asString().equals("valid");
    }

    private static Predicate<JsonNode> has(String field, String value) {
        return n -> n.has(field) && n.get(field).asString().equals(value);
    }

    private static Predicate<JsonNode> any() {
        return n -> true;
    }

    static Stream<Mutant> jsonMutants() {
        return Stream.of(
                new Mutant("Wycheproof AES-GCM", "wycheproof/aes_gcm_test.json.gz", valid(), List.of("ct", "tag", "msg")),
                new Mutant("Wycheproof ChaCha20-Poly1305", "wycheproof/chacha20_poly1305_test.json.gz", valid(), List.of("ct", "tag")),
                new Mutant("Wycheproof X25519", "wycheproof/x25519_test.json.gz", valid(), List.of("shared")),
                new Mutant("Wycheproof Ed25519", "wycheproof/ed25519_test.json.gz", valid(), List.of("sig", "msg")),
                new Mutant("Wycheproof HKDF-SHA256", "wycheproof/hkdf_sha256_test.json.gz", valid(), List.of("okm")),
                new Mutant("Wycheproof HMAC-SHA256", "wycheproof/hmac_sha256_test.json.gz", valid(), List.of("tag")),
                new Mutant("Wycheproof ML-KEM", "wycheproof/mlkem_768_test.json.gz", valid().and(n -> n.has("ek")), List.of("ek", "K")),
                new Mutant("Wycheproof ML-KEM encaps", "wycheproof/mlkem_768_encaps_test.json.gz", valid(), List.of("c", "K")),
                new Mutant("Wycheproof ML-KEM keygen", "wycheproof/mlkem_768_keygen_seed_test.json.gz", valid(), List.of("ek", "dk")),
                new Mutant("Wycheproof ML-KEM semi-expanded decaps", "wycheproof/mlkem_768_semi_expanded_decaps_test.json.gz",
                        valid().and(n -> n.has("K")), List.of("K")),
                new Mutant("Wycheproof ML-DSA sign (seed)", "wycheproof/mldsa_65_sign_seed_test.json.gz", valid().and(n -> n.has("msg")),
                        List.of("sig")),
                new Mutant("Wycheproof ML-DSA sign (seed) public key", "wycheproof/mldsa_65_sign_seed_test.json.gz",
                        n -> n.has("privateSeed"), List.of("publicKey")),
                new Mutant("Wycheproof ML-DSA verify", "wycheproof/mldsa_65_verify_test.json.gz", valid().and(n -> n.has("msg")),
                        List.of("sig", "msg")),
                new Mutant("ACVP ML-KEM keyGen", "acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json", any(), List.of("ek", "dk")),
                new Mutant("ACVP ML-KEM encapsulation", "acvp-sample/ML-KEM-encapDecap-FIPS203/internalProjection.json",
                        n -> n.has("m"), List.of("c", "k")),
                new Mutant("ACVP ML-KEM decapsulation", "acvp-sample/ML-KEM-encapDecap-FIPS203/internalProjection.json",
                        n -> n.has("c") && !n.has("m"), List.of("k")),
                new Mutant("ACVP ML-DSA keyGen", "acvp-sample/ML-DSA-keyGen-FIPS204/internalProjection.json", any(), List.of("pk", "sk")),
                new Mutant("ACVP ML-DSA sigGen", "acvp-sample/ML-DSA-sigGen-FIPS204/internalProjection.json", any(), List.of("signature")),
                new Mutant("ACVP ML-DSA sigVer", "acvp-sample/ML-DSA-sigVer-FIPS204/internalProjection.json",
                        n -> n.has("testPassed") && n.get("testPassed").asBoolean(), List.of("signature")),
                new Mutant("RFC 9180 HPKE", "hpke/rfc9180_x25519_hkdfsha256.json.gz", has("mode", "0").and(n -> n.has("pkRm")),
                        List.of("pkRm", "skRm", "enc", "shared_secret")),
                new Mutant("RFC 9180 HPKE encryption", "hpke/rfc9180_x25519_hkdfsha256.json.gz", n -> n.has("ct") && n.has("aad"),
                        List.of("ct", "pt")),
                new Mutant("RFC 9180 HPKE export", "hpke/rfc9180_x25519_hkdfsha256.json.gz", n -> n.has("exported_value"),
                        List.of("exported_value")),
                new Mutant("draft-ietf-hpke-pq ML-KEM", "hpke-pq/test-vectors.json.gz", has("kem_id", "65").and(n -> n.has("pkRm")),
                        List.of("pkRm", "skRm", "enc", "shared_secret")),
                new Mutant("draft-ietf-hpke-pq X-Wing", "hpke-pq/test-vectors.json.gz", has("kem_id", "25722").and(has("kdf_id", "1")),
                        List.of("pkRm", "skRm", "enc", "shared_secret")),
                new Mutant("X-Wing", "xwing/test-vectors.json", any(), List.of("pk", "sk", "ct", "ss")),
                new Mutant("composite ML-DSA", "composite-mldsa/testvectors.json.gz", has("tcId", "id-MLDSA65-Ed25519-SHA512"),
                        List.of("pk", "s", "sWithContext")),
                new Mutant("composite ML-DSA (pure ML-DSA)", "composite-mldsa/testvectors.json.gz", has("tcId", "id-ML-DSA-65"),
                        List.of("pk", "s")),
                new Mutant("RFC 7748 X25519", "rfc7748/x25519_rfc7748_kat_test.json", any(), List.of("output")),
                new Mutant("RFC 7748 X25519 iterated", "rfc7748/x25519_rfc7748_times_test.json", has("times", "1000"), List.of("key")),
                new Mutant("C2SP CCTV Ed25519", "cctv-ed25519/ed25519vectors.json.gz",
                        n -> n.has("number") && (n.get("flags") == null || n.get("flags").isNull() || n.get("flags").isEmpty()),
                        List.of("sig", "key")),
                new Mutant("C2SP CCTV accumulated ML-DSA", REPO + "docs/vectors/cctv-accumulated/ML-DSA.json",
                        has("iterations", "100"), List.of("digest")));
    }

    static Stream<Arguments> jsonMutations() {
        return jsonMutants().flatMap(m -> m.fields().stream().map(f -> Arguments.of(m.type() + ": " + f, m, f)));
    }

    /**
     * The file cut down to the one case that holds {@code field} (every array on the way to it keeps only
     * that element), run unchanged and then with the field changed: every engine that passed the case
     * must fail it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonMutations")
    void oneChangedExpectedValue_failsACase(String name, Mutant mutant, String field) throws IOException {
        JsonNode copy = load(mutant.source()).deepCopy();
        List<JsonNode> path = new ArrayList<>();
        ObjectNode holder = find(copy, n -> n.has(field) && n.get(field).isString() && !n.get(field).asString().isEmpty()
                && mutant.where().test(n), path).orElseThrow(() -> new AssertionError("no '" + field + "' to change in " + mutant.source()));
        prune(copy, path);
        Path original = dir.resolve("original.json");
        Files.writeString(original, JSON.writeValueAsString(copy), StandardCharsets.UTF_8);
        Report baseline = run(original);
        assertFalse(baseline.hasFailures(), () -> name + ": the unchanged case fails: " + baseline.files());
        holder.put(field, flipDigit(holder.get(field).asString()));
        Path file = dir.resolve("mutant.json");
        Files.writeString(file, JSON.writeValueAsString(copy), StandardCharsets.UTF_8);
        assertCaseFails(baseline, run(file), name);
    }

    /** Keeps, in every array on {@code path} (the nodes from the root to the case), only the element on the path. */
    private static void prune(JsonNode root, List<JsonNode> path) {
        JsonNode parent = root;
        for (JsonNode step : path) {
            if (parent.isArray()) {
                ArrayNode array = (ArrayNode) parent;
                array.removeAll();
                array.add(step);
            }
            parent = step;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonMutants")
    void unchangedCopy_passes(Mutant mutant) throws IOException {
        Path file = dir.resolve("copy.json");
        Files.writeString(file, JSON.writeValueAsString(load(mutant.source())), StandardCharsets.UTF_8);
        Report report = run(file);
        assertFalse(report.hasFailures(), () -> mutant + ": " + report.files());
        assertTrue(report.passed() > 0, mutant::toString);
    }

    @Test
    void acvpPromptWithExpectedResults_changedExpectedValue_failsACase() throws IOException {
        for (String field : List.of("pk", "sk")) {
            Path folder = Files.createDirectories(dir.resolve(field));
            Files.writeString(folder.resolve("prompt.json"), Vectors.json("acvp-sample/SLH-DSA-keyGen-FIPS205/prompt.json").toString());
            JsonNode expected = Vectors.json("acvp-sample/SLH-DSA-keyGen-FIPS205/expectedResults.json").deepCopy();
            ObjectNode test = find(expected, n -> n.has(field) && n.get("tcId").asInt() == 1).orElseThrow();
            test.put(field, flipDigit(test.get(field).asString()));
            Files.writeString(folder.resolve("expectedResults.json"), expected.toString());
            assertCaseFails(run(folder), "ACVP SLH-DSA keyGen prompt + expected results: " + field);
        }
    }

    @Test
    void concreteHybridKems_changedExpectedValue_failsACase() throws IOException {
        for (String field : List.of("encapsulation_key", "decapsulation_key", "ciphertext", "shared_secret")) {
            ObjectNode file = JSON.createObjectNode();
            ArrayNode xwing = file.putArray("MLKEM768-X25519");
            for (JsonNode v : Vectors.json("xwing/test-vectors.json")) {
                xwing.addObject().put("seed", v.get("seed").asString()).put("randomness", v.get("eseed").asString())
                        .put("encapsulation_key", v.get("pk").asString()).put("decapsulation_key", v.get("sk").asString())
                        .put("ciphertext", v.get("ct").asString()).put("shared_secret", v.get("ss").asString());
            }
            Path good = dir.resolve("hybrid-" + field + "-good.json");
            Files.writeString(good, file.toString());
            assertFalse(run(good).hasFailures(), field);
            ObjectNode first = (ObjectNode) xwing.get(0);
            first.put(field, flipDigit(first.get(field).asString()));
            Path bad = dir.resolve("hybrid-" + field + ".json");
            Files.writeString(bad, file.toString());
            assertCaseFails(run(bad), "CFRG concrete hybrid KEM: " + field);
        }
    }

    @Test
    void cctvMlKemText_changedExpectedValue_failsACase() throws IOException {
        JsonNode encap = find(Vectors.json("acvp-sample/ML-KEM-encapDecap-FIPS203/internalProjection.json"), n -> n.has("m"))
                .orElseThrow();
        JsonNode keyGen = find(Vectors.json("acvp-sample/ML-KEM-keyGen-FIPS203/internalProjection.json"), n -> n.has("d"))
                .orElseThrow();
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("ek", encap.get("ek").asString());
        values.put("dk", encap.get("dk").asString());
        values.put("m", encap.get("m").asString());
        values.put("c", encap.get("c").asString());
        values.put("K", encap.get("k").asString());
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        for (String f : List.of("d", "z", "ek", "dk")) {
            keys.put(f, keyGen.get(f).asString());
        }
        for (Map<String, String> text : List.of(values, keys)) {
            Path good = dir.resolve("cctv-good.txt");
            Files.writeString(good, lines(text));
            Report ok = run(good);
            assertFalse(ok.hasFailures(), ok.files().toString());
            for (String field : text.keySet()) {
                if (field.equals("d") || field.equals("z") || field.equals("m")) {
                    continue; // inputs: changing one gives other outputs, which the changed outputs below cover
                }
                Map<String, String> changed = new java.util.LinkedHashMap<>(text);
                changed.put(field, flipDigit(text.get(field)));
                Path bad = dir.resolve("cctv-" + field + ".txt");
                Files.writeString(bad, lines(changed));
                assertCaseFails(run(bad), "C2SP CCTV ML-KEM text: " + field);
            }
        }
    }

    @Test
    void cctvMlKemModulus_aKeyThatIsValid_failsACase() throws IOException {
        String ek = find(Vectors.json("acvp-sample/ML-KEM-encapDecap-FIPS203/internalProjection.json"), n -> n.has("ek"))
                .orElseThrow().get("ek").asString().toLowerCase();
        // Coefficient 0 of the first polynomial set to q = 3329 (0xD01): 12-bit little-endian packing.
        String unreduced = "01" + ek.charAt(2) + "d" + ek.substring(4);
        Path good = dir.resolve("modulus-good.txt");
        Files.writeString(good, unreduced + "\n");
        Report ok = run(good);
        assertFalse(ok.hasFailures(), ok.files().toString());
        assertTrue(ok.passed() > 0);
        Path bad = dir.resolve("modulus-bad.txt");
        Files.writeString(bad, ek + "\n");
        assertCaseFails(run(bad), "C2SP CCTV ML-KEM modulus: a reduced key");
    }

    @Test
    void cctvEd25519_flagsDropped_fromAVectorTheRuleRefuses_failsACase() throws IOException {
        JsonNode copy = load("cctv-ed25519/ed25519vectors.json.gz").deepCopy();
        List<JsonNode> path = new ArrayList<>();
        ObjectNode vector = find(copy, n -> n.has("flags") && n.get("flags").isArray()
                && n.get("flags").valueStream().anyMatch(f -> f.asString().equals("low_order_A")), path).orElseThrow();
        prune(copy, path);
        Path original = dir.resolve("flagged.json");
        Files.writeString(original, copy.toString());
        Report baseline = run(original);
        assertFalse(baseline.hasFailures(), baseline.files().toString());
        vector.putNull("flags");
        Path mutant = dir.resolve("unflagged.json");
        Files.writeString(mutant, copy.toString());
        assertCaseFails(baseline, run(mutant), "C2SP CCTV Ed25519: flags");
    }

    @Test
    void supercopSignInput_changedPkSignatureOrMessage_failsACase() throws IOException {
        String line = Ed25519VectorsTest.signInput(3).get(2);
        Path good = dir.resolve("sign.input");
        Files.writeString(good, line + "\n");
        Report baseline = run(good);
        assertFalse(baseline.hasFailures(), baseline.files().toString());
        String[] fields = line.split(":", -1);
        for (int field : new int[] {1, 2, 3}) { // pk, m, sm (the signature's half of it)
            String[] changed = fields.clone();
            String value = field == 3 ? changed[3].substring(0, 128) : changed[field];
            String flipped = flipDigit(value);
            changed[field] = field == 3 ? flipped + changed[3].substring(128) : flipped;
            Path bad = dir.resolve("bad-" + field + ".input");
            Files.writeString(bad, String.join(":", changed) + "\n");
            assertCaseFails(baseline, run(bad), "SUPERCOP sign.input field " + field);
        }
    }

    @Test
    void cli_exitsOne_onAMutant() throws IOException {
        JsonNode copy = Vectors.json("xwing/test-vectors.json").deepCopy();
        ObjectNode first = (ObjectNode) copy.get(0);
        first.put("ss", flipDigit(first.get("ss").asString()));
        Path file = dir.resolve("cli.json");
        Files.writeString(file, copy.toString());
        StringWriter out = new StringWriter();
        assertEquals(1, Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "vectors", file.toString()), out.toString());
    }

    // ---- helpers ----

    private static String lines(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n", "", "\n"));
    }

    private static Report run(Path root) {
        return VectorRunner.newBuilder(registry).build().run(List.of(root));
    }

    /** The run failed because a case failed, and no file was malformed. */
    static void assertCaseFails(Report report, String what) {
        assertTrue(report.hasFailures(), what + " survived: " + report.files());
        assertEquals(0, report.count(FileReport.Status.MALFORMED), what + ": malformed instead of a failed case: " + report.files());
        assertTrue(report.failed() > 0, what + ": no failed case: " + report.files());
    }

    /**
     * {@link #assertCaseFails(Report, String)}, and every engine that passed a case in {@code baseline}
     * (named without the backend it handed the case to) failed one in {@code mutant}.
     */
    static void assertCaseFails(Report baseline, Report mutant, String what) {
        assertCaseFails(mutant, what);
        java.util.Set<String> passed = new java.util.TreeSet<>();
        java.util.Set<String> failed = new java.util.TreeSet<>();
        for (FileReport f : baseline.files()) {
            f.engines().stream().filter(e -> e.passed() > 0).forEach(e -> passed.add(base(e.engine())));
        }
        for (FileReport f : mutant.files()) {
            f.engines().stream().filter(e -> e.failed() > 0).forEach(e -> failed.add(base(e.engine())));
        }
        assertFalse(passed.isEmpty(), what + ": the unchanged case ran nowhere: " + baseline.files());
        passed.removeAll(failed);
        assertTrue(passed.isEmpty(), what + ": engines on which the change went unnoticed: " + passed + " " + mutant.files());
    }

    /** An engine's name without {@code " via <backend>"}, in each part of an HPKE combination. */
    private static String base(String engine) {
        return java.util.Arrays.stream(engine.split("/")).map(p -> p.replaceFirst(" via .*$", ""))
                .collect(Collectors.joining("/"));
    }

    /** The first object (depth first) that satisfies {@code p}. */
    static Optional<ObjectNode> find(JsonNode node, Predicate<JsonNode> p) {
        return find(node, p, new ArrayList<>());
    }

    /** The first object (depth first) that satisfies {@code p}; {@code path} gets the nodes from below the root to it. */
    static Optional<ObjectNode> find(JsonNode node, Predicate<JsonNode> p, List<JsonNode> path) {
        if (node.isObject() && p.test(node)) {
            return Optional.of((ObjectNode) node);
        }
        if (node.isArray() || node.isObject()) {
            for (JsonNode child : node) {
                path.add(child);
                Optional<ObjectNode> found = find(child, p, path);
                if (found.isPresent()) {
                    return found;
                }
                path.removeLast();
            }
        }
        return Optional.empty();
    }

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** The value with one digit in its middle changed: a hex digit, or a base64 one for base64 values. */
    static String flipDigit(String value) {
        boolean hex = value.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        int at = value.length() / 2;
        char c = value.charAt(at);
        char changed;
        if (hex) {
            changed = Character.forDigit(Character.digit(c, 16) ^ 1, 16);
            changed = Character.isUpperCase(c) ? Character.toUpperCase(changed) : changed;
        } else {
            int i = BASE64.indexOf(c);
            if (i < 0) {
                return flipDigit(value.substring(0, at)) + value.substring(at); // a padding or other character: look left
            }
            changed = BASE64.charAt(i ^ 1);
        }
        return value.substring(0, at) + changed + value.substring(at + 1);
    }
}

package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.concat;
import static dev.qsafe.conformance.internal.Checks.equal;

import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NIST ACVP vector sets (FIPS 203/204/205): an object with {@code vsId}, {@code algorithm},
 * {@code mode} and {@code testGroups[]} ({@code tgId}, {@code parameterSet}, {@code testType}, ...)
 * with {@code tests[]} ({@code tcId}, inputs, outputs; hex in either case).
 *
 * <p>An "internal projection" has inputs and expected outputs in one file. A {@code prompt} has only
 * inputs: its expected outputs come from the ACVP expected-results file of the same {@code vsId}
 * beside it (any JSON file in the same folder; {@code expectedResults.json} is looked at first),
 * joined on ({@code tgId}, {@code tcId}). The expected-results file itself is recognised and left to
 * its prompt.
 *
 * <p>Modes: ML-KEM keyGen and encapDecap (encapsulation, decapsulation and both key checks), ML-DSA
 * keyGen, sigGen and sigVer (external "pure" interface through {@code sign}/{@code verify}; internal
 * interface through the engines' external-mu entry points, with {@code mu = H(H(pk) || M')} computed
 * by the selected SHAKE256), SLH-DSA keyGen, sigGen and sigVer (external pure interface only). Pre-hash
 * groups and the SLH-DSA internal interface have no qsafe counterpart and are skipped with the reason.
 */
final class Acvp implements JsonFormat {
    /** How many JSON files beside a prompt are read at most, looking for its expected results. */
    private static final int MAX_SIBLINGS_READ = 32;

    /** One test with its group; fields are looked up in the test first, then in the group. */
    record Case(JsonNode group, JsonNode test) {
        String id() {
            return "tgId " + Fields.integer(group, "tgId") + " tcId " + Fields.integer(test, "tcId");
        }

        JsonNode holder(String field) {
            return Fields.has(test, field) ? test : group;
        }

        byte[] hex(String field) {
            return Fields.hex(holder(field), field);
        }

        byte[] hexOrNull(String field) {
            return Fields.hexOrNull(holder(field), field);
        }

        byte[] hexOrEmpty(String field) {
            return Fields.hexOrEmpty(holder(field), field);
        }

        String text(String field, String otherwise) {
            return Fields.text(holder(field), field, otherwise);
        }

        boolean bool(String field, boolean otherwise) {
            return Fields.bool(holder(field), field, otherwise);
        }

        String parameterSet() {
            return Fields.text(group, "parameterSet");
        }
    }

    /**
     * A supported mode: the fields that hold its expected outputs (to tell a prompt from a file with
     * results) and how it parses a case.
     */
    private record Mode(List<String> outputs, Parser parser) {
    }

    @FunctionalInterface
    private interface Parser {
        void parse(Case c, Plan plan);
    }

    private static final Map<String, Mode> MODES = Map.of(
            "ML-KEM keyGen", new Mode(List.of("ek", "dk"), Acvp::mlKemKeyGen),
            "ML-KEM encapDecap", new Mode(List.of("k", "testPassed"), Acvp::mlKemEncapDecap),
            "ML-DSA keyGen", new Mode(List.of("pk", "sk"), Acvp::keyGen),
            "ML-DSA sigGen", new Mode(List.of("signature"), Acvp::sigGen),
            "ML-DSA sigVer", new Mode(List.of("testPassed"), Acvp::sigVer),
            "SLH-DSA keyGen", new Mode(List.of("pk", "sk"), Acvp::slhDsaKeyGen),
            "SLH-DSA sigGen", new Mode(List.of("signature"), Acvp::sigGen),
            "SLH-DSA sigVer", new Mode(List.of("testPassed"), Acvp::sigVer));

    @Override
    public Recognised recognise(JsonNode root, Context context) {
        if (!Fields.has(root, "vsId", "algorithm", "mode", "testGroups")) {
            return null;
        }
        int vsId = Fields.integer(root, "vsId");
        String name = Fields.text(root, "algorithm") + " " + Fields.text(root, "mode");
        List<JsonNode> groups = Fields.objects(root, "testGroups");
        Plan plan = context.plan();
        if (isExpectedResults(groups)) {
            Optional<Path> prompt = sibling(context, vsId, false);
            String format = "NIST ACVP " + name + " expected results";
            if (prompt.isPresent()) {
                return new Recognised(format, "joined with " + prompt.get().getFileName() + ", which runs its cases", plan, true);
            }
            plan.skip(name, "ACVP expected results without their prompt (no prompt with vsId " + vsId + " beside it)",
                    SkipKind.OTHER, countTests(groups));
            return new Recognised(format, "no prompt beside it", plan);
        }
        Mode mode = MODES.get(name);
        if (mode == null) {
            plan.skip(name, "ACVP " + name + " is not a mode this runner supports",
                    Absent.acvpAlgorithm(Fields.text(root, "algorithm")) ? SkipKind.ABSENT : SkipKind.OTHER, countTests(groups));
            return new Recognised("NIST ACVP " + name, "mode not supported: cases skipped", plan);
        }
        Map<String, JsonNode> expected = null;
        String format = "NIST ACVP " + name + " (internal projection)";
        String note = "";
        if (!hasAny(groups, mode.outputs())) {
            Optional<Path> results = sibling(context, vsId, true);
            if (results.isEmpty()) {
                plan.skip(name, "ACVP prompt without expected results (no expected-results file with vsId " + vsId
                        + " beside it)", SkipKind.OTHER, countTests(groups));
                return new Recognised("NIST ACVP " + name + " prompt", "no expected results beside it", plan);
            }
            expected = expectedByCase(context.reader().read(results.get()).orElseThrow());
            format = "NIST ACVP " + name + " (prompt + " + results.get().getFileName() + ")";
            note = "joined with " + results.get().getFileName() + " on (tgId, tcId)";
        }
        for (JsonNode group : groups) {
            for (JsonNode test : Fields.objects(group, "tests")) {
                Case c = new Case(group, expected == null ? test : joined(test, group, expected));
                Fields.at(c.id(), () -> mode.parser().parse(c, plan));
            }
        }
        return new Recognised(format, note, plan);
    }

    // ---- the modes ----

    /** ML-KEM keyGen: KeyGen(d || z) gives ek, and dk behaves exactly like the derived key. */
    private static void mlKemKeyGen(Case c, Plan plan) {
        byte[] seed = concat(c.hex("d"), c.hex("z"));
        byte[] ek = c.hex("ek");
        byte[] dk = c.hex("dk");
        Fips203Draft.check(plan, seed, ek);
        plan.add(c.parameterSet(), plan.engines()::kem, VectorCase.of(c.id(), Expectation.VALID,
                (KemSpi kem) -> KemChecks.keyGen(kem, seed, ek, dk)));
    }

    /**
     * ML-KEM encapDecap: encapsulation (Encaps(ek, m) gives c and k, and Decaps(dk, c) gives k when dk
     * is given), decapsulation (Decaps(dk, c) gives k), and the encapsulation and decapsulation key
     * checks (a key that fails them must be refused with {@link InvalidKeyException}).
     */
    private static void mlKemEncapDecap(Case c, Plan plan) {
        String function = c.text("function", "");
        VectorCase<KemSpi> vectorCase = switch (function) {
            case "encapsulation" -> {
                byte[] ek = c.hex("ek");
                byte[] m = c.hex("m");
                byte[] ct = c.hex("c");
                byte[] k = c.hex("k");
                byte[] dk = c.hexOrNull("dk");
                yield VectorCase.of(c.id(), Expectation.VALID, kem -> {
                    KemChecks.encaps(kem, ek, m, ct, k);
                    if (dk != null) {
                        KemChecks.decaps(kem, dk, ct, k);
                    }
                });
            }
            case "decapsulation" -> {
                byte[] dk = c.hex("dk");
                byte[] ct = c.hex("c");
                byte[] k = c.hex("k");
                yield VectorCase.of(c.id(), Expectation.VALID, kem -> KemChecks.decaps(kem, dk, ct, k));
            }
            case "encapsulationKeyCheck" -> {
                byte[] ek = c.hex("ek");
                yield VectorCase.of(c.id(), keyCheck(c), kem -> kem.encapsulate(PublicKey.of(kem.algorithm(), ek)));
            }
            case "decapsulationKeyCheck" -> {
                byte[] dk = c.hex("dk");
                yield VectorCase.of(c.id(), keyCheck(c), kem -> kem.derivePublicKey(PrivateKey.of(kem.algorithm(), dk)));
            }
            default -> VectorCase.skipped(c.id(), "ACVP ML-KEM function '" + function + "' is not supported", SkipKind.OTHER);
        };
        plan.add(c.parameterSet(), plan.engines()::kem, vectorCase);
    }

    private static Expectation keyCheck(Case c) {
        return Fields.bool(c.test(), "testPassed") ? Expectation.VALID : Expectation.invalid(InvalidKeyException.class);
    }

    /** ML-DSA keyGen: KeyGen(seed) gives pk, and sk signs exactly like the derived key. */
    private static void keyGen(Case c, Plan plan) {
        byte[] seed = c.hex("seed");
        byte[] pk = c.hex("pk");
        byte[] sk = c.hex("sk");
        plan.add(c.parameterSet(), plan.engines()::signature, VectorCase.of(c.id(), Expectation.VALID,
                (SignatureSpi dsa) -> SignatureChecks.keyGen(dsa, seed, pk, sk)));
    }

    /** SLH-DSA keyGen: slh_keygen_internal(SK.seed, SK.prf, PK.seed) gives sk and pk. */
    private static void slhDsaKeyGen(Case c, Plan plan) {
        byte[] seed = concat(c.hex("skSeed"), c.hex("skPrf"), c.hex("pkSeed"));
        byte[] pk = c.hex("pk");
        byte[] sk = c.hex("sk");
        plan.add(c.parameterSet(), plan.engines()::signature, VectorCase.of(c.id(), Expectation.VALID,
                (SignatureSpi dsa) -> SignatureChecks.keyGen(dsa, seed, pk, sk)));
    }

    /**
     * sigGen: signing with {@code sk} (deterministically, or with {@code rnd} / {@code additionalRandomness})
     * gives {@code signature}. The external interface signs {@code message} under {@code context}; the
     * internal one signs {@code M'} (or the given {@code mu}) through external mu, ML-DSA only.
     */
    private static void sigGen(Case c, Plan plan) {
        signatureCase(c, plan, Expectation.VALID, input -> {
            byte[] sk = c.hex("sk");
            byte[] signature = c.hex("signature");
            byte[] pk = c.hexOrNull("pk");
            byte[] given = c.hexOrNull("rnd") != null ? c.hex("rnd") : c.hexOrNull("additionalRandomness");
            byte[] rnd = c.bool("deterministic", false) ? null : given;
            return dsa -> {
                PrivateKey key = PrivateKey.of(dsa.algorithm(), sk);
                if (input.external()) {
                    SignatureChecks.sign(dsa, key, input.message(), input.context(), rnd, signature,
                            pk == null ? null : PublicKey.of(dsa.algorithm(), pk));
                } else {
                    byte[] mu = input.mu(plan.engines(), () -> dsa.derivePublicKey(key).encoded());
                    equal("signature", signature, dsa.engineSignMu(key, mu, rnd));
                }
            };
        });
    }

    /**
     * sigVer: verification of {@code signature} under {@code pk} succeeds exactly when {@code testPassed};
     * a signature that must fail is refused with {@link InvalidSignatureException}.
     */
    private static void sigVer(Case c, Plan plan) {
        Expectation expected = Fields.bool(c.test(), "testPassed") ? Expectation.VALID
                : Expectation.invalid(InvalidSignatureException.class);
        signatureCase(c, plan, expected, input -> {
            byte[] pk = c.hex("pk");
            byte[] signature = c.hex("signature");
            return dsa -> {
                if (input.external()) {
                    SignatureChecks.verify(dsa, pk, input.message(), signature, input.context());
                } else {
                    dsa.engineVerifyMu(PublicKey.of(dsa.algorithm(), pk), input.mu(plan.engines(), () -> pk), signature);
                }
            };
        });
    }

    /** What a signature case signs: a message and context (external interface), or M' or mu (internal). */
    private record SignedInput(boolean external, byte[] message, byte[] context, byte[] givenMu) {
        static SignedInput of(Case c) {
            if (Acvp.external(c)) {
                return new SignedInput(true, c.hex("message"), c.hexOrEmpty("context"), null);
            }
            byte[] mu = c.bool("externalMu", false) ? c.hex("mu") : null;
            return new SignedInput(false, mu == null ? c.hex("message") : null, null, mu);
        }

        /** The internal interface's mu: given, or computed from M' and the public key. */
        byte[] mu(Engines engines, Supplier<byte[]> publicKey) {
            return givenMu != null ? givenMu : SignatureChecks.mu(engines.shake256(), publicKey.get(), message);
        }
    }

    /**
     * Adds a signature case, or skips it with the reason when its interface has no qsafe counterpart;
     * {@code check} parses the case's other fields and makes the check.
     */
    private static void signatureCase(Case c, Plan plan, Expectation expected,
                                      Function<SignedInput, VectorCase.Check<SignatureSpi>> check) {
        String unsupported = unsupportedInterface(c);
        plan.add(c.parameterSet(), plan.engines()::signature, unsupported != null
                ? VectorCase.skipped(c.id(), unsupported, SkipKind.ABSENT)
                : VectorCase.of(c.id(), expected, check.apply(SignedInput.of(c))));
    }

    /** Whether a signature case uses the external interface (message and context); absent means internal. */
    private static boolean external(Case c) {
        return c.text("signatureInterface", "internal").equals("external");
    }

    /** Why a signature case cannot run, or {@code null}: pre-hash variants, and SLH-DSA's internal interface. */
    private static String unsupportedInterface(Case c) {
        if (c.text("preHash", "pure").equals("preHash")) {
            return "pre-hash (HashML-DSA / HashSLH-DSA) signatures are not qsafe algorithms";
        }
        if (!external(c) && c.parameterSet().startsWith("SLH-DSA")) {
            return "the SLH-DSA internal interface (slh_sign_internal without the message prefix) is not in the SPI";
        }
        return null;
    }

    // ---- prompts and expected results ----

    /** Expected-results files have groups with only {@code tgId} and tests, no parameter set or test type. */
    private static boolean isExpectedResults(List<JsonNode> groups) {
        return groups.stream().noneMatch(g -> g.has("parameterSet") || g.has("testType"));
    }

    private static boolean hasAny(List<JsonNode> groups, List<String> fields) {
        for (JsonNode g : groups) {
            for (JsonNode t : Fields.objects(g, "tests")) {
                if (fields.stream().anyMatch(t::has)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int countTests(List<JsonNode> groups) {
        return groups.stream().mapToInt(g -> Fields.objects(g, "tests").size()).sum();
    }

    /**
     * The JSON file beside {@code context.file()} with the same {@code vsId} that is an expected-results
     * file ({@code results}) or a prompt ({@code !results}).
     */
    private static Optional<Path> sibling(Context context, int vsId, boolean results) {
        Path dir = context.file().toAbsolutePath().getParent();
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(p -> !p.equals(context.file().toAbsolutePath()))
                    .filter(p -> VectorFiles.baseName(p).endsWith(".json") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().startsWith(results ? "expected" : "prompt"))
                            .thenComparing(Path::toString))
                    .limit(MAX_SIBLINGS_READ).toList();
        } catch (IOException e) {
            throw new MalformedVectorException("cannot list the files beside it: " + e.getMessage(), e);
        }
        for (Path p : candidates) {
            Optional<JsonNode> doc;
            try {
                doc = context.reader().read(p);
            } catch (MalformedVectorException e) {
                continue; // not this one; that file gets its own report
            }
            if (doc.isPresent() && Fields.has(doc.get(), "vsId", "testGroups") && doc.get().get("vsId").asInt() == vsId
                    && doc.get().get("testGroups").isArray()
                    && isExpectedResults(Fields.objects(doc.get(), "testGroups")) == results) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Map<String, JsonNode> expectedByCase(JsonNode results) {
        Map<String, JsonNode> byCase = new HashMap<>();
        for (JsonNode group : Fields.objects(results, "testGroups")) {
            for (JsonNode test : Fields.objects(group, "tests")) {
                byCase.put(Fields.integer(group, "tgId") + "/" + Fields.integer(test, "tcId"), test);
            }
        }
        return byCase;
    }

    /** The prompt's test with the expected result's fields added. */
    private static JsonNode joined(JsonNode test, JsonNode group, Map<String, JsonNode> expected) {
        String key = Fields.integer(group, "tgId") + "/" + Fields.integer(test, "tcId");
        JsonNode result = expected.get(key);
        if (result == null) {
            throw new MalformedVectorException("tgId " + Fields.integer(group, "tgId") + " tcId "
                    + Fields.integer(test, "tcId") + " has no expected result");
        }
        ObjectNode joined = ((ObjectNode) test).deepCopy();
        joined.setAll((ObjectNode) result);
        return joined;
    }
}

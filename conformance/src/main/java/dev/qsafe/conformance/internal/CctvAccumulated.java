package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.concat;
import static dev.qsafe.conformance.internal.Checks.equal;
import static dev.qsafe.conformance.internal.Checks.raw;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.api.spi.XofSpi;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The accumulated tests of C2SP CCTV (c2sp.org/CCTV/ML-KEM, c2sp.org/CCTV/ML-DSA): many iterations
 * whose inputs are read from one SHAKE128 stream of the empty string and whose outputs are absorbed
 * into a second SHAKE128, of which the first 32 bytes must equal a published digest. CCTV ships no data
 * file for them, only the procedure and the digests, so they run from a small descriptor:
 * <pre>{@code
 * {"cctv_accumulated": "ML-KEM", "source": "where the digests come from",
 *  "tests": [{"parameterSet": "ML-KEM-768", "iterations": 10000, "digest": "<64 hex digits>"}]}
 * }</pre>
 * ({@code source} is optional and reported; the family is {@code ML-KEM} or {@code ML-DSA} and every
 * parameter set must be one of its three.)
 *
 * <p>ML-KEM, per iteration: read {@code d}, {@code z}, {@code m} (32 bytes each) and a random ciphertext;
 * KeyGen(d || z) = (ek, dk), Encaps(ek, m) = (c, K), Decaps(dk, c) must be K; absorb ek, the expanded
 * dk, c, K and Decaps(dk, random ciphertext) (implicit rejection). ML-DSA, per iteration: read a 32-byte
 * seed; KeyGen(seed) = (pk, sk); absorb pk and the deterministic signature of the empty message under
 * the empty context, which must verify.
 *
 * <p>The stream and the accumulator are the selected SHAKE128 engine's {@link XofSpi#engineSponge};
 * the expanded ML-KEM dk comes from {@link KemSpi#engineExpandedPrivateKey}. An engine without them is
 * skipped with the reason. Tests with more iterations than a family's default limit (10,000 for ML-KEM,
 * 100 for ML-DSA: seconds per engine) are skipped with the reason unless the system property
 * {@value #MAX_ITERATIONS_PROPERTY} allows them.
 */
final class CctvAccumulated implements JsonFormat {
    /** System property: the most iterations run, for both families, instead of the defaults. */
    static final String MAX_ITERATIONS_PROPERTY = "qsafe.vectors.cctv.maxIterations";

    private static final String FAMILY = "cctv_accumulated";
    private static final int DIGEST_LENGTH = 32;
    private static final int SEED_PART = 32;

    private enum Family {
        ML_KEM("ML-KEM", 10_000, List.of(Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024)),
        ML_DSA("ML-DSA", 100, List.of(Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87));

        final String label;
        final int defaultLimit;
        final List<Algorithm> parameterSets;

        Family(String label, int defaultLimit, List<Algorithm> parameterSets) {
            this.label = label;
            this.defaultLimit = defaultLimit;
            this.parameterSets = parameterSets;
        }
    }

    private static final Map<String, Family> FAMILIES = Map.of("ML-KEM", Family.ML_KEM, "ML-DSA", Family.ML_DSA);

    @Override
    public Recognised recognise(JsonNode root, Context context) {
        if (!root.isObject() || !root.has(FAMILY)) {
            return null;
        }
        String name = Fields.text(root, FAMILY);
        Family family = FAMILIES.get(name);
        if (family == null) {
            throw new MalformedVectorException("field '" + FAMILY + "' must be ML-KEM or ML-DSA, got '" + name + "'");
        }
        String source = Fields.text(root, "source", "");
        List<JsonNode> tests = Fields.objects(root, "tests");
        if (tests.isEmpty()) {
            throw new MalformedVectorException("field 'tests' is empty");
        }
        Plan plan = context.plan();
        for (int i = 0; i < tests.size(); i++) {
            JsonNode t = tests.get(i);
            Fields.at("test " + (i + 1), () -> add(plan, family, t));
        }
        return new Recognised("C2SP CCTV accumulated " + family.label, source.isEmpty() ? "" : "digests from " + source, plan);
    }

    private static void add(Plan plan, Family family, JsonNode t) {
        String set = Fields.text(t, "parameterSet");
        Algorithm algorithm = family.parameterSets.stream().filter(a -> a.name().equalsIgnoreCase(set.trim())).findFirst()
                .orElseThrow(() -> new MalformedVectorException("parameterSet must be one of "
                        + family.parameterSets.stream().map(Algorithm::name).toList() + ", got '" + set + "'"));
        int iterations = Fields.integer(t, "iterations");
        if (iterations < 1) {
            throw new MalformedVectorException("'iterations' must be at least 1, got " + iterations);
        }
        byte[] digest = Fields.hex(t, "digest");
        if (digest.length != DIGEST_LENGTH) {
            throw new MalformedVectorException("'digest' must be " + DIGEST_LENGTH + " bytes, got " + digest.length);
        }
        String id = algorithm.name() + ", " + iterations + " iterations";
        String tooLong = tooLong(family, iterations);
        if (family == Family.ML_KEM) {
            plan.add(algorithm.name(), plan.engines()::kem, tooLong != null ? VectorCase.skipped(id, tooLong, SkipKind.ABSENT)
                    : VectorCase.of(id, Expectation.VALID, (KemSpi kem) -> equal("accumulated digest", digest,
                            mlKem(kem, plan.engines().shake128(), iterations))));
        } else {
            plan.add(algorithm.name(), plan.engines()::signature, tooLong != null ? VectorCase.skipped(id, tooLong, SkipKind.ABSENT)
                    : VectorCase.of(id, Expectation.VALID, (SignatureSpi dsa) -> equal("accumulated digest", digest,
                            mlDsa(dsa, plan.engines().shake128(), iterations))));
        }
    }

    /** Why a test of {@code iterations} does not run by default, or {@code null} if it runs. */
    private static String tooLong(Family family, int iterations) {
        String configured = System.getProperty(MAX_ITERATIONS_PROPERTY);
        long limit = family.defaultLimit;
        if (configured != null) {
            try {
                limit = Long.parseLong(configured.trim());
            } catch (NumberFormatException e) {
                return "system property " + MAX_ITERATIONS_PROPERTY + " is not a number: '" + configured + "'";
            }
        }
        if (iterations <= limit) {
            return null;
        }
        return configured != null
                ? "more than " + MAX_ITERATIONS_PROPERTY + " = " + limit + " iterations"
                : "more than " + family.defaultLimit + " " + family.label + " iterations are not run by default; -D"
                        + MAX_ITERATIONS_PROPERTY + "=" + iterations + " runs them";
    }

    /** The ML-KEM procedure on {@code kem}; returns the accumulator's first 32 bytes. */
    private static byte[] mlKem(KemSpi kem, XofSpi shake128, int iterations) {
        XofSpi.Sponge stream = stream(shake128);
        XofSpi.Sponge accumulator = shake128.engineSponge();
        byte[] d = new byte[SEED_PART];
        byte[] z = new byte[SEED_PART];
        byte[] m = new byte[SEED_PART];
        byte[] randomCiphertext = new byte[kem.algorithm().ciphertextSize()];
        for (int i = 0; i < iterations; i++) {
            stream.squeeze(d);
            stream.squeeze(z);
            stream.squeeze(m);
            stream.squeeze(randomCiphertext);
            KeyPair pair = kem.deriveKeyPair(concat(d, z));
            byte[] dk = kem.engineExpandedPrivateKey(pair.privateKey());
            Encapsulation encapsulation = kem.engineEncapsulateDerandomized(pair.publicKey(), m);
            byte[] k = raw(encapsulation.sharedSecret());
            byte[] decapsulated = raw(kem.decapsulate(pair.privateKey(), encapsulation.ciphertext()));
            if (!MessageDigest.isEqual(k, decapsulated)) {
                throw new Mismatch("iteration " + (i + 1) + ": decapsulating the encapsulation gives another K");
            }
            accumulator.absorb(pair.publicKey().encoded());
            accumulator.absorb(dk);
            accumulator.absorb(encapsulation.ciphertext());
            accumulator.absorb(k);
            accumulator.absorb(raw(kem.decapsulate(pair.privateKey(), randomCiphertext)));
        }
        return squeezed(accumulator);
    }

    /** The ML-DSA procedure on {@code dsa}; returns the accumulator's first 32 bytes. */
    private static byte[] mlDsa(SignatureSpi dsa, XofSpi shake128, int iterations) {
        XofSpi.Sponge stream = stream(shake128);
        XofSpi.Sponge accumulator = shake128.engineSponge();
        byte[] seed = new byte[SEED_PART];
        byte[] empty = new byte[0];
        for (int i = 0; i < iterations; i++) {
            stream.squeeze(seed);
            KeyPair pair = dsa.deriveKeyPair(seed);
            byte[] signature = dsa.engineSignDerandomized(pair.privateKey(), empty, empty, null);
            try {
                dsa.verify(pair.publicKey(), empty, signature, empty);
            } catch (InvalidSignatureException e) {
                throw new Mismatch("iteration " + (i + 1) + ": the signature does not verify (" + e.getMessage() + ")");
            }
            accumulator.absorb(pair.publicKey().encoded());
            accumulator.absorb(signature);
        }
        return squeezed(accumulator);
    }

    /** SHAKE128 of the empty string, read incrementally: the tests' deterministic inputs. */
    private static XofSpi.Sponge stream(XofSpi shake128) {
        XofSpi.Sponge stream = shake128.engineSponge();
        stream.absorb(new byte[0]);
        return stream;
    }

    private static byte[] squeezed(XofSpi.Sponge accumulator) {
        byte[] out = new byte[DIGEST_LENGTH];
        accumulator.squeeze(out);
        return out;
    }
}

package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.tests.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The NIST ACVP samples (FIPS 203/204/205) that the public API can express, on every discovered engine
 * of each parameter set: ML-KEM keyGen and encapDecap, ML-DSA keyGen, SLH-DSA keyGen. Test groups of
 * parameter sets qsafe does not define are skipped with the reason. The ML-DSA sigGen and sigVer
 * samples test the internal interface (no context, no domain separation prefix), which
 * {@code SignatureSpi} does not offer, so they are not run.
 */
class AcvpSampleTest {
    /** One ACVP test with its group. */
    private record Case(JsonNode group, JsonNode test) {
        String name() {
            return "tg " + group.get("tgId").asInt() + " tc " + test.get("tcId").asInt() + " " + parameterSet();
        }

        String parameterSet() {
            return group.get("parameterSet").asString();
        }

        byte[] hex(String field) {
            return Vectors.hex(test.has(field) ? test : group, field);
        }
    }

    /** ML-KEM keyGen: d || z gives ek; the expected dk implies ek and decapsulates like the seed key. */
    @TestFactory
    Stream<DynamicNode> mlKemKeyGen_matchesEkAndDk() {
        return run("ML-KEM-keyGen-FIPS203", PqcEngines::kem, (kem, c) -> {
            KeyPair pair = kem.deriveKeyPair(concat(c.hex("d"), c.hex("z")));
            assertArrayEquals(c.hex("ek"), pair.publicKey().encoded(), "ek");
            assertDecapsulatesLike(kem, pair, PrivateKey.of(kem.algorithm(), c.hex("dk")));
        });
    }

    /** ML-KEM encapDecap: Encaps_internal(ek, m) gives c and k; Decaps(dk, c) gives k (incl. modified c). */
    @TestFactory
    Stream<DynamicNode> mlKemEncapDecap_matchesVectors() {
        return run("ML-KEM-encapDecap-FIPS203", PqcEngines::kem, (kem, c) -> {
            PrivateKey dk = PrivateKey.of(kem.algorithm(), c.hex("dk"));
            if ("encapsulation".equals(c.group().get("function").asString())) {
                Encapsulation e = kem.engineEncapsulateDerandomized(PublicKey.of(kem.algorithm(), c.hex("ek")), c.hex("m"));
                assertArrayEquals(c.hex("c"), e.ciphertext(), "c");
                assertArrayEquals(c.hex("k"), secret(e.sharedSecret()), "k");
            }
            assertArrayEquals(c.hex("k"), secret(kem.decapsulate(dk, c.hex("c"))), "k from Decaps(dk, c)");
        });
    }

    /** ML-DSA keyGen: seed gives pk; the expected sk implies pk and signs exactly like the seed key. */
    @TestFactory
    Stream<DynamicNode> mlDsaKeyGen_matchesPkAndSk() {
        return run("ML-DSA-keyGen-FIPS204", PqcEngines::signature, (dsa, c) -> {
            KeyPair pair = dsa.deriveKeyPair(c.hex("seed"));
            assertArrayEquals(c.hex("pk"), pair.publicKey().encoded(), "pk");
            PrivateKey sk = PrivateKey.of(dsa.algorithm(), c.hex("sk"));
            assertEquals(pair.publicKey(), dsa.derivePublicKey(sk), "pk implied by sk");
            byte[] message = c.hex("seed");
            assertArrayEquals(dsa.engineSignDerandomized(pair.privateKey(), message, new byte[0], null),
                    dsa.engineSignDerandomized(sk, message, new byte[0], null), "sk signs like the seed key");
        });
    }

    /** SLH-DSA keyGen (prompt joined with expectedResults on tgId, tcId): the seeds give sk and pk. */
    @TestFactory
    Stream<DynamicNode> slhDsaKeyGen_matchesSkAndPk() {
        String dir = "acvp-sample/SLH-DSA-keyGen-FIPS205/";
        Map<String, JsonNode> expected = new HashMap<>();
        for (JsonNode group : Vectors.json(dir + "expectedResults.json").get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                expected.put(group.get("tgId").asInt() + "/" + test.get("tcId").asInt(), test);
            }
        }
        return run(dir + "prompt.json", "SLH-DSA-keyGen-FIPS205", PqcEngines::signature, (slh, c) -> {
            JsonNode result = expected.get(c.group().get("tgId").asInt() + "/" + c.test().get("tcId").asInt());
            assertFalse(result == null, "no expected result for " + c.name());
            KeyPair pair = slh.deriveKeyPair(concat(c.hex("skSeed"), c.hex("skPrf"), c.hex("pkSeed")));
            assertArrayEquals(Vectors.hex(result, "pk"), pair.publicKey().encoded(), "pk");
            assertEquals(PrivateKey.of(slh.algorithm(), Vectors.hex(result, "sk")), pair.privateKey(), "sk");
        });
    }

    private static <E> Stream<DynamicNode> run(String vectorSet, BiFunction<Algorithm, String, E> engines, Check<E> check) {
        return run("acvp-sample/" + vectorSet + "/internalProjection.json", vectorSet, engines, check);
    }

    /**
     * One container per (parameter set, engine): every case of a parameter set qsafe knows runs on
     * every engine of it; the cases of unknown parameter sets are reported once, as skipped.
     */
    private static <E> Stream<DynamicNode> run(String file, String vectorSet, BiFunction<Algorithm, String, E> engines, Check<E> check) {
        Map<String, List<Case>> byParameterSet = new LinkedHashMap<>();
        for (JsonNode group : Vectors.json(file).get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                Case c = new Case(group, test);
                byParameterSet.computeIfAbsent(c.parameterSet(), k -> new ArrayList<>()).add(c);
            }
        }
        List<DynamicNode> containers = new ArrayList<>();
        byParameterSet.forEach((parameterSet, cases) -> {
            Algorithm alg;
            try {
                alg = Algorithm.forName(parameterSet);
            } catch (UnsupportedAlgorithmException e) {
                containers.add(VectorCases.container("acvp", vectorSet + " " + parameterSet, "none", cases, Case::name,
                        c -> "parameter set " + parameterSet + " is not a qsafe algorithm", c -> { }));
                return;
            }
            for (String provider : PqcEngines.providersOf(alg)) {
                E engine = engines.apply(alg, provider);
                containers.add(VectorCases.container("acvp", vectorSet + " " + parameterSet, provider, cases, Case::name,
                        c -> null, c -> check.run(engine, c)));
            }
        });
        return containers.stream();
    }

    private static void assertDecapsulatesLike(KemSpi kem, KeyPair pair, PrivateKey expanded) {
        assertEquals(pair.publicKey(), kem.derivePublicKey(expanded), "ek implied by dk");
        Encapsulation e = kem.engineEncapsulateDerandomized(pair.publicKey(), new byte[32]);
        assertEquals(e.sharedSecret(), kem.decapsulate(expanded, e.ciphertext()), "dk decapsulates");
        byte[] modified = e.ciphertext();
        modified[modified.length - 1] ^= 1;
        SecretBytes rejected = kem.decapsulate(pair.privateKey(), modified);
        assertEquals(rejected, kem.decapsulate(expanded, modified), "dk rejects implicitly like the seed key");
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] secret(SecretBytes secret) {
        return secret.rawBytes(SecretAccess.INSECURE);
    }

    /** What a case checks, with one engine. */
    @FunctionalInterface
    private interface Check<E> {
        void run(E engine, Case c) throws Throwable;
    }
}

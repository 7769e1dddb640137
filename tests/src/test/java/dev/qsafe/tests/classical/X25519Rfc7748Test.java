package dev.qsafe.tests.classical;

import static dev.qsafe.tests.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.KeyAgreementSpi;
import dev.qsafe.tests.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * RFC 7748 section 5.2 X25519 data against the raw DH function of every DHKEM(X25519) engine: the
 * known-answer tests and the iterated test (k = u = 9; repeatedly k, u = X25519(k, u), k).
 */
class X25519Rfc7748Test {
    private static final String KAT_FILE = "rfc7748/x25519_rfc7748_kat_test.json";
    private static final String TIMES_FILE = "rfc7748/x25519_rfc7748_times_test.json";
    /** Iteration counts above this take minutes per engine; the 1,000,000-iteration case is skipped. */
    private static final int MAX_ITERATIONS = 1000;

    @TestFactory
    Stream<DynamicNode> x25519_rfc7748KnownAnswers_matchOnEveryEngine() {
        JsonNode cases = Vectors.json(KAT_FILE);
        return perEngine(KAT_FILE, (dh, tally, nodes) -> {
            int n = 0;
            for (JsonNode tc : cases) {
                nodes.add(tally.test("kat " + ++n + ": X25519(scalar, input) = output", () -> assertArrayEquals(
                        hex(tc, "output"), dh.engineAgree(scalar(hex(tc, "scalar")), hex(tc, "input")))));
            }
        });
    }

    @TestFactory
    Stream<DynamicNode> x25519_rfc7748Iterated_matchesOnEveryEngine() {
        JsonNode cases = Vectors.json(TIMES_FILE);
        return perEngine(TIMES_FILE, (dh, tally, nodes) -> {
            for (JsonNode tc : cases) {
                int times = tc.get("times").asInt();
                String name = "after " + times + " iteration(s)";
                if (times > MAX_ITERATIONS) {
                    nodes.add(tally.skip(name, 1, "more than " + MAX_ITERATIONS
                            + " iterations take minutes per engine; run it by hand when changing X25519"));
                } else {
                    nodes.add(tally.test(name + ": k = expected key", () -> assertArrayEquals(hex(tc, "key"), iterate(dh, times))));
                }
            }
        });
    }

    private static byte[] iterate(KeyAgreementSpi dh, int times) {
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 0; i < times; i++) {
            byte[] next = dh.engineAgree(scalar(k), u);
            u = k;
            k = next;
        }
        return k;
    }

    private static PrivateKey scalar(byte[] k) {
        return PrivateKey.of(Algorithm.DHKEM_X25519, k);
    }

    /** Adds one engine's tests to {@code nodes}. */
    private interface Cases {
        void add(KeyAgreementSpi dh, VectorTally tally, List<DynamicNode> nodes);
    }

    private static Stream<DynamicNode> perEngine(String file, Cases cases) {
        List<DynamicNode> out = new ArrayList<>();
        for (String provider : ClassicalEngines.providersOf(Algorithm.DHKEM_X25519)) {
            KemSpi kem = ClassicalEngines.REGISTRY.kem(Algorithm.DHKEM_X25519, provider);
            VectorTally tally = new VectorTally(file, provider);
            List<DynamicNode> nodes = new ArrayList<>();
            if (kem instanceof KeyAgreementSpi dh) {
                cases.add(dh, tally, nodes);
            } else {
                nodes.add(tally.skip("all cases", Vectors.json(file).size(),
                        provider + " does not expose the raw X25519 function (KeyAgreementSpi)"));
            }
            nodes.add(tally.summary());
            out.add(DynamicContainer.dynamicContainer(provider, nodes));
        }
        return out.stream();
    }
}

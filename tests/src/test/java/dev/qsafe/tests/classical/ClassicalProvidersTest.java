package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.registry.ProviderStatus;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Discovery, weights and selection of the two classical providers, as the registry sees them. */
class ClassicalProvidersTest {
    private static final Set<Algorithm> ALGORITHMS = Set.of(Algorithm.DHKEM_X25519, Algorithm.ED25519,
            Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305, Algorithm.HKDF_SHA256, Algorithm.HKDF_SHA384);

    private static ProviderStatus status(String name) {
        return ClassicalEngines.REGISTRY.providers().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " was not discovered: " + ClassicalEngines.REGISTRY.providers()));
    }

    @Test
    void discovery_bothClassicalProviders_areActiveWithAllSevenAlgorithms_bcAlsoArgon2id() {
        for (String name : new String[] {ClassicalEngines.JDK, ClassicalEngines.BC}) {
            ProviderStatus s = status(name);
            assertEquals(ProviderStatus.State.ACTIVE, s.state(), name + ": " + s.reason());
            assertEquals("dev.qsafe.provider.classical", s.module(), name);
            Set<Algorithm> expected = new java.util.HashSet<>(ALGORITHMS);
            if (name.equals(ClassicalEngines.BC)) {
                expected.add(Algorithm.ARGON2ID); // the JDK has no Argon2
            }
            assertEquals(expected, s.weights().keySet(), name);
            assertFalse(s.hardwareBacked(), name);
        }
        assertTrue(status(ClassicalEngines.JDK).reason().startsWith("JDK " + Runtime.version()), status(ClassicalEngines.JDK).reason());
        assertTrue(status(ClassicalEngines.BC).reason().startsWith("Bouncy Castle 1.87"), status(ClassicalEngines.BC).reason());
    }

    @Test
    void weights_followTheBenchmarks() {
        assertEquals(Map.of(Algorithm.DHKEM_X25519, 100, Algorithm.ED25519, 100, Algorithm.AES_128_GCM, 200,
                Algorithm.AES_256_GCM, 200, Algorithm.CHACHA20_POLY1305, 150, Algorithm.HKDF_SHA256, 150,
                Algorithm.HKDF_SHA384, 150),
                status(ClassicalEngines.JDK).weights());
        assertEquals(Map.of(Algorithm.DHKEM_X25519, 200, Algorithm.ED25519, 200, Algorithm.AES_128_GCM, 100,
                Algorithm.AES_256_GCM, 100, Algorithm.CHACHA20_POLY1305, 100, Algorithm.HKDF_SHA256, 100,
                Algorithm.HKDF_SHA384, 100, Algorithm.ARGON2ID, 100),
                status(ClassicalEngines.BC).weights());
    }

    @Test
    void selection_prefersBouncyCastleForCurvesAndTheJdkForSymmetricAlgorithms() {
        // Only the two classical providers are compared: other providers (hardware-backed) may rank above both.
        for (Algorithm alg : ALGORITHMS) {
            var order = ClassicalEngines.providersOf(alg).stream()
                    .filter(p -> p.equals(ClassicalEngines.JDK) || p.equals(ClassicalEngines.BC)).toList();
            boolean curve = alg.equals(Algorithm.DHKEM_X25519) || alg.equals(Algorithm.ED25519);
            assertEquals(curve ? ClassicalEngines.BC : ClassicalEngines.JDK, order.getFirst(), alg.toString());
        }
    }

    @Test
    void engineOfAnotherAlgorithm_failsWithUnsupportedAlgorithm() {
        assertThrows(UnsupportedAlgorithmException.class,
                () -> ClassicalEngines.REGISTRY.kem(Algorithm.ML_KEM_768, ClassicalEngines.BC));
        assertThrows(UnsupportedAlgorithmException.class,
                () -> ClassicalEngines.REGISTRY.signature(Algorithm.ML_DSA_65, ClassicalEngines.JDK));
    }
}

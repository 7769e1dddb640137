package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.api.spi.XofSpi;
import dev.qsafe.runtime.registry.ProviderStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@code bc-pqc} provider as discovery sees it on the module path: its status, its algorithms and
 * weights, and the engines it creates.
 */
class BcPqcProviderTest {
    private static final List<Algorithm> ALGORITHMS = List.of(Algorithm.ML_KEM_512, Algorithm.ML_KEM_768,
            Algorithm.ML_KEM_1024, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87,
            Algorithm.SLH_DSA_SHA2_128S, Algorithm.SLH_DSA_SHA2_128F, Algorithm.SHAKE256, Algorithm.SHAKE128);

    @Test
    void discovery_findsBcPqcActiveInItsModule() {
        ProviderStatus status = status();
        assertEquals(ProviderStatus.State.ACTIVE, status.state(), status::reason);
        assertEquals("dev.qsafe.provider.pqc", status.module());
        assertEquals("Bouncy Castle 1.87 lightweight API, pure Java", status.description());
        assertFalse(status.hardwareBacked());
    }

    @Test
    void algorithms_areTheFipsSetsAndTheShakesWithWeight100() {
        Map<Algorithm, Integer> expected = ALGORITHMS.stream().collect(Collectors.toMap(a -> a, a -> 100));
        assertEquals(expected, status().weights());
    }

    @Test
    void engines_implementTheirAlgorithm() {
        for (Algorithm alg : ALGORITHMS) {
            Algorithm implemented = switch (alg.kind()) {
                case KEM -> assertInstanceOf(KemSpi.class, PqcEngines.kem(alg, PqcEngines.BC_PQC)).algorithm();
                case SIGNATURE -> assertInstanceOf(SignatureSpi.class, PqcEngines.signature(alg, PqcEngines.BC_PQC)).algorithm();
                case XOF -> assertInstanceOf(XofSpi.class, PqcEngines.registry().xof(alg, PqcEngines.BC_PQC)).algorithm();
                default -> throw new AssertionError("bc-pqc offers no " + alg.kind() + ": " + alg);
            };
            assertEquals(alg, implemented);
        }
    }

    @Test
    void otherAlgorithms_areNotOffered() {
        assertThrows(UnsupportedAlgorithmException.class, () -> PqcEngines.kem(Algorithm.X_WING, PqcEngines.BC_PQC));
        assertThrows(UnsupportedAlgorithmException.class, () -> PqcEngines.signature(Algorithm.ED25519, PqcEngines.BC_PQC));
    }

    private static ProviderStatus status() {
        return PqcEngines.registry().providers().stream().filter(p -> p.name().equals(PqcEngines.BC_PQC)).findFirst()
                .orElseThrow(() -> new AssertionError("bc-pqc not discovered: " + PqcEngines.registry().providers()));
    }
}

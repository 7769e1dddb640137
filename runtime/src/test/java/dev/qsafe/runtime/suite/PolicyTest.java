package dev.qsafe.runtime.suite;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.PolicyViolationException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
    @Test
    void minCategory_appliesToKemSignatureAead_notKdf() {
        Policy p = new Policy(Set.of(), 3);
        p.check("suite hybrid-v1", Suite.HYBRID.algorithms()); // HKDF-SHA256 is category 2, exempt
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> p.check("suite classical-v1", Suite.CLASSICAL.algorithms()));
        assertTrue(e.getMessage().startsWith("suite classical-v1") && e.getMessage().contains("minNistCategory 3"), e.getMessage());
    }

    @Test
    void allowList_refusesOthersNamingTheRule() {
        Policy p = new Policy(Set.copyOf(Suite.PQC.algorithms()), 0);
        p.check("suite pqc-v1", Suite.PQC.algorithms());
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> p.check("suite pqc-768-v1", Suite.PQC_768.algorithms()));
        assertTrue(e.getMessage().contains("ML-KEM-768") && e.getMessage().contains("allowedAlgorithms"), e.getMessage());
    }

    @Test
    void constructor_rejectsOutOfRangeCategory() {
        assertThrows(IllegalArgumentException.class, () -> new Policy(Set.of(), 6));
    }
}

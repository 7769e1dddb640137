package dev.qsafe.runtime.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import org.junit.jupiter.api.Test;

class SuiteTest {
    @Test
    void defaults_followTheDesignModeTable() {
        assertEquals(Algorithm.DHKEM_X25519, Suite.defaultFor(CryptoMode.CLASSICAL).kem());
        assertEquals(Algorithm.X_WING, Suite.defaultFor(CryptoMode.HYBRID).kem());
        assertEquals(Algorithm.MLDSA65_ED25519, Suite.defaultFor(CryptoMode.HYBRID).signature());
        assertEquals(Algorithm.ML_KEM_1024, Suite.defaultFor(CryptoMode.PQC).kem());
        assertEquals(Algorithm.ML_DSA_87, Suite.defaultFor(CryptoMode.PQC).signature());
        for (CryptoMode m : CryptoMode.values()) {
            assertEquals(m, Suite.defaultFor(m).mode());
        }
    }

    @Test
    void constructor_algorithmInWrongSlot_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Suite("bad", CryptoMode.PQC,
                Algorithm.ML_DSA_65, Algorithm.ML_DSA_65, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256));
    }
}

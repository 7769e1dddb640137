package dev.qsafe.runtime.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void pqcSuite_withClassicalOrHybridAlgorithmsOrA128BitAead_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Suite("fake-pqc", CryptoMode.PQC,
                Algorithm.DHKEM_X25519, Algorithm.ED25519, Algorithm.AES_128_GCM, Algorithm.HKDF_SHA256));
        assertTrue(e.getMessage().contains("DHKEM-X25519-HKDF-SHA256") && e.getMessage().contains("classical-only"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Suite("x", CryptoMode.PQC,
                Algorithm.ML_KEM_1024, Algorithm.ED25519, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256));
        assertThrows(IllegalArgumentException.class, () -> new Suite("x", CryptoMode.PQC,
                Algorithm.X_WING, Algorithm.ML_DSA_87, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256));
        IllegalArgumentException aead = assertThrows(IllegalArgumentException.class, () -> new Suite("x", CryptoMode.PQC,
                Algorithm.ML_KEM_1024, Algorithm.ML_DSA_87, Algorithm.AES_128_GCM, Algorithm.HKDF_SHA256));
        assertTrue(aead.getMessage().contains("AES-128-GCM"), aead.getMessage());
        // What the rules allow: other post-quantum algorithms and categories, another 256-bit AEAD.
        new Suite("x", CryptoMode.PQC, Algorithm.ML_KEM_512, Algorithm.SLH_DSA_SHA2_128S, Algorithm.CHACHA20_POLY1305,
                Algorithm.HKDF_SHA256);
    }

    @Test
    void hybridSuite_needsAHybridKemAndSignature() {
        assertThrows(IllegalArgumentException.class, () -> new Suite("x", CryptoMode.HYBRID,
                Algorithm.ML_KEM_768, Algorithm.MLDSA65_ED25519, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256));
        assertThrows(IllegalArgumentException.class, () -> new Suite("x", CryptoMode.HYBRID,
                Algorithm.X_WING, Algorithm.ED25519, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256));
        assertThrows(IllegalArgumentException.class, () -> new Suite("x", CryptoMode.HYBRID,
                Algorithm.X_WING, Algorithm.MLDSA44_ED25519, Algorithm.AES_128_GCM, Algorithm.HKDF_SHA256));
        new Suite("x", CryptoMode.HYBRID, Algorithm.X_WING, Algorithm.MLDSA44_ED25519, Algorithm.CHACHA20_POLY1305,
                Algorithm.HKDF_SHA256);
    }

    @Test
    void everyBuiltInSuite_keepsTheRulesOfItsMode() {
        for (Suite s : Suite.builtIn()) {
            assertEquals(java.util.Optional.empty(), ModeRules.violation(s.mode(), s.kem(), s.signature(), s.aead(), s.kdf()),
                    s.name());
        }
    }

    @Test
    void builtInSuiteName_withOtherAlgorithms_isRejected_inAnyCase() {
        for (String name : java.util.List.of("pqc-v1", "PQC-V1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Suite(name, CryptoMode.PQC,
                    Algorithm.ML_KEM_768, Algorithm.ML_DSA_65, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256));
            assertTrue(e.getMessage().contains("built-in"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Suite("classical-v1", CryptoMode.PQC,
                Algorithm.ML_KEM_1024, Algorithm.ML_DSA_87, Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256));
        assertEquals(Suite.PQC, new Suite("pqc-v1", CryptoMode.PQC, Algorithm.ML_KEM_1024, Algorithm.ML_DSA_87,
                Algorithm.AES_256_GCM, Algorithm.HKDF_SHA256), "the same definition is the built-in suite itself");
    }
}

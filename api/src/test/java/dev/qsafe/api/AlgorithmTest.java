package dev.qsafe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AlgorithmTest {
    @Test
    void forName_standardNames_caseInsensitive() {
        assertSame(Algorithm.ML_KEM_768, Algorithm.forName("ml-kem-768"));
        assertSame(Algorithm.X_WING, Algorithm.forName("X-Wing"));
        assertSame(Algorithm.MLDSA65_ED25519, Algorithm.forName("MLDSA65-Ed25519-SHA512"));
    }

    @Test
    void equalsAndHashCode_ignoreCaseAndSurroundingSpace_forAsciiAndOtherNames() {
        String[][] same = {{"Ed25519", "ED25519"}, {"X-Wing", "x-wing"}, {" ChaCha20-Poly1305\t", "CHACHA20-POLY1305"},
                {"stra\u00dfe-KEM", "STRASSE-KEM"}, {"\u00e9-sig", "\u00c9-SIG"}, {" padded ", "PADDED"}};
        for (String[] pair : same) {
            Algorithm a = new Algorithm(pair[0], AlgorithmKind.KEM, 0, 1, 1, 1, 1, 0, 0, 0, 0, -1, "");
            Algorithm b = new Algorithm(pair[1], AlgorithmKind.KEM, 0, 1, 1, 1, 1, 0, 0, 0, 0, -1, "");
            assertEquals(a, b, pair[0]);
            assertEquals(a.hashCode(), b.hashCode(), pair[0]);
            assertEquals(pair[1].trim().toUpperCase(java.util.Locale.ROOT).hashCode(), b.hashCode(), pair[1]);
        }
        assertFalse(Algorithm.ED25519.equals(Algorithm.X_WING));
        assertEquals(Algorithm.ED25519, Algorithm.forName("ed25519"));
    }

    @Test
    void forName_unknown_failsTyped() {
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class, () -> Algorithm.forName("RSA-512"));
        assertTrue(e.getMessage().contains("RSA-512") && e.getMessage().contains("ML-KEM-768"), e.getMessage());
    }

    @Test
    void sizesAndIds_matchTheStandards() {
        // FIPS 203 table 3, FIPS 204 table 2, RFC 9180 section 7, draft-connolly-cfrg-xwing-kem.
        assertEquals(1184, Algorithm.ML_KEM_768.publicKeySize());
        assertEquals(1088, Algorithm.ML_KEM_768.ciphertextSize());
        assertEquals(1568, Algorithm.ML_KEM_1024.ciphertextSize());
        assertEquals(3309, Algorithm.ML_DSA_65.signatureSize());
        assertEquals(4627, Algorithm.ML_DSA_87.signatureSize());
        assertEquals(1216, Algorithm.X_WING.publicKeySize());
        assertEquals(1120, Algorithm.X_WING.ciphertextSize());
        assertEquals(0x0020, Algorithm.DHKEM_X25519.hpke().getAsInt());
        assertEquals(0x0041, Algorithm.ML_KEM_768.hpke().getAsInt());
        assertEquals(0x0042, Algorithm.ML_KEM_1024.hpke().getAsInt());
        assertEquals(0x647A, Algorithm.X_WING.hpke().getAsInt());
        assertEquals(0x0002, Algorithm.AES_256_GCM.hpke().getAsInt());
        assertEquals(0x0040, Algorithm.ML_KEM_512.hpke().getAsInt());
        assertTrue(Algorithm.ED25519.hpke().isEmpty());
    }

    @Test
    void oids_areTheStandardKeyIdentifiers() {
        assertEquals("1.3.101.110", Algorithm.DHKEM_X25519.oid());
        assertEquals("1.3.101.112", Algorithm.ED25519.oid());
        assertEquals("2.16.840.1.101.3.4.4.2", Algorithm.ML_KEM_768.oid());
        assertEquals("2.16.840.1.101.3.4.3.18", Algorithm.ML_DSA_65.oid());
        assertEquals("1.3.6.1.5.5.7.6.48", Algorithm.MLDSA65_ED25519.oid());
        assertEquals("", Algorithm.AES_256_GCM.oid());
        assertThrows(IllegalArgumentException.class,
                () -> new Algorithm("x", AlgorithmKind.KDF, 1, 0, 0, 0, 0, 0, 0, 0, 0, -1, "1.2.x"));
    }

    @Test
    void nistCategory_classicalIsZero_postQuantumIsPositive() {
        assertFalse(Algorithm.DHKEM_X25519.isPostQuantum());
        assertFalse(Algorithm.ED25519.isPostQuantum());
        assertEquals(3, Algorithm.ML_KEM_768.nistCategory());
        assertEquals(5, Algorithm.ML_DSA_87.nistCategory());
        assertTrue(Algorithm.X_WING.isPostQuantum());
    }

    @Test
    void define_newAlgorithm_isUsable_andCannotRedefineAKnownOne() {
        Algorithm mine = Algorithm.define(new Algorithm("Example-KEM", AlgorithmKind.KEM, 1, 10, 10, 10, 32, 0, 0, 0, 0, -1, ""));
        assertEquals("Example-KEM", mine.name());
        assertSame(Algorithm.ED25519, Algorithm.define(Algorithm.ED25519));
        assertThrows(IllegalArgumentException.class,
                () -> Algorithm.define(new Algorithm("Ed25519", AlgorithmKind.SIGNATURE, 5, 1, 1, 0, 0, 1, 0, 0, 0, -1, "")));
    }

    @Test
    void define_makesTheNameKnown_andRefusesCollisions() {
        Algorithm mine = Algorithm.define(Algorithm.builder("AlgorithmTest-KDF", AlgorithmKind.KDF).nistCategory(4)
                .keySize(64).hpkeId(0x7F01).oid("1.3.6.1.4.1.99999.1").build());
        assertSame(mine, Algorithm.forName("algorithmtest-kdf"));
        assertEquals(java.util.Optional.of(mine), Algorithm.forHpkeId(AlgorithmKind.KDF, 0x7F01));
        assertTrue(Algorithm.defined().contains(mine));
        assertFalse(mine.isWellKnown());
        assertTrue(Algorithm.ED25519.isWellKnown());
        // the same parameters again: the first definition
        assertSame(mine, Algorithm.define(Algorithm.builder("AlgorithmTest-KDF", AlgorithmKind.KDF).nistCategory(4)
                .keySize(64).hpkeId(0x7F01).oid("1.3.6.1.4.1.99999.1").build()));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> Algorithm.define(
                Algorithm.builder("AlgorithmTest-KDF", AlgorithmKind.KDF).nistCategory(4).keySize(32).build()));
        assertTrue(other.getMessage().contains("already defined with other parameters"), other.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> Algorithm.define(
                Algorithm.builder("AlgorithmTest-KEM", AlgorithmKind.KEM).hpkeId(0x0041).build()));
        assertTrue(id.getMessage().contains("HPKE KEM id 0x0041, which is ML-KEM-768's"), id.getMessage());
        IllegalArgumentException oid = assertThrows(IllegalArgumentException.class, () -> Algorithm.define(
                Algorithm.builder("AlgorithmTest-SIG", AlgorithmKind.SIGNATURE).oid("1.3.101.112").build()));
        assertTrue(oid.getMessage().contains("OID 1.3.101.112, which is Ed25519's"), oid.getMessage());
        assertThrows(UnsupportedAlgorithmException.class, () -> Algorithm.forName("AlgorithmTest-KEM"));
    }

    @Test
    void builder_namesEachField_andDefaultsToNone() {
        Algorithm built = Algorithm.builder("Example-KEM-2", AlgorithmKind.KEM).nistCategory(3).publicKeySize(1184)
                .privateKeySize(64).ciphertextSize(1088).sharedSecretSize(32).hpkeId(0x0041).oid("1.2.3").build();
        assertEquals(new Algorithm("Example-KEM-2", AlgorithmKind.KEM, 3, 1184, 64, 1088, 32, 0, 0, 0, 0, 0x0041, "1.2.3"),
                built);
        assertEquals(1088, built.ciphertextSize());
        assertEquals(0x0041, built.hpkeId());
        Algorithm bare = Algorithm.builder("Example-KDF", AlgorithmKind.KDF).build();
        assertEquals(-1, bare.hpkeId());
        assertEquals("", bare.oid());
        assertEquals(0, bare.keySize());
        assertThrows(IllegalArgumentException.class,
                () -> Algorithm.builder("x", AlgorithmKind.KDF).nistCategory(6).build());
        // every well-known constant is what the builder-based table says, field for field
        assertEquals(Algorithm.ML_KEM_768, Algorithm.define(Algorithm.builder("ML-KEM-768", AlgorithmKind.KEM)
                .nistCategory(3).publicKeySize(1184).privateKeySize(64).ciphertextSize(1088).sharedSecretSize(32)
                .hpkeId(0x0042 - 1).oid("2.16.840.1.101.3.4.4.2").build()));
    }

    @Test
    void constructor_rejectsImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new Algorithm(" ", AlgorithmKind.KDF, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, ""));
        assertThrows(IllegalArgumentException.class, () -> new Algorithm("x", AlgorithmKind.KDF, 6, 0, 0, 0, 0, 0, 0, 0, 0, -1, ""));
        assertThrows(IllegalArgumentException.class, () -> new Algorithm("x", AlgorithmKind.KDF, 1, -1, 0, 0, 0, 0, 0, 0, 0, -1, ""));
        assertThrows(IllegalArgumentException.class, () -> new Algorithm("x", AlgorithmKind.KDF, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x10000, ""));
    }

    @Test
    void equality_isByNameIgnoringCase() {
        Algorithm same = new Algorithm("ml-kem-768", AlgorithmKind.KEM, 3, 1184, 64, 1088, 32, 0, 0, 0, 0, 0x0041, "");
        assertEquals(Algorithm.ML_KEM_768, same);
        assertEquals(Algorithm.ML_KEM_768.hashCode(), same.hashCode());
    }
}

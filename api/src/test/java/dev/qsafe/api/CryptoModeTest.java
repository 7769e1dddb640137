package dev.qsafe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CryptoModeTest {
    @Test
    void parse_namesAndAliases_caseInsensitive() {
        assertEquals(CryptoMode.CLASSICAL, CryptoMode.parse("Classical"));
        assertEquals(CryptoMode.HYBRID, CryptoMode.parse(" hybrid "));
        assertEquals(CryptoMode.PQC, CryptoMode.parse("PQC"));
        assertEquals(CryptoMode.PQC, CryptoMode.parse("quantum"));
        assertEquals(CryptoMode.PQC, CryptoMode.parse("pq"));
    }

    @Test
    void parse_unknownOrMissing_failsWithTypedErrorListingModes() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CryptoMode.parse("post-quantum-ish"));
        assertTrue(e.getMessage().contains("classical, hybrid, pqc"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> CryptoMode.parse(null));
    }
}

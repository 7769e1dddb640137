package dev.qsafe.runtime.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.InvalidKeyException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The DER reader and writer on their own: length forms, OIDs, integers and the strictness rules. */
class DerTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Der.Reader reader(String hex) {
        return Der.Reader.of("test", HEX.parseHex(hex));
    }

    @Test
    void lengths_useTheMinimalForm_atEveryBoundary() {
        for (int n : new int[] {0, 1, 127, 128, 255, 256, 65_535, 65_536}) {
            byte[] der = Der.octetString(new byte[n]);
            int headerLength = n < 0x80 ? 2 : n < 0x100 ? 3 : n < 0x10000 ? 4 : 5;
            assertEquals(headerLength + n, der.length, "length " + n);
            Der.Reader r = Der.Reader.of("test", der);
            assertEquals(n, r.octetString("value").length);
            r.requireEnd();
        }
    }

    @Test
    void oid_roundTrips_includingLargeArcs() {
        for (String oid : new String[] {"1.3.101.112", "2.16.840.1.101.3.4.4.2", "1.3.6.1.4.1.62253.25722",
                "2.999.1", "0.0", "1.39", "2.5.4.3", "1.2.18446744073709551616"}) {
            assertEquals(oid, Der.Reader.of("test", Der.oid(oid)).oid("oid"), oid);
        }
        assertEquals("06032b6570", HEX.formatHex(Der.oid("1.3.101.112")));
        assertEquals("0603883703", HEX.formatHex(Der.oid("2.999.3")));
    }

    @Test
    void integer_smallValues_areMinimal() {
        assertEquals("020100", HEX.formatHex(Der.integer(0)));
        assertEquals("02020080", HEX.formatHex(Der.integer(128)));
        assertEquals(128, reader("02020080").smallInteger("i"));
        assertEquals(Integer.MAX_VALUE, reader("02047fffffff").smallInteger("i"));
        for (String bad : new String[] {"0200", "02020001", "0201ff", "0202ff80", "02050080000000"}) {
            assertThrows(InvalidKeyException.class, () -> reader(bad).smallInteger("i"), bad);
        }
    }

    @Test
    void bitString_onlyWholeOctets() {
        assertArrayEquals(new byte[] {1, 2}, reader("0303000102").bitString("b"));
        assertThrows(InvalidKeyException.class, () -> reader("0303010102").bitString("b"));
        assertThrows(InvalidKeyException.class, () -> reader("0300").bitString("b"));
    }

    @Test
    void nesting_isLimited() {
        byte[] der = new byte[0];
        for (int i = 0; i < Der.MAX_DEPTH + 1; i++) {
            der = Der.sequence(der);
        }
        Der.Reader r = Der.Reader.of("test", der);
        for (int i = 0; i < Der.MAX_DEPTH; i++) {
            r = r.sequence("level " + i);
        }
        Der.Reader deepest = r;
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> deepest.sequence("too deep"));
        assertTrue(e.getMessage().startsWith("test is malformed"), e.getMessage());
    }

    @Test
    void errors_nameTheContext_andNotTheBytes() {
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> reader("0484ffffffff").octetString("secret"));
        assertTrue(e.getMessage().startsWith("test is malformed: length 4294967295 of secret exceeds"), e.getMessage());
        assertFalse(e.getMessage().toLowerCase().contains("ffffffff"));
    }

    @Test
    void nullAndSkip() {
        Der.Reader r = reader("0500a0020500");
        r.nullValue("n");
        r.skip("attributes");
        r.requireEnd();
        assertThrows(InvalidKeyException.class, () -> reader("050100").nullValue("n"));
    }
}

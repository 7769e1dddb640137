package dev.qsafe.provider.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.provider.toolkit.Ed25519Encodings.Point;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte-level checks of the Ed25519 verification rule, on the boundary encodings. */
class Ed25519EncodingsTest {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** RFC 8032 section 5.1: L = 2^252 + 27742317777372353535851937790883648493. */
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    /** The 32-byte little-endian encoding of y, with the sign bit of x set if {@code negative}. */
    private static byte[] point(BigInteger y, boolean negative) {
        byte[] out = littleEndian(y);
        if (negative) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    private static byte[] littleEndian(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    private static Point classify(byte[] encoded) {
        return Ed25519Encodings.classify(encoded, 0);
    }

    @Test
    void yJustBelowP_isCanonical_yFromPUp_isNot() {
        // y = p - 1 is canonical: the point of order 2 (x = 0), so refused as small order, not as non-canonical.
        assertEquals(Point.SMALL_ORDER, classify(point(P.subtract(BigInteger.ONE), false)));
        assertEquals(Point.ACCEPTABLE, classify(point(P.subtract(BigInteger.TWO), false)));
        assertEquals(Point.ACCEPTABLE, classify(point(P.subtract(BigInteger.TWO), true)));
        for (int k = 0; k <= 18; k++) { // p .. 2^255 - 1, either sign
            BigInteger y = P.add(BigInteger.valueOf(k));
            assertEquals(Point.NON_CANONICAL, classify(point(y, false)), "y = p + " + k);
            assertEquals(Point.NON_CANONICAL, classify(point(y, true)), "y = p + " + k + ", sign bit set");
        }
    }

    @Test
    void xZeroWithTheSignBit_isNonCanonical_otherYWithTheSignBit_isNot() {
        assertEquals(Point.NON_CANONICAL, classify(point(BigInteger.ONE, true)));
        assertEquals(Point.NON_CANONICAL, classify(point(P.subtract(BigInteger.ONE), true)));
        assertEquals(Point.SMALL_ORDER, classify(point(BigInteger.ONE, false)));
        assertEquals(Point.ACCEPTABLE, classify(point(BigInteger.TWO, true)));
        assertEquals(Point.ACCEPTABLE, classify(point(P.subtract(BigInteger.valueOf(3)), true)));
        // The same low byte as y = 1 or y = p - 1 but another y: not x = 0.
        assertEquals(Point.ACCEPTABLE, classify(point(BigInteger.ONE.add(BigInteger.ONE.shiftLeft(8)), true)));
        assertEquals(Point.ACCEPTABLE, classify(point(P.subtract(BigInteger.ONE).subtract(BigInteger.ONE.shiftLeft(240)), true)));
    }

    /** The fourteen encodings of the small-order points in the C2SP CCTV Ed25519 README: eight canonical, six not. */
    @ParameterizedTest
    @ValueSource(strings = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"})
    void canonicalSmallOrderPoints_areSmallOrder(String hex) {
        assertEquals(Point.SMALL_ORDER, classify(HexFormat.of().parseHex(hex)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0100000000000000000000000000000000000000000000000000000000000080",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"})
    void otherEncodingsOfSmallOrderPoints_areNonCanonical(String hex) {
        assertEquals(Point.NON_CANONICAL, classify(HexFormat.of().parseHex(hex)));
    }

    @Test
    void basePoint_isAcceptable_atAnyOffset() {
        // RFC 8032 section 5.1: B has y = 4/5; its encoding.
        byte[] b = HexFormat.of().parseHex("5866666666666666666666666666666666666666666666666666666666666666");
        assertEquals(Point.ACCEPTABLE, classify(b));
        byte[] signature = new byte[64];
        System.arraycopy(b, 0, signature, 32, 32);
        assertEquals(Point.SMALL_ORDER, Ed25519Encodings.classify(signature, 0), "all-zero bytes encode a point of order 4");
        assertEquals(Point.ACCEPTABLE, Ed25519Encodings.classify(signature, 32));
    }

    @Test
    void scalar_belowL_only() {
        assertTrue(below(BigInteger.ZERO));
        assertTrue(below(L.subtract(BigInteger.ONE)));
        assertFalse(below(L));
        assertFalse(below(L.add(BigInteger.ONE)));
        assertFalse(below(BigInteger.TWO.pow(253)));
        assertFalse(below(BigInteger.TWO.pow(256).subtract(BigInteger.ONE)));
        // Same top byte as L, lower elsewhere: below.
        assertTrue(below(BigInteger.TWO.pow(252)));
    }

    private static boolean below(BigInteger s) {
        byte[] signature = new byte[64];
        System.arraycopy(littleEndian(s), 0, signature, 32, 32);
        return Ed25519Encodings.scalarBelowOrder(signature, 32);
    }
}

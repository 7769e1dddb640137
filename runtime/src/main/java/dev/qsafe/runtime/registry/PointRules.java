package dev.qsafe.runtime.registry;

import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The public-key validity rules of the provider contract (docs/PROVIDERS.md, "Trust: what the registry
 * checks"), on bytes only: the registry applies them on the way into every engine, so no engine, qsafe's
 * or a third party's, can skip them. Inputs are public: variable time is fine.
 *
 * <ul>
 *   <li>An Ed25519 point (the public key A, the R half of a signature) must be the canonical encoding of
 *       RFC 8032 section 5.1.3 (y below p; x = 0 only with the sign bit clear) and not one of the eight
 *       points of small order. Together this refuses all fourteen encodings of small-order points that
 *       C2SP CCTV lists (eight canonical, six not), including {@code 01 00..00 80} and y = p + 1, the
 *       non-canonical encodings of the neutral point under which one signature verifies every message.</li>
 *   <li>An Ed25519 S must be below the group order L (RFC 8032 section 5.1.7).</li>
 *   <li>An X25519 public key (a KEM recipient key, a DHKEM encapsulation) must be canonical (u below p,
 *       bit 255 clear) and not a u-coordinate of small order (0, 1, the two of order 8, p - 1); with the
 *       top bit ignored, the same seven values as libsodium's blocklist refuse the low-order ones in any
 *       encoding.</li>
 * </ul>
 */
final class PointRules {
    /** What is wrong with an encoded point, or nothing. */
    enum Verdict {
        ACCEPTABLE, NON_CANONICAL, SMALL_ORDER
    }

    static final int LENGTH = 32;

    /** The canonical encodings of the eight edwards25519 points of small order (C2SP CCTV Ed25519 README). */
    private static final byte[][] ED25519_SMALL_ORDER = hex(
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa");

    /**
     * The u-coordinates of small order on curve25519 and their encodings at or above p (libsodium's
     * {@code crypto_scalarmult_curve25519} blocklist): 0, 1, the two points of order 8, p - 1, p, p + 1.
     * Compared with bit 255 cleared.
     */
    private static final byte[][] X25519_SMALL_ORDER = hex(
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
            "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

    /** L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
    private static final byte[] L = HexFormat.of().parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

    private PointRules() {
    }

    /** Classifies the Ed25519 point encoded in the 32 bytes of {@code e} from {@code offset}. */
    static Verdict ed25519(byte[] e, int offset) {
        if (yAtLeastP(e, offset) || negativeZeroX(e, offset)) {
            return Verdict.NON_CANONICAL;
        }
        return matches(ED25519_SMALL_ORDER, e, offset, false) ? Verdict.SMALL_ORDER : Verdict.ACCEPTABLE;
    }

    /** Whether the 32-byte little-endian scalar at {@code offset} is below L. */
    static boolean ed25519ScalarBelowOrder(byte[] s, int offset) {
        for (int i = LENGTH - 1; i >= 0; i--) {
            int a = s[offset + i] & 0xff;
            int b = L[i] & 0xff;
            if (a != b) {
                return a < b;
            }
        }
        return false;
    }

    /** Classifies the X25519 u-coordinate encoded in the 32 bytes of {@code e} from {@code offset}. */
    static Verdict x25519(byte[] e, int offset) {
        if (matches(X25519_SMALL_ORDER, e, offset, true)) {
            return Verdict.SMALL_ORDER;
        }
        if ((e[offset + LENGTH - 1] & 0x80) != 0 || yAtLeastP(e, offset)) {
            return Verdict.NON_CANONICAL;
        }
        return Verdict.ACCEPTABLE;
    }

    /** Whether the X25519 u-coordinate is one of small order, in any encoding (the raw DH function's rule). */
    static boolean x25519SmallOrder(byte[] e, int offset) {
        return matches(X25519_SMALL_ORDER, e, offset, true);
    }

    private static boolean matches(byte[][] table, byte[] e, int offset, boolean ignoreTopBit) {
        for (byte[] t : table) {
            boolean same = true;
            for (int i = 0; i < LENGTH && same; i++) {
                int a = e[offset + i];
                if (ignoreTopBit && i == LENGTH - 1) {
                    a &= 0x7f;
                }
                same = (byte) a == t[i];
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    /** The low 255 bits are at least p = 2^255 - 19. */
    private static boolean yAtLeastP(byte[] e, int offset) {
        if ((e[offset + LENGTH - 1] & 0x7f) != 0x7f) {
            return false;
        }
        for (int i = 1; i < LENGTH - 1; i++) {
            if (e[offset + i] != (byte) 0xff) {
                return false;
            }
        }
        return (e[offset] & 0xff) >= 0xed;
    }

    /** x = 0 (y = 1 or y = p - 1) with the sign bit set, which RFC 8032 section 5.1.3 step 4 refuses. */
    private static boolean negativeZeroX(byte[] e, int offset) {
        if ((e[offset + LENGTH - 1] & 0x80) == 0) {
            return false;
        }
        int low = e[offset] & 0xff;
        byte middle = low == 0x01 ? 0 : low == 0xec ? (byte) 0xff : 1;
        if (middle == 1) {
            return false;
        }
        for (int i = 1; i < LENGTH - 1; i++) {
            if (e[offset + i] != middle) {
                return false;
            }
        }
        return (e[offset + LENGTH - 1] & 0x7f) == (middle == 0 ? 0 : 0x7f);
    }

    private static byte[][] hex(String... values) {
        return Stream.of(values).map(HexFormat.of()::parseHex).toArray(byte[][]::new);
    }
}

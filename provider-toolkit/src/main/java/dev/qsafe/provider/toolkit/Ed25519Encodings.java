package dev.qsafe.provider.toolkit;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The encoding checks of qsafe's Ed25519 verification rule, on bytes only (no curve arithmetic): a point
 * encoding (the public key A, the R half of a signature) must be canonical and must not be one of the
 * eight points of small order, and S must be below the group order L. They are the pre-checks of
 * libsodium's {@code crypto_sign_verify_detached} and ed25519-dalek's {@code verify_strict}; the C2SP
 * CCTV Ed25519 README (c2sp.org/CCTV/ed25519) lists the same fourteen encodings of the small-order
 * points that are refused here, eight canonical and six not.
 */
final class Ed25519Encodings {
    /** What an encoded point is, as far as the rule is concerned. */
    enum Point {
        /** Canonical, and not of small order: left to the backend's decoding and equation. */
        ACCEPTABLE,
        /**
         * Not the canonical encoding RFC 8032 section 5.1.3 decodes: y (the low 255 bits) at least
         * p = 2^255 - 19, or x = 0 with the sign bit set (y = 1 or y = p - 1, the only points with x = 0).
         */
        NON_CANONICAL,
        /** The canonical encoding of one of the eight points of small order (order 1, 2, 4 or 8). */
        SMALL_ORDER
    }

    /** Length of an encoded point and of the scalar S. */
    static final int LENGTH = 32;

    /**
     * The canonical encodings of the eight points of small order: neutral, order 2, order 4 (two), order 8
     * (four). Source: the C2SP CCTV Ed25519 README, "Low-order edwards25519 point encodings"; the same
     * y values as libsodium's {@code ge25519_has_small_order} blocklist.
     */
    private static final byte[][] SMALL_ORDER = Stream.of(
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa")
            .map(HexFormat.of()::parseHex).toArray(byte[][]::new);

    /** The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian (RFC 8032 section 5.1). */
    private static final byte[] L = HexFormat.of().parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

    private Ed25519Encodings() {
    }

    /** Classifies the 32 bytes of {@code encoded} from {@code offset}. The inputs are public: variable time is fine. */
    static Point classify(byte[] encoded, int offset) {
        if (yAtLeastP(encoded, offset) || negativeZeroX(encoded, offset)) {
            return Point.NON_CANONICAL;
        }
        byte[] point = Arrays.copyOfRange(encoded, offset, offset + LENGTH);
        for (byte[] smallOrder : SMALL_ORDER) {
            if (MessageDigest.isEqual(smallOrder, point)) {
                return Point.SMALL_ORDER;
            }
        }
        return Point.ACCEPTABLE;
    }

    /** Whether the 32-byte little-endian scalar at {@code offset} is below L (RFC 8032 section 5.1.7, step 1). */
    static boolean scalarBelowOrder(byte[] scalar, int offset) {
        for (int i = LENGTH - 1; i >= 0; i--) {
            int s = scalar[offset + i] & 0xff;
            int l = L[i] & 0xff;
            if (s != l) {
                return s < l;
            }
        }
        return false; // equal to L
    }

    /** y >= p: bytes 1..30 all 0xff, the top byte 0x7f once the sign bit is cleared, and byte 0 at least 0xed. */
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
        if (low == 0x01) { // y = 1: bytes 1..31 zero apart from the sign bit
            for (int i = 1; i < LENGTH - 1; i++) {
                if (e[offset + i] != 0) {
                    return false;
                }
            }
            return (e[offset + LENGTH - 1] & 0x7f) == 0;
        }
        if (low == 0xec) { // y = p - 1 = 2^255 - 20: bytes 1..30 0xff, top byte 0x7f once the sign bit is cleared
            for (int i = 1; i < LENGTH - 1; i++) {
                if (e[offset + i] != (byte) 0xff) {
                    return false;
                }
            }
            return (e[offset + LENGTH - 1] & 0x7f) == 0x7f;
        }
        return false;
    }
}

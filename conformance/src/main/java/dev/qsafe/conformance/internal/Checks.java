package dev.qsafe.conformance.internal;

import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/** Comparisons that report what differed, and small byte helpers the checks share. */
final class Checks {
    /** Values up to this many bytes are shown in full in a failure message; longer ones abbreviated. */
    private static final int SHOWN_IN_FULL = 32;

    private Checks() {
    }

    /** Bytes shown on each side of the first difference of two long values. */
    private static final int CONTEXT = 8;

    /**
     * Compares in constant time; on a difference throws a {@link Mismatch} naming {@code what} and,
     * for long values, where they first differ.
     */
    static void equal(String what, byte[] expected, byte[] actual) {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new Mismatch(what + " differs: " + difference(expected, actual));
        }
    }

    /**
     * How two different values differ: both in full when short; otherwise the index of the first
     * differing byte (or where the shorter ends), the lengths, and the bytes around that index in each,
     * the first differing byte in brackets.
     */
    static String difference(byte[] expected, byte[] actual) {
        if (expected.length <= SHOWN_IN_FULL && actual.length <= SHOWN_IN_FULL) {
            return "expected " + show(expected) + ", got " + show(actual);
        }
        int at = 0;
        int common = Math.min(expected.length, actual.length);
        while (at < common && expected[at] == actual[at]) {
            at++;
        }
        String lengths = expected.length == actual.length ? expected.length + " bytes"
                : "expected " + expected.length + " bytes, got " + actual.length;
        return "first difference at byte " + at + " (" + lengths + "): expected " + around(expected, at)
                + ", got " + around(actual, at);
    }

    private static String around(byte[] value, int at) {
        HexFormat hex = HexFormat.of();
        int from = Math.max(0, at - CONTEXT);
        int to = Math.min(value.length, at + CONTEXT + 1);
        StringBuilder b = new StringBuilder(from > 0 ? ".." : "");
        b.append(hex.formatHex(value, from, Math.min(at, value.length)));
        if (at < value.length) {
            b.append('[').append(hex.toHexDigits(value[at])).append(']').append(hex.formatHex(value, at + 1, to));
        } else {
            b.append("[end]");
        }
        return b.append(to < value.length ? ".." : "").toString();
    }

    /** Compares with {@link Object#equals}; on a difference throws a {@link Mismatch} naming {@code what}. */
    static void equal(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new Mismatch(what + " differs: expected " + expected + ", got " + actual);
        }
    }

    /** The raw bytes of a shared secret, which the checks compare with the vector's. */
    static byte[] raw(SecretBytes secret) {
        return secret.rawBytes(SecretAccess.INSECURE);
    }

    /** The concatenation of {@code parts}. */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Hex of a value, abbreviated to its first and last bytes and length when long. */
    static String show(byte[] value) {
        HexFormat hex = HexFormat.of();
        if (value.length <= SHOWN_IN_FULL) {
            return value.length == 0 ? "(empty)" : hex.formatHex(value);
        }
        return hex.formatHex(value, 0, 8) + ".." + hex.formatHex(value, value.length - 4, value.length)
                + " (" + value.length + " bytes)";
    }
}

package dev.qsafe.runtime.keys;

import dev.qsafe.api.InvalidKeyException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A small, strict DER (ITU-T X.690) reader and writer for the few types key encodings need: SEQUENCE,
 * INTEGER (small), OBJECT IDENTIFIER, OCTET STRING, BIT STRING, NULL and context-specific tags.
 *
 * <p>The reader accepts DER only: definite lengths in the minimal number of octets, low tag numbers,
 * minimal INTEGER and OBJECT IDENTIFIER encodings, BIT STRINGs without unused bits, and no bytes after
 * the outermost element. Every length is checked against the bytes actually remaining before anything
 * is allocated, and constructed elements nest at most {@value #MAX_DEPTH} deep. Every violation is an
 * {@link InvalidKeyException} whose message starts with the reader's context (for example
 * "SubjectPublicKeyInfo") and never contains the input bytes.
 */
final class Der {
    /** Universal tags. */
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    /** How deep constructed elements may nest. */
    static final int MAX_DEPTH = 8;

    private Der() {
    }

    /** Reads one DER element's contents at a time from a bounded window of a byte array. */
    static final class Reader {
        private final String context;
        private final byte[] buf;
        private final int end;
        private final int depth;
        private int pos;

        private Reader(String context, byte[] buf, int start, int end, int depth) {
            this.context = context;
            this.buf = buf;
            this.pos = start;
            this.end = end;
            this.depth = depth;
        }

        /** A reader over all of {@code der}; {@code context} names what is being read in error messages. */
        static Reader of(String context, byte[] der) {
            return new Reader(context, der, 0, der.length, 0);
        }

        /** The failure, with the context in front. */
        InvalidKeyException error(String what) {
            return new InvalidKeyException(context + " is malformed: " + what);
        }

        /** Whether bytes remain in this reader's window. */
        boolean hasMore() {
            return pos < end;
        }

        /** The tag of the next element, without consuming it. */
        int peekTag() {
            if (pos >= end) {
                throw error("truncated: an element is missing");
            }
            return buf[pos] & 0xFF;
        }

        /** Fails unless every byte of the window was consumed. */
        void requireEnd() {
            if (pos != end) {
                throw error((end - pos) + " unexpected byte(s) after the last element");
            }
        }

        /**
         * Reads the header of an element with tag {@code tag} and returns the bounds of its contents
         * as {@code {start, end}}, moving past the element.
         */
        private int[] element(int tag, String name) {
            int t = peekTag();
            if ((t & 0x1F) == 0x1F) {
                throw error("high-tag-number form is not used by any key encoding (reading " + name + ")");
            }
            if (t != tag) {
                throw error(String.format("expected %s (tag 0x%02X), found tag 0x%02X", name, tag, t));
            }
            int p = pos + 1;
            if (p >= end) {
                throw error("truncated: " + name + " has no length");
            }
            int first = buf[p++] & 0xFF;
            long length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                throw error("indefinite length (BER) is not DER");
            } else {
                int count = first & 0x7F;
                if (count > 4) {
                    throw error("length of " + name + " takes " + count + " octets; at most 4 are supported");
                }
                if (end - p < count) {
                    throw error("truncated: the length of " + name + " is cut off");
                }
                if (buf[p] == 0) {
                    throw error("length of " + name + " has a leading zero octet (not minimal)");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (buf[p++] & 0xFF);
                }
                if (length < 0x80) {
                    throw error("length " + length + " of " + name + " uses the long form (not minimal)");
                }
            }
            if (length > end - p) {
                throw error("length " + length + " of " + name + " exceeds the " + (end - p) + " byte(s) that remain");
            }
            int start = p;
            pos = p + (int) length;
            return new int[] {start, pos};
        }

        /** Enters a constructed element (SEQUENCE or a constructed context tag) and returns a reader over its contents. */
        Reader constructed(int tag, String name) {
            if ((tag & 0x20) == 0) {
                throw new IllegalArgumentException("tag 0x" + Integer.toHexString(tag) + " is not constructed");
            }
            if (depth + 1 > MAX_DEPTH) {
                throw error("nested more than " + MAX_DEPTH + " levels deep");
            }
            int[] c = element(tag, name);
            return new Reader(context, buf, c[0], c[1], depth + 1);
        }

        /** Enters a SEQUENCE. */
        Reader sequence(String name) {
            return constructed(SEQUENCE, name);
        }

        /** The contents of a primitive element with tag {@code tag}, copied. */
        byte[] primitive(int tag, String name) {
            int[] c = element(tag, name);
            return Arrays.copyOfRange(buf, c[0], c[1]);
        }

        /**
         * The contents of a primitive element with tag {@code tag}, which must be exactly
         * {@code length} bytes long; checked before copying.
         */
        byte[] primitive(int tag, String name, int length) {
            int[] c = element(tag, name);
            if (c[1] - c[0] != length) {
                throw error(name + " must be " + length + " bytes, got " + (c[1] - c[0]));
            }
            return Arrays.copyOfRange(buf, c[0], c[1]);
        }

        /** An OCTET STRING's contents. */
        byte[] octetString(String name) {
            return primitive(OCTET_STRING, name);
        }

        /** A BIT STRING's contents, which must have no unused bits. */
        byte[] bitString(String name) {
            int[] c = element(BIT_STRING, name);
            if (c[1] == c[0]) {
                throw error(name + " (BIT STRING) has no unused-bits octet");
            }
            if (buf[c[0]] != 0) {
                throw error(name + " (BIT STRING) has " + (buf[c[0]] & 0xFF) + " unused bits; keys use whole octets");
            }
            return Arrays.copyOfRange(buf, c[0] + 1, c[1]);
        }

        /** A non-negative INTEGER of at most 31 bits, minimally encoded. */
        int smallInteger(String name) {
            int[] c = element(INTEGER, name);
            int n = c[1] - c[0];
            if (n == 0) {
                throw error(name + " (INTEGER) is empty");
            }
            if (n > 1 && (buf[c[0]] == 0 && (buf[c[0] + 1] & 0x80) == 0
                    || buf[c[0]] == (byte) 0xFF && (buf[c[0] + 1] & 0x80) != 0)) {
                throw error(name + " (INTEGER) is not minimally encoded");
            }
            if ((buf[c[0]] & 0x80) != 0) {
                throw error(name + " (INTEGER) is negative");
            }
            if (n > 4) {
                throw error(name + " (INTEGER) is too large");
            }
            int v = 0;
            for (int i = c[0]; i < c[1]; i++) {
                v = (v << 8) | (buf[i] & 0xFF);
            }
            return v;
        }

        /** An OBJECT IDENTIFIER in dotted form; arcs must be minimally encoded. */
        String oid(String name) {
            int[] c = element(OID, name);
            if (c[1] == c[0]) {
                throw error(name + " (OBJECT IDENTIFIER) is empty");
            }
            if (c[1] - c[0] > 64) {
                throw error(name + " (OBJECT IDENTIFIER) is longer than any algorithm identifier");
            }
            StringBuilder out = new StringBuilder();
            BigInteger arc = BigInteger.ZERO;
            boolean first = true;
            boolean atStart = true;
            for (int i = c[0]; i < c[1]; i++) {
                int b = buf[i] & 0xFF;
                if (atStart && b == 0x80) {
                    throw error(name + " (OBJECT IDENTIFIER) has an arc with a leading 0x80 octet (not minimal)");
                }
                arc = arc.shiftLeft(7).or(BigInteger.valueOf(b & 0x7F));
                atStart = (b & 0x80) == 0;
                if (atStart) {
                    if (first) {
                        int top = arc.compareTo(BigInteger.valueOf(80)) >= 0 ? 2 : arc.intValue() / 40;
                        out.append(top).append('.').append(arc.subtract(BigInteger.valueOf(40L * top)));
                        first = false;
                    } else {
                        out.append('.').append(arc);
                    }
                    arc = BigInteger.ZERO;
                }
            }
            if (!atStart) {
                throw error(name + " (OBJECT IDENTIFIER) ends inside an arc");
            }
            return out.toString();
        }

        /** A NULL element. */
        void nullValue(String name) {
            int[] c = element(NULL, name);
            if (c[1] != c[0]) {
                throw error(name + " (NULL) has contents");
            }
        }

        /** Moves past one element of any low-number tag without looking into it. */
        void skip(String name) {
            element(peekTag(), name);
        }
    }

    // ---- writing ----

    /** One element: {@code tag}, the minimal definite length, and the concatenation of {@code contents}. */
    static byte[] tlv(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] c : contents) {
            length = Math.addExact(length, c.length);
        }
        byte[] header = header(tag, length);
        byte[] out = new byte[header.length + length];
        System.arraycopy(header, 0, out, 0, header.length);
        int p = header.length;
        for (byte[] c : contents) {
            System.arraycopy(c, 0, out, p, c.length);
            p += c.length;
        }
        return out;
    }

    private static byte[] header(int tag, int length) {
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        int count = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
        byte[] h = new byte[2 + count];
        h[0] = (byte) tag;
        h[1] = (byte) (0x80 | count);
        for (int i = 0; i < count; i++) {
            h[2 + i] = (byte) (length >>> (8 * (count - 1 - i)));
        }
        return h;
    }

    /** A SEQUENCE of already encoded elements. */
    static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, elements);
    }

    /** An OCTET STRING. */
    static byte[] octetString(byte[] value) {
        return tlv(OCTET_STRING, value);
    }

    /** A BIT STRING of whole octets. */
    static byte[] bitString(byte[] value) {
        return tlv(BIT_STRING, new byte[] {0}, value);
    }

    /** A small non-negative INTEGER. */
    static byte[] integer(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative");
        }
        return tlv(INTEGER, BigInteger.valueOf(value).toByteArray());
    }

    /** An OBJECT IDENTIFIER from its dotted form (validated by {@code Algorithm}). */
    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BigInteger firstArc = new BigInteger(parts[0]).multiply(BigInteger.valueOf(40)).add(new BigInteger(parts[1]));
        base128(out, firstArc);
        for (int i = 2; i < parts.length; i++) {
            base128(out, new BigInteger(parts[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, BigInteger arc) {
        int groups = Math.max(1, (arc.bitLength() + 6) / 7);
        for (int g = groups - 1; g >= 0; g--) {
            int septet = arc.shiftRight(7 * g).intValue() & 0x7F;
            out.write(g == 0 ? septet : septet | 0x80);
        }
    }
}

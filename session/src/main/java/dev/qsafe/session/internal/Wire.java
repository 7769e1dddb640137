package dev.qsafe.session.internal;

import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.api.SessionRefusedException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte layouts of docs/SESSION.md: big-endian integers and RFC 9420's variable-size vectors
 * ({@code v(x)}: a variable-length integer of 1, 2 or 4 bytes, then {@code x}).
 */
public final class Wire {
    /** First two bytes of every session structure: "qS". */
    public static final byte MAGIC0 = 0x71;
    /** Second magic byte. */
    public static final byte MAGIC1 = 0x53;
    /** Protocol version. */
    public static final byte VERSION = 0x01;
    /** Structure types. */
    public static final byte TYPE_INIT = 0x01;
    /** A session message. */
    public static final byte TYPE_MESSAGE = 0x02;
    /** A prekey bundle. */
    public static final byte TYPE_BUNDLE = 0x03;
    /** An exported session state. */
    public static final byte TYPE_STATE = 0x10;
    /** Exported prekeys. */
    public static final byte TYPE_PREKEYS = 0x11;

    private Wire() {
    }

    /** Appends (to a plain growable array: no stream, no locks, on every message's path). */
    public static final class Writer {
        private final Buffer out;

        public Writer() {
            this(64);
        }

        public Writer(int size) {
            out = new Buffer(size);
        }

        /** The bytes written so far, growing by doubling. */
        private static final class Buffer {
            private byte[] buf;
            private int count;

            Buffer(int size) {
                buf = new byte[Math.max(size, 0)];
            }

            private void ensure(int extra) {
                if (extra > buf.length - count) {
                    buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, Math.addExact(count, extra)));
                }
            }

            void write(int b) {
                ensure(1);
                buf[count++] = (byte) b;
            }

            void write(byte[] b, int off, int len) {
                ensure(len);
                System.arraycopy(b, off, buf, count, len);
                count += len;
            }

            int size() {
                return count;
            }

            /**
             * The bytes written: the buffer itself when it is exactly full (a writer sized up front),
             * else a copy. Either way the caller owns the result: a later write to a full buffer
             * grows it into a new array first, so it never reaches the array handed out.
             */
            byte[] toByteArray() {
                return count == buf.length ? buf : java.util.Arrays.copyOf(buf, count);
            }
        }

        public Writer u8(int v) {
            out.write(v);
            return this;
        }

        public Writer u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        public Writer u32(long v) {
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (v >>> s));
            }
            return this;
        }

        public Writer u64(long v) {
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (v >>> s));
            }
            return this;
        }

        public Writer raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        public Writer magic(byte type) {
            return u8(MAGIC0).u8(MAGIC1).u8(VERSION).u8(type);
        }

        /** {@code v(b)}. */
        public Writer vec(byte[] b) {
            varint(b.length);
            return raw(b);
        }

        /** The length prefix of a {@code v(x)} of {@code length} bytes, whose bytes the caller writes next. */
        public Writer vecLength(int length) {
            varint(length);
            return this;
        }

        public Writer vec(String s) {
            return vec(s.getBytes(StandardCharsets.UTF_8));
        }

        private void varint(int n) {
            if (n < 0x40) {
                out.write(n);
            } else if (n < 0x4000) {
                out.write(0x40 | (n >>> 8));
                out.write(n);
            } else if (n < 0x40000000) {
                out.write(0x80 | (n >>> 24));
                out.write(n >>> 16);
                out.write(n >>> 8);
                out.write(n);
            } else {
                throw new IllegalArgumentException("vector too long: " + n);
            }
        }

        public int size() {
            return out.size();
        }

        /**
         * The bytes written; without a copy when the writer was sized exactly ({@link Wire#vecSize} helps
         * to size one), so that a structure built once is allocated once.
         */
        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Reads with bounds; every failure is {@link Reason#MALFORMED}. */
    public static final class Reader {
        private final byte[] b;
        private int pos;
        /** Where this reader's bytes end in {@code b} (exclusive). */
        private final int limit;
        private final String what;

        public Reader(byte[] b, String what) {
            this(b, 0, b.length, what);
        }

        private Reader(byte[] b, int from, int to, String what) {
            this.b = b;
            this.pos = from;
            this.limit = to;
            this.what = what;
        }

        /** The index in the array of the next byte to read. */
        public int position() {
            return pos;
        }

        public int remaining() {
            return limit - pos;
        }

        private void need(int n) {
            if (n < 0 || n > limit - pos) {
                throw malformed(what + " is truncated");
            }
        }

        public int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        public long u32() {
            need(4);
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            return v;
        }

        public long u64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            return v;
        }

        public byte[] fixed(int n) {
            need(n);
            byte[] r = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return r;
        }

        /** Checks the magic, version and type. */
        public void magic(byte type) {
            need(4);
            if (b[pos] != MAGIC0 || b[pos + 1] != MAGIC1) {
                throw malformed(what + ": not a qsafe session structure");
            }
            if (b[pos + 2] != VERSION) {
                throw malformed(what + ": unsupported version " + (b[pos + 2] & 0xFF) + " (this code reads version 1)");
            }
            if (b[pos + 3] != type) {
                throw malformed(what + ": type " + (b[pos + 3] & 0xFF) + ", expected " + type);
            }
            pos += 4;
        }

        /** {@code v(x)} of at most {@code max} bytes. */
        public byte[] vec(int max) {
            int n = varint();
            if (n > max) {
                throw malformed(what + ": a field of " + n + " bytes exceeds its bound of " + max);
            }
            return fixed(n);
        }

        /**
         * A reader over the next {@code v(x)} of at most {@code max} bytes, where they lie (no copy), named
         * {@code what} in its errors; this reader moves past them. The same checks as
         * {@code new Reader(vec(max), what)}.
         */
        public Reader vecReader(int max, String what) {
            int n = varint();
            if (n > max) {
                throw malformed(this.what + ": a field of " + n + " bytes exceeds its bound of " + max);
            }
            need(n);
            Reader r = new Reader(b, pos, pos + n, what);
            pos += n;
            return r;
        }

        /** {@code v(x)} of exactly {@code len} bytes. */
        public byte[] vecExact(int len, String field) {
            int n = varint();
            if (n != len) {
                throw malformed(what + ": " + field + " must be " + len + " bytes, got " + n);
            }
            return fixed(n);
        }

        public String string(int max) {
            byte[] s = vec(max);
            for (byte c : s) {
                if (c < 0x20 || c > 0x7E) {
                    throw malformed(what + ": a name must be printable ASCII");
                }
            }
            return new String(s, StandardCharsets.US_ASCII);
        }

        private int varint() {
            int first = u8();
            int prefix = first >>> 6;
            int v = first & 0x3F;
            switch (prefix) {
                case 0 -> {
                    return v;
                }
                case 1 -> {
                    v = (v << 8) | u8();
                    if (v < 0x40) {
                        throw malformed(what + ": a length is not minimally encoded");
                    }
                    return v;
                }
                case 2 -> {
                    for (int i = 0; i < 3; i++) {
                        v = (v << 8) | u8();
                    }
                    if (v < 0x4000) {
                        throw malformed(what + ": a length is not minimally encoded");
                    }
                    return v;
                }
                default -> throw malformed(what + ": invalid length prefix");
            }
        }

        public void end() {
            if (pos != limit) {
                throw malformed(what + " has " + (limit - pos) + " trailing bytes");
            }
        }
    }

    /** Bytes of {@code v(x)} for an {@code x} of {@code length} bytes: the length prefix and {@code x}. */
    public static int vecSize(int length) {
        return varintSize(length) + length;
    }

    /** The length prefix of a {@code v(x)} of {@code length} bytes, as {@link Writer#vec} writes it. */
    public static byte[] vecPrefix(int length) {
        return new Writer(varintSize(length)).vecLength(length).toByteArray();
    }

    /** Bytes of the variable-length integer {@code n} (1, 2 or 4), as {@link Writer#vec} writes it. */
    static int varintSize(int n) {
        if (n < 0x40) {
            return 1;
        }
        if (n < 0x4000) {
            return 2;
        }
        if (n < 0x40000000) {
            return 4;
        }
        throw new IllegalArgumentException("vector too long: " + n);
    }

    public static SessionRefusedException malformed(String message) {
        return new SessionRefusedException(Reason.MALFORMED, message);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

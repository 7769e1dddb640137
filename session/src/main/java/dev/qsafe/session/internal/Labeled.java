package dev.qsafe.session.internal;

import dev.qsafe.api.Kdf;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * RFC 9420's labeled HKDF (section 5.1 ExpandWithLabel and DeriveSecret, section 9.1 DeriveTreeSecret)
 * over a KDF from the registry, with a prefix: {@code "qsafe/1 "} for sessions, {@code "MLS 1.0 "} to
 * check the RFC's test vectors with the same code.
 */
public final class Labeled {
    /** The session protocol's prefix. */
    public static final String QSAFE_PREFIX = "qsafe/1 ";
    /** RFC 9420's prefix. */
    public static final String MLS_PREFIX = "MLS 1.0 ";

    /** How many distinct labels {@link #labelBytes} keeps (the protocol uses fewer than ten). */
    private static final int MAX_CACHED_LABELS = 32;

    private final Kdf kdf;
    private final String prefix;
    private final java.util.Map<String, byte[]> labels = new java.util.concurrent.ConcurrentHashMap<>();

    public Labeled(Kdf kdf, String prefix) {
        this.kdf = Objects.requireNonNull(kdf, "kdf");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    public Kdf kdf() {
        return kdf;
    }

    /** The KDF's hash length (Nh). */
    public int hashLength() {
        return kdf.algorithm().keySize();
    }

    /** {@code HKDF-Expand(secret, u16(L) || v(prefix || label) || v(context), L)}. */
    public byte[] expandWithLabel(byte[] secret, String label, byte[] context, int length) {
        byte[] full = labelBytes(label);
        // The same bytes Wire.Writer would write (u16, then two vectors with QUIC-style varint lengths),
        // built in one array: a message derives six of these, so no stream and no string concatenation here.
        byte[] info = new byte[2 + varintLength(full.length) + full.length + varintLength(context.length) + context.length];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        int p = varint(info, 2, full.length);
        System.arraycopy(full, 0, info, p, full.length);
        p = varint(info, p + full.length, context.length);
        System.arraycopy(context, 0, info, p, context.length);
        return kdf.expand(secret, info, length);
    }

    /** {@code prefix || label} in ASCII, kept for the few labels the protocol uses (they are constants in the code). */
    private byte[] labelBytes(String label) {
        byte[] b = labels.get(label);
        if (b == null) {
            b = (prefix + label).getBytes(StandardCharsets.US_ASCII);
            if (labels.size() < MAX_CACHED_LABELS) {
                labels.putIfAbsent(label, b);
            }
        }
        return b;
    }

    private static int varintLength(int n) {
        if (n < 0x40) {
            return 1;
        } else if (n < 0x4000) {
            return 2;
        } else if (n < 0x40000000) {
            return 4;
        }
        throw new IllegalArgumentException("vector too long: " + n);
    }

    /** Writes {@code n} as Wire.Writer's varint at {@code p}; returns the position after it. */
    private static int varint(byte[] out, int p, int n) {
        switch (varintLength(n)) {
            case 1 -> out[p++] = (byte) n;
            case 2 -> {
                out[p++] = (byte) (0x40 | (n >>> 8));
                out[p++] = (byte) n;
            }
            default -> {
                out[p++] = (byte) (0x80 | (n >>> 24));
                out[p++] = (byte) (n >>> 16);
                out[p++] = (byte) (n >>> 8);
                out[p++] = (byte) n;
            }
        }
        return p;
    }

    /** {@code ExpandWithLabel(secret, label, "", Nh)}. */
    public byte[] deriveSecret(byte[] secret, String label) {
        return expandWithLabel(secret, label, new byte[0], hashLength());
    }

    /** {@code ExpandWithLabel(secret, label, u32(generation), length)}. */
    public byte[] deriveTreeSecret(byte[] secret, String label, long generation, int length) {
        byte[] g = {(byte) (generation >>> 24), (byte) (generation >>> 16), (byte) (generation >>> 8), (byte) generation};
        return expandWithLabel(secret, label, g, length);
    }
}

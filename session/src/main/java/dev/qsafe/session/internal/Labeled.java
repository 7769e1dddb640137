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

    private final Kdf kdf;
    private final String prefix;

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
        Wire.Writer w = new Wire.Writer(8 + prefix.length() + label.length() + context.length);
        w.u16(length).vec((prefix + label).getBytes(StandardCharsets.US_ASCII)).vec(context);
        return kdf.expand(secret, w.toByteArray(), length);
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

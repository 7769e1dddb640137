package dev.qsafe.session;

import dev.qsafe.api.Kdf;
import dev.qsafe.session.internal.Labeled;

/**
 * RFC 9420's labeled HKDF (ExpandWithLabel, DeriveSecret, DeriveTreeSecret) over a KDF engine, with
 * the session protocol's prefix {@code "qsafe/1 "} ({@link #qsafe}) or RFC 9420's {@code "MLS 1.0 "}
 * ({@link #mls}, to check the RFC's published vectors with the code the sessions use). Outputs are
 * secret: wipe them when done.
 */
public final class LabeledKdf {
    private final Labeled labeled;

    private LabeledKdf(Labeled labeled) {
        this.labeled = labeled;
    }

    /** The session protocol's labels, {@code "qsafe/1 " || label}. */
    public static LabeledKdf qsafe(Kdf kdf) {
        return new LabeledKdf(new Labeled(kdf, Labeled.QSAFE_PREFIX));
    }

    /** RFC 9420's labels, {@code "MLS 1.0 " || label}. */
    public static LabeledKdf mls(Kdf kdf) {
        return new LabeledKdf(new Labeled(kdf, Labeled.MLS_PREFIX));
    }

    /** {@code HKDF-Expand(secret, u16(length) || v(prefix || label) || v(context), length)}. */
    public byte[] expandWithLabel(byte[] secret, String label, byte[] context, int length) {
        return labeled.expandWithLabel(secret, label, context, length);
    }

    /** {@code ExpandWithLabel(secret, label, "", Nh)}. */
    public byte[] deriveSecret(byte[] secret, String label) {
        return labeled.deriveSecret(secret, label);
    }

    /** {@code ExpandWithLabel(secret, label, u32(generation), length)}. */
    public byte[] deriveTreeSecret(byte[] secret, String label, long generation, int length) {
        if (generation < 0 || generation > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("generation must be 0..2^32-1, got " + generation);
        }
        return labeled.deriveTreeSecret(secret, label, generation, length);
    }
}

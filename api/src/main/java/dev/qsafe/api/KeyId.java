package dev.qsafe.api;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A public key's id as a value: the first {@value #LENGTH} bytes of SHA-256(algorithm name || 0x00 ||
 * raw key) (see {@link PublicKey#id()}). Envelopes and detached signatures carry these bytes; the
 * string form ({@link #toString()}, what {@link PublicKey#keyId()} returns and identity files hold) is
 * the {@value #HEX_LENGTH} lower-case hex digits, made once, when first asked for. Immutable; equal
 * when the bytes are equal.
 *
 * @since 0.1.0
 */
public final class KeyId {
    /** Bytes in a key id. */
    public static final int LENGTH = 16;
    /** Characters in its hex form. */
    public static final int HEX_LENGTH = 2 * LENGTH;

    private final byte[] bytes;
    private final int hash;
    /** The hex form, made on first use (a race makes the same string twice). */
    private volatile String hex;

    private KeyId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = ByteBuffer.wrap(bytes).getInt();
    }

    /**
     * The key id of these {@value #LENGTH} bytes (copied).
     *
     * @throws InvalidInputException if there are not exactly {@value #LENGTH} of them
     */
    public static KeyId of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return of(bytes, 0, bytes.length);
    }

    /**
     * The key id in {@code bytes[offset, +length)} (copied), e.g. where an envelope holds it.
     *
     * @throws InvalidInputException if {@code length} is not {@value #LENGTH} or the range lies outside the array
     */
    public static KeyId of(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "bytes");
        if (length != LENGTH) {
            throw new InvalidInputException("a key id is " + LENGTH + " bytes, got " + length);
        }
        Objects.checkFromIndexSize(offset, length, bytes.length);
        byte[] copy = new byte[LENGTH];
        System.arraycopy(bytes, offset, copy, 0, LENGTH);
        return new KeyId(copy);
    }

    /**
     * The key id of its {@value #HEX_LENGTH}-digit hex form (either case).
     *
     * @throws InvalidInputException if {@code hex} is not {@value #HEX_LENGTH} hex digits
     */
    public static KeyId parse(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != HEX_LENGTH) {
            throw new InvalidInputException("a key id is " + HEX_LENGTH + " hex digits, got " + hex.length() + " characters");
        }
        try {
            return new KeyId(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("a key id is " + HEX_LENGTH + " hex digits; '" + hex + "' is not");
        }
    }

    /** The key id of a digest: its first {@value #LENGTH} bytes (for {@link PublicKey}). */
    static KeyId ofDigest(byte[] digest) {
        byte[] b = new byte[LENGTH];
        System.arraycopy(digest, 0, b, 0, LENGTH);
        return new KeyId(b);
    }

    /** A copy of the {@value #LENGTH} bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes the {@value #LENGTH} bytes at the buffer's position (moving it on), without a copy. */
    public ByteBuffer writeTo(ByteBuffer out) {
        return out.put(bytes);
    }

    /** Whether {@code other[offset, +}{@value #LENGTH}{@code )} holds these bytes, compared without a copy. */
    public boolean matches(byte[] other, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, other.length);
        int diff = 0;
        for (int i = 0; i < LENGTH; i++) {
            diff |= bytes[i] ^ other[offset + i];
        }
        return diff == 0;
    }

    /** Same bytes. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof KeyId k && MessageDigest.isEqual(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The {@value #HEX_LENGTH} lower-case hex digits, as {@link PublicKey#keyId()} has always rendered a key id. */
    @Override
    public String toString() {
        String h = hex;
        if (h == null) {
            h = HexFormat.of().formatHex(bytes);
            hex = h;
        }
        return h;
    }
}

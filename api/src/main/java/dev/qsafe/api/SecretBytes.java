package dev.qsafe.api;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Secret bytes (a symmetric key, a KEM shared secret) that never print, compare in constant time, and
 * can be wiped with {@link #destroy()}. Raw bytes are read only through {@link #rawBytes(SecretAccess)}.
 *
 * @since 0.1.0
 */
public final class SecretBytes implements Destroyable {
    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; the caller may wipe its array afterwards. */
    public static SecretBytes copyOf(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new SecretBytes(bytes.clone());
    }

    /** Takes ownership of {@code bytes} without copying; the caller must not use the array afterwards. */
    public static SecretBytes wrap(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new SecretBytes(bytes);
    }

    /** Number of bytes. */
    public int length() {
        return bytes.length;
    }

    /**
     * A copy of the raw secret bytes; the caller should wipe it when done.
     *
     * @throws InvalidKeyException if destroyed
     */
    public byte[] rawBytes(SecretAccess access) {
        SecretAccess.check(access);
        if (destroyed) {
            throw new InvalidKeyException("secret has been destroyed and cannot be used");
        }
        return bytes.clone();
    }

    /** Constant-time comparison of the contents with {@code other}. */
    public boolean equalsConstantTime(SecretBytes other) {
        if (destroyed || other.destroyed) {
            return false;
        }
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Zeroes the bytes; later use fails. */
    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Same contents, compared in constant time. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SecretBytes s && equalsConstantTime(s);
    }

    /** Does not depend on the contents, so it leaks nothing. */
    @Override
    public int hashCode() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }
}

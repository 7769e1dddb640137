package dev.qsafe.api;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A private key: its algorithm and raw secret bytes (see {@link Algorithm#privateKeySize()} for the
 * form). It never prints its bytes, compares in constant time, and can be wiped with
 * {@link #destroy()}; a destroyed key refuses use with {@link InvalidKeyException}.
 */
public final class PrivateKey implements Destroyable {
    private final Algorithm algorithm;
    private final byte[] bytes;
    private volatile boolean destroyed;

    private PrivateKey(Algorithm algorithm, byte[] bytes) {
        this.algorithm = algorithm;
        this.bytes = bytes;
    }

    /**
     * A private key from its raw bytes (copied). Length checks belong to the engine, because several
     * forms (seed, expanded key) may be valid for one algorithm.
     *
     * @throws InvalidKeyException if the bytes are empty
     */
    public static PrivateKey of(Algorithm algorithm, byte[] bytes) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new InvalidKeyException(algorithm.name() + " private key is empty");
        }
        return new PrivateKey(algorithm, bytes.clone());
    }

    /** The algorithm this key belongs to. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** Length of the raw bytes. */
    public int length() {
        return bytes.length;
    }

    /**
     * A copy of the raw secret bytes; the caller should wipe it when done.
     *
     * @throws InvalidKeyException if the key was destroyed
     */
    public byte[] rawBytes(SecretAccess access) {
        SecretAccess.check(access);
        if (destroyed) {
            throw new InvalidKeyException(algorithm.name() + " private key has been destroyed and cannot be used");
        }
        return bytes.clone();
    }

    /** Zeroes the key bytes; later use fails with {@link InvalidKeyException}. */
    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Same algorithm and same bytes, compared in constant time. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PrivateKey k && !destroyed && !k.destroyed && k.algorithm.equals(algorithm)
                && MessageDigest.isEqual(k.bytes, bytes);
    }

    /** Does not depend on the secret bytes. */
    @Override
    public int hashCode() {
        return algorithm.hashCode();
    }

    @Override
    public String toString() {
        return "PrivateKey[" + algorithm.name() + ", redacted" + (destroyed ? ", destroyed" : "") + "]";
    }
}

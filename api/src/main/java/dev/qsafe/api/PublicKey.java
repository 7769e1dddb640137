package dev.qsafe.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.function.Function;

/**
 * An immutable public key: its algorithm and its raw encoding as the algorithm's standard defines it
 * (RFC 7748 u-coordinate, RFC 8032 point, FIPS 203 encapsulation key, FIPS 204 public key, ...).
 *
 * @since 0.1.0
 */
public final class PublicKey {
    private final Algorithm algorithm;
    private final byte[] encoded;
    /** The key id, computed on first use (public data; a race computes the same value twice). */
    private volatile KeyId id;
    /** State engines derive from this key (parsed or provider key objects). */
    private final EngineStates engineStates = new EngineStates();

    private PublicKey(Algorithm algorithm, byte[] encoded) {
        this.algorithm = algorithm;
        this.encoded = encoded;
    }

    /**
     * A public key from its raw encoding.
     *
     * @throws InvalidKeyException if the length does not match the algorithm
     */
    public static PublicKey of(Algorithm algorithm, byte[] encoded) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(encoded, "encoded");
        if (algorithm.publicKeySize() > 0 && encoded.length != algorithm.publicKeySize()) {
            throw new InvalidKeyException(algorithm.name() + " public key must be " + algorithm.publicKeySize()
                    + " bytes, got " + encoded.length);
        }
        return new PublicKey(algorithm, encoded.clone());
    }

    /** The algorithm this key belongs to. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** A copy of the raw encoding. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** Length of the raw encoding in bytes. */
    public int length() {
        return encoded.length;
    }

    /**
     * The key id: the first 16 bytes of SHA-256(algorithm name || 0x00 || raw key), as a value. Hashed
     * once per key object; what envelopes and detached signatures carry.
     */
    public KeyId id() {
        KeyId k = id;
        if (k == null) {
            k = computeKeyId();
            id = k;
        }
        return k;
    }

    /** The key id as {@value KeyId#HEX_LENGTH} lower-case hex digits ({@code id().toString()}, made once). */
    public String keyId() {
        return id().toString();
    }

    private KeyId computeKeyId() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(algorithm.name().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(encoded);
            return KeyId.ofDigest(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * State an engine derives from this key and keeps between uses, such as a provider's parsed key
     * object: computed by {@code compute} on first use for {@code owner} (compared by identity; one
     * constant object per kind of state) and returned again after that. For providers; the state is
     * not part of the key's equality, hash or string form.
     *
     * @param type    the state's class; asking one owner for another type is an {@link IllegalStateException}
     * @param compute derives the state; its exception propagates and nothing is stored
     */
    public <T> T engineState(Object owner, Class<T> type, Function<PublicKey, ? extends T> compute) {
        Objects.requireNonNull(compute, "compute");
        return engineStates.get(owner, type, () -> compute.apply(this), () -> { });
    }

    /** Same algorithm and same bytes (compared in constant time). */
    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey k && k.algorithm.equals(algorithm) && MessageDigest.isEqual(k.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + encoded.length;
    }

    @Override
    public String toString() {
        return "PublicKey[" + algorithm.name() + ", id " + keyId() + "]";
    }
}

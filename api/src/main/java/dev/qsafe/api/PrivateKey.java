package dev.qsafe.api;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import javax.security.auth.Destroyable;

/**
 * A private key: its algorithm and raw secret bytes (see {@link Algorithm#privateKeySize()} for the
 * form). It never prints its bytes, compares in constant time, and can be wiped with
 * {@link #destroy()}; a destroyed key refuses use with {@link InvalidKeyException}.
 *
 * @since 0.1.0
 */
public final class PrivateKey implements Destroyable {
    private final Algorithm algorithm;
    private final byte[] bytes;
    private volatile boolean destroyed;
    /** State engines derive from this key (expanded keys, provider key objects); dropped by {@link #destroy()}. */
    private final EngineStates engineStates = new EngineStates();

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

    /**
     * State an engine derives from this key and keeps between uses, such as the expanded form of a
     * seed or a provider's own key object: computed by {@code compute} on first use for {@code owner}
     * and returned again after that, so an engine does not re-derive it for every operation. For
     * providers only, hence the {@link SecretAccess} token. An engine uses one constant {@code owner}
     * object (compared by identity) per kind of state. {@link #destroy()} drops every state, destroying
     * the {@link Destroyable} ones and closing the {@link AutoCloseable} ones; a state that can do neither
     * is only dropped, so an engine should prefer state it can wipe. The state is not part of the key's
     * equality, hash or string form.
     *
     * @param type    the state's class; asking one owner for another type is an {@link IllegalStateException}
     * @param compute derives the state; its exception propagates and nothing is stored
     * @throws InvalidKeyException if the key was destroyed
     */
    public <T> T engineState(SecretAccess access, Object owner, Class<T> type, Function<PrivateKey, ? extends T> compute) {
        SecretAccess.check(access);
        Objects.requireNonNull(compute, "compute");
        return engineStates.get(owner, type, () -> compute.apply(this), this::checkNotDestroyed);
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new InvalidKeyException(algorithm.name() + " private key has been destroyed and cannot be used");
        }
    }

    /** Zeroes the key bytes and drops the engine states; later use fails with {@link InvalidKeyException}. */
    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
        engineStates.close();
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

package dev.qsafe.runtime.internal;

import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SignatureScheme;

/**
 * How the data path verifies a signature (with an empty context): {@link #DIRECT}ly with the engine,
 * or through the facade's cache of verified signatures ({@link RuntimeCaches#signatureVerification()}),
 * which skips a verification of exactly the same bytes. The envelope code is handed one and knows no cache.
 */
@FunctionalInterface
public interface SignatureVerification {
    /** The empty context, shared (an array of length 0 holds nothing to change). */
    byte[] NO_CONTEXT = {};

    /** Verifies with the engine, every time. */
    SignatureVerification DIRECT = (engine, key, signed, signature) -> engine.verify(key, signed, signature, NO_CONTEXT);

    /**
     * Verifies {@code signature} over {@code signed} by {@code key} with {@code engine}.
     *
     * @throws dev.qsafe.api.InvalidSignatureException if it does not verify
     */
    void verify(SignatureScheme engine, PublicKey key, byte[] signed, byte[] signature);

}

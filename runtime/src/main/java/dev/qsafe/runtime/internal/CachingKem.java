package dev.qsafe.runtime.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import java.util.Objects;

/**
 * A KEM engine whose {@link #decapsulate} takes the shared secret from the facade's cache of
 * decapsulated secrets ({@link RuntimeCaches#sharedSecret}) and decapsulates with the wrapped engine
 * only on a miss; everything else goes straight to the wrapped engine. HPKE is handed this engine in
 * place of the registry's and so never knows a cache exists. Made by {@link RuntimeCaches#decapsulationCache}.
 */
final class CachingKem implements KemSpi {
    private final KemSpi kem;
    private final RuntimeCaches caches;

    CachingKem(KemSpi kem, RuntimeCaches caches) {
        this.kem = Objects.requireNonNull(kem, "kem");
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    /** The shared secret of {@code encapsulation} under this very key object: a copy of the cached one, or decapsulated now. */
    @Override
    public SecretBytes decapsulate(PrivateKey privateKey, byte[] encapsulation) {
        return caches.sharedSecret(privateKey, encapsulation, () -> kem.decapsulate(privateKey, encapsulation));
    }

    @Override
    public Algorithm algorithm() {
        return kem.algorithm();
    }

    @Override
    public KeyPair generateKeyPair() {
        return kem.generateKeyPair();
    }

    @Override
    public KeyPair deriveKeyPair(byte[] seed) {
        return kem.deriveKeyPair(seed);
    }

    @Override
    public PublicKey derivePublicKey(PrivateKey privateKey) {
        return kem.derivePublicKey(privateKey);
    }

    @Override
    public Encapsulation encapsulate(PublicKey recipient) {
        return kem.encapsulate(recipient);
    }

    @Override
    public Encapsulation engineEncapsulateDerandomized(PublicKey recipient, byte[] randomness) {
        return kem.engineEncapsulateDerandomized(recipient, randomness);
    }

    @Override
    public byte[] engineExpandedPrivateKey(PrivateKey privateKey) {
        return kem.engineExpandedPrivateKey(privateKey);
    }

    @Override
    public String toString() {
        return "CachingKem[" + kem + "]";
    }
}

package dev.qsafe.provider.toolkit;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The common part of a KEM or signature engine whose private key is its seed (ML-KEM's {@code d || z},
 * ML-DSA's {@code xi}, a composite's concatenated seeds): the algorithm, {@code generateKeyPair} from a
 * fresh seed and {@code deriveKeyPair} with the seed check ({@link SeedKeys}). A subclass implements
 * {@code KemSpi} or {@code SignatureSpi}; these public methods serve that interface, and it supplies
 * {@link #derivePublicKey}.
 */
public abstract class SeedKeyedEngine {
    /** The engine's algorithm. */
    protected final Algorithm algorithm;
    /** The source of fresh seeds (and of the engine's other randomness). */
    protected final SecureRandom random;
    private final int seedLength;
    private final String seedForm;

    /**
     * @param seedLength the seed's (private key's) length in bytes
     * @param seedForm   what the seed is made of, named in the wrong-length message (e.g. {@code " (d || z)"}), or {@code ""}
     */
    protected SeedKeyedEngine(Algorithm algorithm, SecureRandom random, int seedLength, String seedForm) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.random = random;
        this.seedLength = seedLength;
        this.seedForm = Objects.requireNonNull(seedForm, "seedForm");
    }

    public final Algorithm algorithm() {
        return algorithm;
    }

    /** The key pair of a fresh seed from {@link #random}; the seed is wiped afterwards. */
    public KeyPair generateKeyPair() {
        return SeedKeys.fromFreshSeed(random, seedLength, this::deriveKeyPair);
    }

    /** The key pair whose private key is {@code seed} itself, with {@link #derivePublicKey} of it. */
    public KeyPair deriveKeyPair(byte[] seed) {
        return SeedKeys.keyPairOf(algorithm, seed, seedLength, seedForm, this::derivePublicKey);
    }

    /** The public key of a private key of this engine's algorithm. */
    public abstract PublicKey derivePublicKey(PrivateKey privateKey);
}

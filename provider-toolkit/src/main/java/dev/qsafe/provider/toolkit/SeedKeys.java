package dev.qsafe.provider.toolkit;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Function;

/**
 * Key pairs of engines whose private key is (or is derived from) a seed: the fresh seed of
 * {@code generateKeyPair}, the seed check with one message, and the pair whose private key is the seed
 * itself, so that every engine of the toolkit's providers generates and checks seeds the same way.
 */
public final class SeedKeys {
    private SeedKeys() {
    }

    /**
     * A key pair derived from a fresh seed of {@code seedLength} bytes from {@code random}; the seed is
     * wiped afterwards (the derivation copies what it keeps).
     */
    public static KeyPair fromFreshSeed(SecureRandom random, int seedLength, Function<byte[], KeyPair> derive) {
        byte[] seed = new byte[seedLength];
        random.nextBytes(seed);
        try {
            return derive.apply(seed);
        } finally {
            Checks.wipe(seed);
        }
    }

    /**
     * Checks that {@code seed} is present and {@code length} bytes long.
     *
     * @param form what the seed is made of, named in the message after the length (for example
     *             {@code " (d || z)"}), or {@code ""}
     * @throws InvalidKeyException if it has another length
     */
    public static void requireSeed(Algorithm algorithm, byte[] seed, int length, String form) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != length) {
            throw new InvalidKeyException(algorithm.name() + " seed must be " + length + " bytes" + form + ", got " + seed.length);
        }
    }

    /**
     * The key pair whose private key is {@code seed} itself (copied) and whose public key is
     * {@code publicKeyOf} that private key, after {@link #requireSeed}.
     */
    public static KeyPair keyPairOf(Algorithm algorithm, byte[] seed, int length, String form,
                                    Function<PrivateKey, PublicKey> publicKeyOf) {
        requireSeed(algorithm, seed, length, form);
        PrivateKey privateKey = PrivateKey.of(algorithm, seed);
        return new KeyPair(publicKeyOf.apply(privateKey), privateKey);
    }
}

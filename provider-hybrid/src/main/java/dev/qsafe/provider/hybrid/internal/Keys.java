package dev.qsafe.provider.hybrid.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import java.util.Arrays;
import java.util.Objects;

/**
 * Key checks shared by the hybrid engines, and the one way they turn slices of a hybrid private key
 * into component private keys.
 */
final class Keys {
    private Keys() {
    }

    /**
     * The raw bytes of a private key of {@code algorithm}, which must be {@link Algorithm#privateKeySize()}
     * bytes long; the caller wipes the returned copy.
     *
     * @throws InvalidKeyException if the key belongs to another algorithm, has another length or was destroyed
     */
    static byte[] privateBytes(PrivateKey key, Algorithm algorithm) {
        checkPrivate(key, algorithm);
        return key.rawBytes(SecretAccess.INSECURE);
    }

    /**
     * Checks that a private key belongs to {@code algorithm} and has its length, without reading it.
     *
     * @throws InvalidKeyException if the key belongs to another algorithm or has another length
     */
    static void checkPrivate(PrivateKey key, Algorithm algorithm) {
        Objects.requireNonNull(key, "privateKey");
        requireAlgorithm(algorithm, key.algorithm(), "private");
        if (key.length() != algorithm.privateKeySize()) {
            throw new InvalidKeyException(algorithm.name() + " private key must be " + algorithm.privateKeySize()
                    + " bytes, got " + key.length());
        }
    }

    /**
     * Checks that a public key belongs to {@code algorithm} and has its length, without copying it.
     *
     * @throws InvalidKeyException if the key belongs to another algorithm or has another length
     */
    static void checkPublic(PublicKey key, Algorithm algorithm) {
        Objects.requireNonNull(key, "publicKey");
        requireAlgorithm(algorithm, key.algorithm(), "public");
        if (key.length() != algorithm.publicKeySize()) {
            throw new InvalidKeyException(algorithm.name() + " public key must be " + algorithm.publicKeySize()
                    + " bytes, got " + key.length());
        }
    }

    /** A component private key made of {@code bytes[from:to]}, without leaving a copy behind. */
    static PrivateKey component(Algorithm component, byte[] bytes, int from, int to) {
        byte[] slice = Arrays.copyOfRange(bytes, from, to);
        try {
            return PrivateKey.of(component, slice);
        } finally {
            Bytes.wipe(slice);
        }
    }

    /** A component public key made of {@code bytes[from:to]}. */
    static PublicKey componentPublic(Algorithm component, byte[] bytes, int from, int to) {
        return PublicKey.of(component, Arrays.copyOfRange(bytes, from, to));
    }

    /*
     * The same messages as dev.qsafe.provider.toolkit.Checks, which the other providers share: this
     * module depends on the api alone, so it keeps its own few lines rather than read the toolkit.
     */
    private static void requireAlgorithm(Algorithm expected, Algorithm actual, String kind) {
        if (!expected.equals(actual)) {
            throw new InvalidKeyException("expected a " + expected + " " + kind + " key, got a " + actual + " key");
        }
    }
}

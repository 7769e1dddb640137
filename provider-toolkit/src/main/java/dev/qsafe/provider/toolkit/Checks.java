package dev.qsafe.provider.toolkit;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import java.util.Arrays;
import java.util.Objects;

/**
 * Argument checks, the errors for bad keys and byte helpers shared by the engines of every provider
 * that uses the toolkit, so that native and pure-Java engines validate keys identically and fail with
 * the same typed exception and the same message for the same fault.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * The raw bytes of a private key of {@code algorithm} that must be {@code length} bytes long; the
     * caller wipes the returned copy.
     *
     * @throws InvalidKeyException if the key belongs to another algorithm, has another length or was destroyed
     */
    public static byte[] privateKey(PrivateKey key, Algorithm algorithm, int length) {
        requirePrivateKey(key, algorithm, length);
        return key.rawBytes(SecretAccess.INSECURE);
    }

    /**
     * Checks that a private key belongs to {@code algorithm} and is {@code length} bytes long, without
     * reading it (a destroyed key is refused when it is read).
     *
     * @throws InvalidKeyException if the key belongs to another algorithm or has another length
     */
    public static void requirePrivateKey(PrivateKey key, Algorithm algorithm, int length) {
        Objects.requireNonNull(key, "privateKey");
        requireAlgorithm(algorithm, key.algorithm(), "private");
        if (key.length() != length) {
            throw wrongLength(algorithm, "private", length, key.length());
        }
    }

    /**
     * The raw encoding of a public key of {@code algorithm}.
     *
     * @throws InvalidKeyException if the key belongs to another algorithm or has another length
     */
    public static byte[] publicKey(PublicKey key, Algorithm algorithm) {
        Objects.requireNonNull(key, "publicKey");
        requireAlgorithm(algorithm, key.algorithm(), "public");
        if (key.length() != algorithm.publicKeySize()) {
            throw wrongLength(algorithm, "public", algorithm.publicKeySize(), key.length());
        }
        return key.encoded();
    }

    /**
     * The raw bytes of a symmetric key of {@code algorithm}; the caller wipes the returned copy.
     *
     * @throws InvalidKeyException if the key has the wrong length or was destroyed
     */
    public static byte[] secretKey(SecretBytes key, Algorithm algorithm) {
        Objects.requireNonNull(key, "key");
        if (key.length() != algorithm.keySize()) {
            throw new InvalidKeyException(algorithm + " key must be " + algorithm.keySize() + " bytes, got " + key.length());
        }
        return key.rawBytes(SecretAccess.INSECURE);
    }

    /**
     * Checks that a key of {@code kind} ("private" or "public") belongs to {@code expected}.
     *
     * @throws InvalidKeyException otherwise
     */
    public static void requireAlgorithm(Algorithm expected, Algorithm actual, String kind) {
        if (!expected.equals(actual)) {
            throw new InvalidKeyException("expected a " + expected + " " + kind + " key, got a " + actual + " key");
        }
    }

    /** The error for a {@code kind} ("private" or "public") key of {@code algorithm} with the wrong length. */
    public static InvalidKeyException wrongLength(Algorithm algorithm, String kind, int expected, int actual) {
        return new InvalidKeyException(algorithm + " " + kind + " key must be " + expected + " bytes, got " + actual);
    }

    /**
     * The error for a private key of {@code algorithm} that was destroyed (the qsafe key, or the library's
     * key object kept on it); {@code cause} is what the library threw, or {@code null}.
     */
    public static InvalidKeyException destroyedKey(Algorithm algorithm, Throwable cause) {
        return new InvalidKeyException(algorithm + " private key was destroyed", cause);
    }

    /**
     * The error for a {@code kind} ("private" or "public") key of {@code algorithm} that the library's
     * parser refused; {@code check} names the check that failed (never key bytes).
     */
    public static InvalidKeyException malformedKey(Algorithm algorithm, String kind, String check, Throwable cause) {
        return new InvalidKeyException(algorithm + " " + kind + " key is malformed (" + check + ")", cause);
    }

    /** The error for a private key of {@code algorithm} that passed the checks but that the library cannot sign with. */
    public static InvalidKeyException cannotSign(Algorithm algorithm, Throwable cause) {
        return new InvalidKeyException(algorithm + " cannot sign with this private key", cause);
    }

    /**
     * The error for a signature that the library refused to make: {@link #destroyedKey} if the qsafe key
     * has been destroyed meanwhile, else {@link #cannotSign}.
     */
    public static InvalidKeyException signingFailed(Algorithm algorithm, PrivateKey key, Throwable cause) {
        return key.isDestroyed() ? destroyedKey(algorithm, cause) : cannotSign(algorithm, cause);
    }

    /**
     * Checks a message and its context string: both present, the context at most {@code maxContext}
     * bytes (255 for ML-DSA and SLH-DSA, FIPS 204/205).
     *
     * @throws dev.qsafe.api.InvalidInputException if the context is longer
     */
    public static void requireMessageAndContext(Algorithm algorithm, byte[] message, byte[] context, int maxContext) {
        java.util.Objects.requireNonNull(message, "message");
        java.util.Objects.requireNonNull(context, "context");
        if (context.length > maxContext) {
            throw new dev.qsafe.api.InvalidInputException(algorithm.name() + " context must be at most " + maxContext
                    + " bytes, got " + context.length);
        }
    }

    /** Whether every byte is zero, in time that depends only on the length. */
    public static boolean isAllZero(byte[] bytes) {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }

    /** The concatenation of {@code parts}. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }

    /** Zeroes each array that is not {@code null}. */
    public static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }

    /**
     * The error for a failure of the underlying library on input that qsafe had already validated: a
     * defect or a misconfigured platform, not bad input.
     */
    public static QSafeException engineFailure(String operation, Exception cause) {
        return new QSafeException(operation + " failed inside the underlying crypto library ("
                + cause.getClass().getSimpleName() + "); this is a defect or a platform problem, not bad input", cause);
    }
}

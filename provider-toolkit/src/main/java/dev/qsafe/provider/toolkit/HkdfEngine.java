package dev.qsafe.provider.toolkit;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.spi.KdfSpi;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * HKDF (RFC 5869) with SHA-256 or SHA-384 over a provider's {@link Backend}. This class owns every argument
 * check, so that all providers accept and reject the same inputs; the backend only computes.
 */
public final class HkdfEngine implements KdfSpi {
    /** SHA-256 output length, HashLen of RFC 5869 for HKDF-SHA256. */
    public static final int HASH_LENGTH = 32;
    /** Largest output of HKDF-SHA256 Expand: 255 * HashLen. */
    public static final int MAX_OUTPUT = 255 * HASH_LENGTH;

    /** The HKDF computations of one library and hash, called with arguments already checked. */
    public interface Backend {
        /** {@code HMAC-Hash(salt, ikm)}; {@code salt} is not empty, {@code ikm} may be. */
        byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException;

        /** The first {@code length} bytes of RFC 5869 Expand; {@code prk} has at least HashLen bytes, {@code 1 <= length <= 255 * HashLen}. */
        byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException;
    }

    private final Algorithm algorithm;
    private final int hashLength;
    private final Backend backend;

    /** HKDF-SHA256 over {@code backend}. */
    public HkdfEngine(Backend backend) {
        this(Algorithm.HKDF_SHA256, backend);
    }

    /**
     * HKDF of {@code algorithm} ({@link Algorithm#HKDF_SHA256} or {@link Algorithm#HKDF_SHA384}) over
     * {@code backend}, which must compute with that algorithm's hash.
     *
     * @throws IllegalArgumentException for another algorithm
     */
    public HkdfEngine(Algorithm algorithm, Backend backend) {
        if (!Algorithm.HKDF_SHA256.equals(algorithm) && !Algorithm.HKDF_SHA384.equals(algorithm)) {
            throw new IllegalArgumentException("HkdfEngine computes HKDF-SHA256 and HKDF-SHA384, not " + algorithm);
        }
        this.algorithm = algorithm;
        this.hashLength = algorithm.keySize(); // Nh: 32 or 48
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    @Override
    public Algorithm algorithm() {
        return algorithm;
    }

    @Override
    public byte[] extract(byte[] salt, byte[] ikm) {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(ikm, "ikm");
        // RFC 5869: an absent salt is HashLen zero bytes (HMAC pads a shorter key with zeros anyway).
        byte[] s = salt.length == 0 ? new byte[hashLength] : salt;
        try {
            return backend.extract(s, ikm);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure(algorithm.name() + " extract", e);
        }
    }

    @Override
    public byte[] expand(byte[] prk, byte[] info, int length) {
        Objects.requireNonNull(prk, "prk");
        Objects.requireNonNull(info, "info");
        int maxOutput = 255 * hashLength;
        if (length < 0 || length > maxOutput) {
            throw new InvalidInputException(algorithm.name() + " output length must be 0.." + maxOutput
                    + " bytes (255 hash lengths), got " + length);
        }
        if (prk.length < hashLength) {
            throw new InvalidInputException(algorithm.name() + " pseudorandom key must be at least " + hashLength
                    + " bytes (the output of extract), got " + prk.length);
        }
        if (length == 0) {
            return new byte[0];
        }
        try {
            return backend.expand(prk, info, length);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure(algorithm.name() + " expand", e);
        }
    }
}

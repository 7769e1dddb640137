package dev.qsafe.provider.toolkit;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.spi.KdfSpi;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * HKDF-SHA256 (RFC 5869) over a provider's {@link Backend}. This class owns every argument check, so
 * that all providers accept and reject the same inputs; the backend only computes.
 */
public final class HkdfEngine implements KdfSpi {
    /** SHA-256 output length, HashLen of RFC 5869. */
    public static final int HASH_LENGTH = 32;
    /** Largest output of Expand: 255 * HashLen. */
    public static final int MAX_OUTPUT = 255 * HASH_LENGTH;

    /** The HKDF-SHA256 computations of one library, called with arguments already checked. */
    public interface Backend {
        /** {@code HMAC-SHA256(salt, ikm)}; {@code salt} is not empty, {@code ikm} may be. */
        byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException;

        /** The first {@code length} bytes of RFC 5869 Expand; {@code prk} has at least HashLen bytes, {@code 1 <= length <= 8160}. */
        byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException;
    }

    private final Backend backend;

    public HkdfEngine(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.HKDF_SHA256;
    }

    @Override
    public byte[] extract(byte[] salt, byte[] ikm) {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(ikm, "ikm");
        // RFC 5869: an absent salt is HashLen zero bytes (HMAC pads a shorter key with zeros anyway).
        byte[] s = salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        try {
            return backend.extract(s, ikm);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure("HKDF-SHA256 extract", e);
        }
    }

    @Override
    public byte[] expand(byte[] prk, byte[] info, int length) {
        Objects.requireNonNull(prk, "prk");
        Objects.requireNonNull(info, "info");
        if (length < 0 || length > MAX_OUTPUT) {
            throw new InvalidInputException("HKDF-SHA256 output length must be 0.." + MAX_OUTPUT
                    + " bytes (255 hash lengths), got " + length);
        }
        if (prk.length < HASH_LENGTH) {
            throw new InvalidInputException("HKDF-SHA256 pseudorandom key must be at least " + HASH_LENGTH
                    + " bytes (the output of extract), got " + prk.length);
        }
        if (length == 0) {
            return new byte[0];
        }
        try {
            return backend.expand(prk, info, length);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure("HKDF-SHA256 expand", e);
        }
    }
}

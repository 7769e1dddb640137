package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.spi.XofSpi;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * SHAKE256 (FIPS 202 section 6.2) on Bouncy Castle's {@link SHAKEDigest}.
 *
 * <p>Thread-safe: a digest is created per call.
 */
final class Shake256Engine implements XofSpi {
    @Override
    public Algorithm algorithm() {
        return Algorithm.SHAKE256;
    }

    @Override
    public byte[] digest(byte[] input, int outputLength) {
        Objects.requireNonNull(input, "input");
        if (outputLength < 0) {
            throw new InvalidInputException("SHAKE256 output length must not be negative, got " + outputLength);
        }
        SHAKEDigest shake = new SHAKEDigest(256);
        shake.update(input, 0, input.length);
        byte[] out = new byte[outputLength];
        shake.doFinal(out, 0, outputLength);
        return out;
    }
}

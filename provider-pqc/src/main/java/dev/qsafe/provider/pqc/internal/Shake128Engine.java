package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.spi.XofSpi;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * SHAKE128 (FIPS 202 section 6.2) on Bouncy Castle's {@link SHAKEDigest}, one-shot and incremental.
 *
 * <p>Thread-safe: a digest is created per call and per {@link Sponge}.
 */
final class Shake128Engine implements XofSpi {
    @Override
    public Algorithm algorithm() {
        return Algorithm.SHAKE128;
    }

    @Override
    public byte[] digest(byte[] input, int outputLength) {
        Objects.requireNonNull(input, "input");
        if (outputLength < 0) {
            throw new InvalidInputException("SHAKE128 output length must not be negative, got " + outputLength);
        }
        Sponge sponge = engineSponge();
        sponge.absorb(input);
        byte[] out = new byte[outputLength];
        sponge.squeeze(out);
        return out;
    }

    @Override
    public Sponge engineSponge() {
        SHAKEDigest shake = new SHAKEDigest(128);
        return new Sponge() {
            private boolean squeezing;

            @Override
            public void absorb(byte[] input) {
                Objects.requireNonNull(input, "input");
                if (squeezing) {
                    // Bouncy Castle would throw too, but with its own wording.
                    throw new IllegalStateException("SHAKE128 cannot absorb after output has been squeezed");
                }
                shake.update(input, 0, input.length);
            }

            @Override
            public void squeeze(byte[] output) {
                Objects.requireNonNull(output, "output");
                squeezing = true;
                // doOutput keeps the sponge squeezing, so the next call continues the same stream.
                shake.doOutput(output, 0, output.length);
            }
        };
    }
}

package dev.qsafe.provider.toolkit;

import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.Arrays;

/**
 * Not random: hands a JDK key generator a known seed, in exactly the draws it is expected to make (for
 * Ed25519 and ML-DSA one draw of the whole seed; for ML-KEM {@code d} then {@code z}, 32 bytes each, as
 * FIPS 203 ML-KEM.KeyGen draws them). Any other request fails, so a JDK that drew differently could not
 * silently produce another key; callers check {@link #consumed()} afterwards. No platform generator is
 * created behind it.
 */
public final class SeedRandom extends SecureRandom {
    private final Draws draws;

    /**
     * @param seed  the bytes to hand out, not copied (the caller wipes them after the generator ran)
     * @param draws the expected request sizes, in order; they must add up to the seed's length
     */
    public SeedRandom(byte[] seed, int... draws) {
        this(new Draws(seed, draws));
    }

    private SeedRandom(Draws draws) {
        super(draws, null);
        this.draws = draws;
    }

    /** Whether every expected draw was made. */
    public boolean consumed() {
        return draws.consumed();
    }

    private static final class Draws extends SecureRandomSpi {
        private final byte[] seed;
        private final int[] sizes;
        private int next;
        private int offset;

        Draws(byte[] seed, int[] sizes) {
            if (Arrays.stream(sizes).sum() != seed.length) {
                throw new IllegalArgumentException("draws must add up to the seed length");
            }
            this.seed = seed;
            this.sizes = sizes.clone();
        }

        @Override
        protected synchronized void engineNextBytes(byte[] out) {
            if (next >= sizes.length || out.length != sizes[next]) {
                throw new ProviderException("the key generator asked for " + out.length
                        + " random bytes where the seed layout expects " + (next < sizes.length ? sizes[next] : 0));
            }
            System.arraycopy(seed, offset, out, 0, out.length);
            offset += out.length;
            next++;
        }

        synchronized boolean consumed() {
            return next == sizes.length;
        }

        @Override
        protected void engineSetSeed(byte[] ignored) {
            // Extra seed material cannot change a fixed seed.
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new ProviderException("a fixed seed cannot generate seeds");
        }
    }
}

package dev.qsafe.provider.pqc.internal;

import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Not random: hands a JDK key generator a known seed, in exactly the draws it is expected to make
 * (for ML-KEM, {@code d} then {@code z}, 32 bytes each, as FIPS 203 ML-KEM.KeyGen draws them). Any
 * other request fails, so a JDK that drew differently could not silently produce another key; the
 * provider's self-test also compares the result with Bouncy Castle's derivation from the same seed.
 */
final class SeedRandom extends SecureRandom {
    private final byte[] seed;
    private final int[] draws;
    private int next;
    private int offset;

    /**
     * @param seed  the bytes to hand out, not copied (the caller wipes them after the generator ran)
     * @param draws the expected request sizes, in order; they must add up to the seed's length
     */
    SeedRandom(byte[] seed, int... draws) {
        this.seed = seed;
        this.draws = draws.clone();
        if (Arrays.stream(draws).sum() != seed.length) {
            throw new IllegalArgumentException("draws must add up to the seed length");
        }
    }

    @Override
    public synchronized void nextBytes(byte[] out) {
        if (next >= draws.length || out.length != draws[next]) {
            throw new ProviderException("the key generator asked for " + out.length
                    + " random bytes where the seed layout expects " + (next < draws.length ? draws[next] : 0));
        }
        System.arraycopy(seed, offset, out, 0, out.length);
        offset += out.length;
        next++;
    }

    /** Whether every expected draw was made. */
    synchronized boolean consumed() {
        return next == draws.length;
    }

    @Override
    public void setSeed(long ignored) {
        // SecureRandom's constructor calls this; extra seed material cannot change a fixed seed.
    }

    @Override
    public void setSeed(byte[] ignored) {
        // As above.
    }

    @Override
    public byte[] generateSeed(int numBytes) {
        throw new ProviderException("a fixed seed cannot generate seeds");
    }
}

package dev.qsafe.provider.pqc.internal;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Not random: a {@link SecureRandom} that hands out caller-supplied bytes exactly once. It exists only
 * for the derandomized signing interface ({@link dev.qsafe.api.spi.SignatureSpi#engineSignDerandomized}),
 * because Bouncy Castle's ML-DSA and SLH-DSA signers take {@code rnd} / {@code opt_rand} only from a
 * {@code SecureRandom}. It is never used for key generation or hedged signing. A second request, or a
 * request of another length, fails: Bouncy Castle would be drawing randomness the test vectors do not define.
 */
final class FixedRandom extends SecureRandom {
    private byte[] bytes;

    /** @param bytes the bytes to return, copied */
    FixedRandom(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /**
     * Fills {@code out} with the fixed bytes, then forgets them.
     *
     * @throws IllegalStateException if already used or if {@code out} has another length
     */
    @Override
    public synchronized void nextBytes(byte[] out) {
        if (bytes == null || out.length != bytes.length) {
            throw new IllegalStateException("fixed signing randomness requested twice or with another length");
        }
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        Arrays.fill(bytes, (byte) 0);
        bytes = null;
    }
}

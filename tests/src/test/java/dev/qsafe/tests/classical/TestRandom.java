package dev.qsafe.tests.classical;

import java.security.SecureRandom;

/** Random test inputs (keys, nonces, messages) from a {@link SecureRandom}. */
final class TestRandom {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestRandom() {
    }

    /** {@code length} random bytes. */
    static byte[] bytes(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }
}

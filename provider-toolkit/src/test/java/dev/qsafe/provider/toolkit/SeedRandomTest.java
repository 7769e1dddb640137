package dev.qsafe.provider.toolkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.ProviderException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The seed feeder hands out the seed in the expected draws and refuses any other request. */
class SeedRandomTest {
    private static byte[] seed(int n) {
        byte[] s = new byte[n];
        for (int i = 0; i < n; i++) {
            s[i] = (byte) (i + 1);
        }
        return s;
    }

    @Test
    void handsOutTheSeedInItsDraws_thenRefusesMore() {
        byte[] seed = seed(64);
        SeedRandom r = new SeedRandom(seed, 32, 32);
        byte[] d = new byte[32];
        byte[] z = new byte[32];
        r.nextBytes(d);
        assertFalse(r.consumed());
        r.nextBytes(z);
        assertTrue(r.consumed());
        assertArrayEquals(Arrays.copyOfRange(seed, 0, 32), d);
        assertArrayEquals(Arrays.copyOfRange(seed, 32, 64), z);
        assertThrows(ProviderException.class, () -> r.nextBytes(new byte[32]));
    }

    @Test
    void refusesADrawOfAnotherSize_andALayoutThatDoesNotAddUp() {
        SeedRandom r = new SeedRandom(seed(32), 32);
        assertThrows(ProviderException.class, () -> r.nextBytes(new byte[16]));
        assertFalse(r.consumed());
        assertThrows(IllegalArgumentException.class, () -> new SeedRandom(seed(32), 16));
        assertThrows(ProviderException.class, () -> r.generateSeed(8));
    }
}

package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.spi.XofSpi;
import dev.qsafe.tests.Vectors;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SHAKE128 (FIPS 202) on every discovered engine: known answers, the JDK's own SHAKE128 as a second
 * implementation, and the incremental interface the CCTV accumulated tests read their stream from.
 */
class Shake128Test {
    /** SHAKE128 of the empty string, 32 bytes (NIST SHA-3 example values, "SHAKE128_Msg0"). */
    private static final String EMPTY_32 = "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26";
    /** SHAKE128 of 200 bytes 0xA3, first 32 bytes (NIST SHA-3 example values, "SHAKE128_Msg1600"). */
    private static final String A3_200_32 = "131ab8d2b594946b9c81333f9bb6e0ce75c3b93104fa3469d3917457385da037";

    static Stream<Arguments> engines() {
        return PqcEngines.providersOf(Algorithm.SHAKE128).stream().map(Arguments::of);
    }

    private static XofSpi xof(String provider) {
        return PqcEngines.registry().xof(Algorithm.SHAKE128, provider);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void digest_nistMessages_areTheNistValues(String provider) {
        XofSpi shake = xof(provider);
        assertEquals(Algorithm.SHAKE128, shake.algorithm());
        assertEquals(EMPTY_32, Vectors.toHex(shake.digest(new byte[0], 32)));
        byte[] message = new byte[200];
        Arrays.fill(message, (byte) 0xA3);
        assertEquals(A3_200_32, Vectors.toHex(shake.digest(message, 32)));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void digest_agreesWithTheJdksShake128(String provider) throws Exception {
        Random random = new Random(128);
        for (int length : new int[] {0, 1, 167, 168, 169, 1000}) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            assertArrayEquals(MessageDigest.getInstance("SHAKE128-256").digest(input), xof(provider).digest(input, 32),
                    "input of " + length + " bytes");
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void sponge_piecewise_isTheOneShotStream(String provider) {
        XofSpi shake = xof(provider);
        byte[] input = new byte[500];
        new Random(7).nextBytes(input);
        byte[] expected = shake.digest(input, 1000);

        XofSpi.Sponge sponge = shake.engineSponge();
        sponge.absorb(Arrays.copyOfRange(input, 0, 1));
        sponge.absorb(Arrays.copyOfRange(input, 1, 300));
        sponge.absorb(new byte[0]);
        sponge.absorb(Arrays.copyOfRange(input, 300, 500));
        byte[] actual = new byte[1000];
        int at = 0;
        // Reads across the 168-byte rate boundary, and reads of nothing.
        for (int n : new int[] {32, 0, 136, 1, 167, 168, 496}) {
            byte[] part = new byte[n];
            sponge.squeeze(part);
            System.arraycopy(part, 0, actual, at, n);
            at += n;
        }
        assertEquals(1000, at);
        assertArrayEquals(expected, actual);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void sponge_emptyInput_startsAsCctvSays(String provider) {
        // c2sp.org/CCTV/ML-KEM: "The RNG stream starts with 7f9c2ba4e88f827d616045507605853e".
        XofSpi.Sponge sponge = xof(provider).engineSponge();
        byte[] first = new byte[16];
        sponge.squeeze(first);
        assertEquals("7f9c2ba4e88f827d616045507605853e", Vectors.toHex(first));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void sponge_absorbAfterSqueeze_isRefused(String provider) {
        XofSpi.Sponge sponge = xof(provider).engineSponge();
        sponge.absorb(new byte[3]);
        sponge.squeeze(new byte[1]);
        assertThrows(IllegalStateException.class, () -> sponge.absorb(new byte[1]));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void digest_negativeLength_invalidInput(String provider) {
        assertThrows(InvalidInputException.class, () -> xof(provider).digest(new byte[1], -1));
    }
}

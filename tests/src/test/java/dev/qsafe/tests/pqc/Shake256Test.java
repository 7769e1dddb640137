package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.spi.XofSpi;
import dev.qsafe.tests.Vectors;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SHAKE256 (FIPS 202) against known answers, on every discovered engine. */
class Shake256Test {
    /** SHAKE256 of the empty string, 64 bytes (NIST SHA-3 example values, "SHAKE256_Msg0"). */
    private static final String EMPTY_64 = "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
            + "d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be";
    /** SHAKE256 of 200 bytes 0xA3, first 64 bytes (NIST SHA-3 example values, "SHAKE256_Msg1600"). */
    private static final String A3_200_64 = "cd8a920ed141aa0407a22d59288652e9d9f1a7ee0c1e7c1ca699424da84a904d"
            + "2d700caae7396ece96604440577da4f3aa22aeb8857f961c4cd8e06f0ae6610b";

    static Stream<Arguments> engines() {
        return PqcEngines.providersOf(Algorithm.SHAKE256).stream().map(Arguments::of);
    }

    private static XofSpi xof(String provider) {
        return PqcEngines.registry().xof(Algorithm.SHAKE256, provider);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void digest_emptyString_isTheNistValue(String provider) {
        XofSpi shake = xof(provider);
        assertEquals(Algorithm.SHAKE256, shake.algorithm());
        assertEquals(EMPTY_64, Vectors.toHex(shake.digest(new byte[0], 64)));
        assertEquals(EMPTY_64.substring(0, 64), Vectors.toHex(shake.digest(new byte[0], 32)));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void digest_1600BitMessage_isTheNistValue(String provider) {
        byte[] message = new byte[200];
        Arrays.fill(message, (byte) 0xA3);
        assertEquals(A3_200_64, Vectors.toHex(xof(provider).digest(message, 64)));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void digest_shorterOutput_isAPrefixOfLongerOutput(String provider) {
        XofSpi shake = xof(provider);
        byte[] input = "qsafe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] longer = shake.digest(input, 500);
        assertArrayEquals(Arrays.copyOf(longer, 137), shake.digest(input, 137));
        assertEquals(0, shake.digest(input, 0).length);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("engines")
    void digest_negativeLength_invalidInput(String provider) {
        assertThrows(InvalidInputException.class, () -> xof(provider).digest(new byte[1], -1));
    }
}

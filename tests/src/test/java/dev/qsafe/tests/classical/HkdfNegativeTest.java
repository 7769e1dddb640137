package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.Kdf;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Argument limits of every HKDF-SHA256 engine. */
class HkdfNegativeTest {
    private static final byte[] PRK = new byte[32];
    private static final byte[] INFO = {1, 2, 3};

    static Stream<String> engines() {
        return ClassicalEngines.providersOf(Algorithm.HKDF_SHA256).stream();
    }

    private static Kdf engine(String provider) {
        return ClassicalEngines.REGISTRY.kdf(Algorithm.HKDF_SHA256, provider);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void expand_lengthOutOfRange_failsWithInvalidInput(String provider) {
        Kdf kdf = engine(provider);
        assertThrows(InvalidInputException.class, () -> kdf.expand(PRK, INFO, -1));
        assertThrows(InvalidInputException.class, () -> kdf.expand(PRK, INFO, 255 * 32 + 1));
        assertEquals(255 * 32, kdf.expand(PRK, INFO, 255 * 32).length);
        assertEquals(0, kdf.expand(PRK, INFO, 0).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void expand_pseudorandomKeyShorterThanHash_failsWithInvalidInput(String provider) {
        Kdf kdf = engine(provider);
        assertThrows(InvalidInputException.class, () -> kdf.expand(new byte[31], INFO, 32));
        assertThrows(InvalidInputException.class, () -> kdf.expand(new byte[0], INFO, 32));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void extract_emptySalt_equalsHashLengthZeroSalt(String provider) {
        Kdf kdf = engine(provider);
        byte[] ikm = {7, 7, 7};
        assertArrayEquals(kdf.extract(new byte[32], ikm), kdf.extract(new byte[0], ikm));
        assertEquals(32, kdf.extract(new byte[0], new byte[0]).length);
    }
}

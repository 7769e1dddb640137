package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.Kdf;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Argument limits of every HKDF-SHA256 and HKDF-SHA384 engine (HashLen 32 and 48). */
class HkdfNegativeTest {
    private static final byte[] INFO = {1, 2, 3};

    static Stream<Arguments> engines() {
        return Stream.of(Algorithm.HKDF_SHA256, Algorithm.HKDF_SHA384)
                .flatMap(a -> ClassicalEngines.providersOf(a).stream().map(p -> Arguments.of(a, p)));
    }

    private static Kdf engine(Algorithm algorithm, String provider) {
        return ClassicalEngines.REGISTRY.kdf(algorithm, provider);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engines")
    void expand_lengthOutOfRange_failsWithInvalidInput(Algorithm algorithm, String provider) {
        Kdf kdf = engine(algorithm, provider);
        int hashLength = algorithm.keySize();
        byte[] prk = new byte[hashLength];
        assertThrows(InvalidInputException.class, () -> kdf.expand(prk, INFO, -1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> kdf.expand(prk, INFO, 255 * hashLength + 1));
        assertTrue(e.getMessage().contains(algorithm.name()) && e.getMessage().contains(String.valueOf(255 * hashLength)),
                e.getMessage());
        assertEquals(255 * hashLength, kdf.expand(prk, INFO, 255 * hashLength).length);
        assertEquals(0, kdf.expand(prk, INFO, 0).length);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engines")
    void expand_pseudorandomKeyShorterThanHash_failsWithInvalidInput(Algorithm algorithm, String provider) {
        Kdf kdf = engine(algorithm, provider);
        int hashLength = algorithm.keySize();
        assertThrows(InvalidInputException.class, () -> kdf.expand(new byte[hashLength - 1], INFO, 32));
        assertThrows(InvalidInputException.class, () -> kdf.expand(new byte[0], INFO, 32));
        assertEquals(32, kdf.expand(new byte[hashLength], INFO, 32).length);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engines")
    void extract_emptySalt_equalsHashLengthZeroSalt(Algorithm algorithm, String provider) {
        Kdf kdf = engine(algorithm, provider);
        int hashLength = algorithm.keySize();
        byte[] ikm = {7, 7, 7};
        assertArrayEquals(kdf.extract(new byte[hashLength], ikm), kdf.extract(new byte[0], ikm));
        assertEquals(hashLength, kdf.extract(new byte[0], new byte[0]).length);
    }
}

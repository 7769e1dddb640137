package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Misuse and tampering against every AES-GCM and ChaCha20-Poly1305 engine: each fails with a typed
 * exception, decryption failures carry the one uniform message, and nothing is decrypted in place.
 */
class AeadNegativeTest {
    private static final byte[] PLAINTEXT = "attack at dawn, bring the quantum computer".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "header v1".getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> engines() {
        return Stream.of(Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305)
                .flatMap(alg -> ClassicalEngines.providersOf(alg).stream().map(p -> Arguments.of(alg, p)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void open_sealedMessage_returnsPlaintext(Algorithm alg, String provider) {
        Fixture f = new Fixture(alg, provider);
        assertArrayEquals(PLAINTEXT, f.aead.open(f.key, f.nonce, f.sealed, AAD));
        assertEquals(PLAINTEXT.length + alg.tagSize(), f.sealed.length);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void open_wrongKey_failsWithDecryptionFailed(Algorithm alg, String provider) {
        Fixture f = new Fixture(alg, provider);
        assertOpenFails(f.aead, Fixture.randomKey(alg), f.nonce, f.sealed, AAD);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void open_flippedCiphertextBit_failsWithDecryptionFailed(Algorithm alg, String provider) {
        Fixture f = new Fixture(alg, provider);
        assertOpenFails(f.aead, f.key, f.nonce, flipBit(f.sealed, 0), AAD);
        assertOpenFails(f.aead, f.key, f.nonce, flipBit(f.sealed, PLAINTEXT.length - 1), AAD);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void open_flippedTagBit_failsWithDecryptionFailed(Algorithm alg, String provider) {
        Fixture f = new Fixture(alg, provider);
        assertOpenFails(f.aead, f.key, f.nonce, flipBit(f.sealed, PLAINTEXT.length), AAD);
        assertOpenFails(f.aead, f.key, f.nonce, flipBit(f.sealed, f.sealed.length - 1), AAD);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void open_otherAssociatedDataOrNonce_failsWithDecryptionFailed(Algorithm alg, String provider) {
        Fixture f = new Fixture(alg, provider);
        assertOpenFails(f.aead, f.key, f.nonce, f.sealed, new byte[0]);
        assertOpenFails(f.aead, f.key, flipBit(f.nonce, f.nonce.length - 1), f.sealed, AAD);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void open_truncatedCiphertext_failsWithDecryptionFailed(Algorithm alg, String provider) {
        Fixture f = new Fixture(alg, provider);
        assertOpenFails(f.aead, f.key, f.nonce, Arrays.copyOf(f.sealed, f.sealed.length - 1), AAD);
        assertOpenFails(f.aead, f.key, f.nonce, Arrays.copyOf(f.sealed, alg.tagSize()), AAD);
        assertOpenFails(f.aead, f.key, f.nonce, Arrays.copyOf(f.sealed, alg.tagSize() - 1), AAD);
        assertOpenFails(f.aead, f.key, f.nonce, new byte[0], AAD);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void sealOrOpen_wrongLengthKey_failsWithInvalidKey(Algorithm alg, String provider) {
        Fixture f = new Fixture(alg, provider);
        for (int length : new int[] {0, 1, alg.keySize() - 1, alg.keySize() + 1, 24, 64}) {
            SecretBytes key = SecretBytes.wrap(new byte[length]);
            assertThrows(InvalidKeyException.class, () -> f.aead.seal(key, f.nonce, PLAINTEXT, AAD), "seal, " + length);
            assertThrows(InvalidKeyException.class, () -> f.aead.open(key, f.nonce, f.sealed, AAD), "open, " + length);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void sealOrOpen_destroyedKey_failsWithInvalidKey(Algorithm alg, String provider) {
        Fixture f = new Fixture(alg, provider);
        f.key.destroy();
        assertThrows(InvalidKeyException.class, () -> f.aead.seal(f.key, f.nonce, PLAINTEXT, AAD));
        assertThrows(InvalidKeyException.class, () -> f.aead.open(f.key, f.nonce, f.sealed, AAD));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void sealOrOpen_unusableNonceLength_failsWithInvalidInput(Algorithm alg, String provider) {
        Fixture f = new Fixture(alg, provider);
        // GCM takes any non-empty nonce; ChaCha20-Poly1305 exactly 12 bytes.
        int[] lengths = alg.equals(Algorithm.CHACHA20_POLY1305) ? new int[] {0, 8, 11, 13, 24} : new int[] {0};
        for (int length : lengths) {
            byte[] nonce = new byte[length];
            assertThrows(InvalidInputException.class, () -> f.aead.seal(f.key, nonce, PLAINTEXT, AAD), "seal, " + length);
            assertThrows(InvalidInputException.class, () -> f.aead.open(f.key, nonce, f.sealed, AAD), "open, " + length);
        }
    }

    /** Opening fails with the uniform message, and the input was not decrypted in place. */
    private static void assertOpenFails(Aead aead, SecretBytes key, byte[] nonce, byte[] sealed, byte[] aad) {
        byte[] before = sealed.clone();
        DecryptionFailedException e = assertThrows(DecryptionFailedException.class, () -> aead.open(key, nonce, sealed, aad));
        assertEquals(DecryptionFailedException.MESSAGE, e.getMessage());
        assertArrayEquals(before, sealed, "the ciphertext must not be modified");
    }

    static byte[] flipBit(byte[] data, int byteIndex) {
        byte[] copy = data.clone();
        copy[byteIndex % copy.length] ^= 0x01;
        return copy;
    }

    /** An engine, a random key and nonce, and {@link #PLAINTEXT} sealed under them. */
    private static final class Fixture {
        final Aead aead;
        final SecretBytes key;
        final byte[] nonce = TestRandom.bytes(12);
        final byte[] sealed;

        Fixture(Algorithm alg, String provider) {
            aead = ClassicalEngines.REGISTRY.aead(alg, provider);
            key = randomKey(alg);
            sealed = aead.seal(key, nonce, PLAINTEXT, AAD);
        }

        static SecretBytes randomKey(Algorithm alg) {
            return SecretBytes.wrap(TestRandom.bytes(alg.keySize()));
        }
    }
}

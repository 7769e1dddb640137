package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AeadSpi#sealInto} and {@link AeadSpi#openInto} on every AEAD engine the registry has (the
 * classical providers and, where they load, conscrypt and accp), and the default methods a third-party
 * engine inherits: the same bytes as the array methods at any offsets, nothing outside the range
 * touched, typed errors for ranges and short outputs, no plaintext left behind by a forgery, and the
 * per-thread engine objects safe under eight threads.
 */
class AeadIntoBufferTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte SENTINEL = 0x5A;

    static Stream<Arguments> engines() {
        return Stream.of(Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305)
                .flatMap(alg -> ClassicalEngines.providersOf(alg).stream().map(p -> Arguments.of(alg, p)));
    }

    private static AeadSpi engine(Algorithm alg, String provider) {
        return ClassicalEngines.REGISTRY.aead(alg, provider);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, SENTINEL);
        return b;
    }

    private static void assertUntouched(byte[] array, int from, int to) {
        for (int i = from; i < to; i++) {
            assertEquals(SENTINEL, array[i], "byte " + i + " outside the output range was written");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void sealIntoAndOpenInto_atOffsets_equalTheArrayMethods(Algorithm alg, String provider) {
        AeadSpi aead = engine(alg, provider);
        SecretBytes key = SecretBytes.wrap(random(alg.keySize()));
        byte[] aad = random(13);
        for (int length : new int[] {0, 1, 15, 16, 17, 1024, 4099}) {
            byte[] nonce = random(12);
            byte[] message = random(length);
            byte[] expected = aead.seal(key, nonce, message, aad);
            for (int inOffset : new int[] {0, 7}) {
                for (int outOffset : new int[] {0, 3, 64}) {
                    byte[] in = filled(inOffset + length + 5);
                    System.arraycopy(message, 0, in, inOffset, length);
                    byte[] out = filled(outOffset + expected.length + 9);
                    int n = aead.sealInto(key, nonce, aad, in, inOffset, length, out, outOffset);
                    assertEquals(expected.length, n);
                    assertArrayEquals(expected, Arrays.copyOfRange(out, outOffset, outOffset + n), "length " + length);
                    assertUntouched(out, 0, outOffset);
                    assertUntouched(out, outOffset + n, out.length);

                    byte[] opened = filled(inOffset + length + 11);
                    int m = aead.openInto(key, nonce, aad, out, outOffset, n, opened, inOffset);
                    assertEquals(length, m);
                    assertArrayEquals(message, Arrays.copyOfRange(opened, inOffset, inOffset + m));
                    assertUntouched(opened, 0, inOffset);
                    assertUntouched(opened, inOffset + m, opened.length);
                    assertArrayEquals(message, aead.open(key, nonce, Arrays.copyOfRange(out, outOffset, outOffset + n), aad));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void sealInto_outputTooSmall_failsTyped_andWritesNothing(Algorithm alg, String provider) {
        AeadSpi aead = engine(alg, provider);
        SecretBytes key = SecretBytes.wrap(random(alg.keySize()));
        byte[] nonce = random(12);
        byte[] message = random(100);
        byte[] out = filled(100 + alg.tagSize() + 4);
        assertThrows(InvalidInputException.class, () -> aead.sealInto(key, nonce, new byte[0], message, 0, 100, out, 5));
        assertThrows(InvalidInputException.class,
                () -> aead.sealInto(key, nonce, new byte[0], message, 0, 100, new byte[100 + alg.tagSize() - 1], 0));
        assertUntouched(out, 0, out.length);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void rangesOutsideTheirArrays_failTyped(Algorithm alg, String provider) {
        AeadSpi aead = engine(alg, provider);
        SecretBytes key = SecretBytes.wrap(random(alg.keySize()));
        byte[] nonce = random(12);
        byte[] message = random(32);
        byte[] sealed = aead.seal(key, nonce, message, new byte[0]);
        byte[] big = new byte[1000];
        byte[] none = new byte[0];
        assertThrows(InvalidInputException.class, () -> aead.sealInto(key, nonce, none, message, -1, 10, big, 0));
        assertThrows(InvalidInputException.class, () -> aead.sealInto(key, nonce, none, message, 30, 3, big, 0));
        assertThrows(InvalidInputException.class, () -> aead.sealInto(key, nonce, none, message, 0, -1, big, 0));
        assertThrows(InvalidInputException.class, () -> aead.sealInto(key, nonce, none, message, 0, 32, big, -1));
        assertThrows(InvalidInputException.class, () -> aead.sealInto(key, nonce, none, message, 0, 32, big, 1001));
        assertThrows(InvalidInputException.class, () -> aead.sealInto(key, nonce, none, message, Integer.MAX_VALUE, 2, big, 0));
        assertThrows(InvalidInputException.class, () -> aead.openInto(key, nonce, none, sealed, 1, sealed.length, big, 0));
        assertThrows(InvalidInputException.class, () -> aead.openInto(key, nonce, none, sealed, 0, sealed.length, big, -5));
        assertThrows(InvalidInputException.class, () -> aead.openInto(key, nonce, none, sealed, 0, sealed.length, new byte[31], 0),
                "no room for the plaintext");
        assertThrows(DecryptionFailedException.class, () -> aead.openInto(key, nonce, none, sealed, 0, alg.tagSize() - 1, big, 0),
                "shorter than a tag");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void openInto_forged_failsUniformly_andLeavesNoPlaintextInTheOutput(Algorithm alg, String provider) {
        AeadSpi aead = engine(alg, provider);
        SecretBytes key = SecretBytes.wrap(random(alg.keySize()));
        byte[] nonce = random(12);
        byte[] message = random(1024);
        byte[] aad = random(20);
        byte[] sealed = aead.seal(key, nonce, message, aad);
        List<byte[]> forgeries = new ArrayList<>();
        for (int bit : new int[] {0, 8 * 500 + 3, 8 * 1023 + 7, 8 * 1024, 8 * sealed.length - 1}) {
            byte[] f = sealed.clone();
            f[bit / 8] ^= (byte) (1 << (bit % 8));
            forgeries.add(f);
        }
        for (byte[] forged : forgeries) {
            byte[] out = filled(1024 + 10);
            DecryptionFailedException e = assertThrows(DecryptionFailedException.class,
                    () -> aead.openInto(key, nonce, aad, forged, 0, forged.length, out, 10));
            assertEquals(DecryptionFailedException.MESSAGE, e.getMessage());
            assertUntouched(out, 0, 10);
            for (int i = 10; i < out.length; i++) {
                assertEquals(0, out[i], "byte " + i + " of the output range must be zero after a forgery");
            }
        }
        // other associated data, and a wrong key
        byte[] out = filled(1024);
        assertThrows(DecryptionFailedException.class, () -> aead.openInto(key, nonce, new byte[0], sealed, 0, sealed.length, out, 0));
        assertTrue(isZero(out));
        Arrays.fill(out, SENTINEL);
        SecretBytes other = SecretBytes.wrap(random(alg.keySize()));
        assertThrows(DecryptionFailedException.class, () -> aead.openInto(other, nonce, aad, sealed, 0, sealed.length, out, 0));
        assertTrue(isZero(out));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void failures_doNotPoisonTheNextCall_andARepeatedKeyAndNonceStillSeals(Algorithm alg, String provider) {
        AeadSpi aead = engine(alg, provider);
        SecretBytes key = SecretBytes.wrap(random(alg.keySize()));
        byte[] nonce = random(12);
        byte[] message = random(300);
        byte[] sealed = aead.seal(key, nonce, message, new byte[0]);
        // The same key and nonce again (misuse, but deterministic): SunJCE refuses to re-initialise an
        // encrypting cipher with them, so a reused engine object must give way to a fresh one.
        assertArrayEquals(sealed, aead.seal(key, nonce, message, new byte[0]));
        byte[] forged = sealed.clone();
        forged[0] ^= 1;
        for (int i = 0; i < 3; i++) {
            assertThrows(DecryptionFailedException.class, () -> aead.open(key, nonce, forged, new byte[0]));
            assertArrayEquals(message, aead.open(key, nonce, sealed, new byte[0]), "after a forgery, round " + i);
            assertThrows(InvalidInputException.class, () -> aead.seal(key, new byte[0], message, new byte[0]));
            assertArrayEquals(sealed, aead.seal(key, nonce, message, new byte[0]));
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void eightThreads_sealAndOpenWithTheirOwnKeys_andForgeries_allCorrect(Algorithm alg, String provider) throws Exception {
        AeadSpi aead = engine(alg, provider);
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    SecureRandom r = new SecureRandom();
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < 200; i++) {
                        byte[] k = new byte[alg.keySize()];
                        r.nextBytes(k);
                        SecretBytes key = SecretBytes.wrap(k);
                        byte[] nonce = new byte[12];
                        r.nextBytes(nonce);
                        byte[] message = new byte[1 + r.nextInt(2000)];
                        r.nextBytes(message);
                        byte[] aad = {(byte) id, (byte) i};
                        byte[] out = new byte[message.length + alg.tagSize()];
                        aead.sealInto(key, nonce, aad, message, 0, message.length, out, 0);
                        if (i % 3 == 0) {
                            byte[] forged = out.clone();
                            forged[r.nextInt(forged.length)] ^= 1;
                            byte[] plain = new byte[message.length];
                            assertThrows(DecryptionFailedException.class,
                                    () -> aead.openInto(key, nonce, aad, forged, 0, forged.length, plain, 0));
                            assertTrue(isZero(plain));
                        }
                        byte[] plain = new byte[message.length];
                        aead.openInto(key, nonce, aad, out, 0, out.length, plain, 0);
                        assertArrayEquals(message, plain);
                        assertArrayEquals(out, aead.seal(key, nonce, message, aad));
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * AES-GCM nonces of other lengths between standard ones on one thread give the bytes of Bouncy
     * Castle's per-call engine: a reused cipher must not keep anything of the previous nonce (ACCP
     * 2.5.0 does, when the length changes, so only 12-byte nonces use the reused object).
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("engines")
    void aesGcm_nonceLengthsChangingOnOneThread_matchAPerCallEngine(Algorithm alg, String provider) {
        org.junit.jupiter.api.Assumptions.assumeFalse(alg.equals(Algorithm.CHACHA20_POLY1305), "12-byte nonces only");
        org.junit.jupiter.api.Assumptions.assumeFalse(provider.equals("conscrypt"), "conscrypt takes 12-byte nonces only");
        AeadSpi aead = engine(alg, provider);
        AeadSpi reference = engine(alg, ClassicalEngines.BC);
        SecretBytes key = SecretBytes.wrap(random(alg.keySize()));
        for (int nonceLength : new int[] {12, 1, 12, 16, 8, 12, 64, 12}) {
            byte[] nonce = random(nonceLength);
            byte[] message = random(50);
            byte[] sealed = aead.seal(key, nonce, message, new byte[0]);
            assertArrayEquals(reference.seal(key, nonce, message, new byte[0]), sealed, nonceLength + "-byte nonce");
            assertArrayEquals(message, aead.open(key, nonce, sealed, new byte[0]));
        }
    }

    /** A third-party engine with only the array methods inherits working range methods. */
    @Test
    void defaultMethods_ofAnEngineWithOnlyArrayMethods_copy_andCheckTheSameWay() {
        AeadSpi inner = engine(Algorithm.AES_256_GCM, ClassicalEngines.BC);
        AeadSpi thirdParty = new AeadSpi() {
            @Override
            public Algorithm algorithm() {
                return inner.algorithm();
            }

            @Override
            public byte[] seal(SecretBytes key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
                return inner.seal(key, nonce, plaintext, associatedData);
            }

            @Override
            public byte[] open(SecretBytes key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData) {
                return inner.open(key, nonce, ciphertextAndTag, associatedData);
            }
        };
        SecretBytes key = SecretBytes.wrap(random(32));
        byte[] nonce = random(12);
        byte[] message = random(777);
        byte[] in = filled(800);
        System.arraycopy(message, 0, in, 11, 777);
        byte[] out = filled(777 + 16 + 20);
        assertEquals(793, thirdParty.sealInto(key, nonce, new byte[0], in, 11, 777, out, 20));
        assertArrayEquals(inner.seal(key, nonce, message, new byte[0]), Arrays.copyOfRange(out, 20, out.length));
        assertUntouched(out, 0, 20);
        byte[] plain = filled(790);
        assertEquals(777, thirdParty.openInto(key, nonce, new byte[0], out, 20, 793, plain, 13));
        assertArrayEquals(message, Arrays.copyOfRange(plain, 13, 790));
        assertThrows(InvalidInputException.class, () -> thirdParty.sealInto(key, nonce, new byte[0], message, 0, 777, new byte[792], 0));
        assertThrows(InvalidInputException.class, () -> thirdParty.openInto(key, nonce, new byte[0], out, 20, 793, new byte[776], 0));
        out[30] ^= 1;
        byte[] leftover = filled(777);
        assertThrows(DecryptionFailedException.class, () -> thirdParty.openInto(key, nonce, new byte[0], out, 20, 793, leftover, 0));
        assertTrue(isZero(leftover));
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}

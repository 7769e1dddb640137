package dev.qsafe.tests.hybrid;

import static dev.qsafe.tests.hybrid.HybridEngines.bytes;
import static dev.qsafe.tests.hybrid.HybridEngines.flipped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMExtractor;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMGenerator;
import org.bouncycastle.pqc.crypto.xwing.XWingKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.xwing.XWingKeyPairGenerator;
import org.bouncycastle.pqc.crypto.xwing.XWingPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.xwing.XWingPublicKeyParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * X-Wing on every discovered engine: behaviour and negative cases (the draft's test vectors run in
 * the conformance runner, see {@code dev.qsafe.tests.conformance.VectorsFolderTest}), and interop with Bouncy Castle's independent implementation ({@code org.bouncycastle.pqc.crypto.xwing}).
 */
class XWingTest {
    private static final Algorithm XWING = Algorithm.X_WING;
    /** Where the X25519 part of a public key or encapsulation starts. */
    private static final int X25519_OFFSET = Algorithm.ML_KEM_768.publicKeySize();
    private static final int CT_X25519_OFFSET = Algorithm.ML_KEM_768.ciphertextSize();

    static Stream<Arguments> engines() {
        return HybridEngines.engines(XWING);
    }

    private static KemSpi kem(String provider) {
        return HybridEngines.kem(XWING, provider);
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void encapsulate_thenDecapsulate_sameSecretAndDraftSizes(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        KeyPair pair = kem.generateKeyPair();
        assertEquals(1216, pair.publicKey().length());
        assertEquals(32, pair.privateKey().length());
        Encapsulation e = kem.encapsulate(pair.publicKey());
        assertEquals(1120, e.ciphertext().length);
        assertEquals(32, e.sharedSecret().length());
        assertEquals(e.sharedSecret(), kem.decapsulate(pair.privateKey(), e.ciphertext()));
        assertEquals(pair.publicKey(), kem.derivePublicKey(pair.privateKey()));
        assertNotEquals(e.sharedSecret(), kem.encapsulate(pair.publicKey()).sharedSecret(), "fresh randomness each time");
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void deriveKeyPair_sameSeed_sameKeysAndSeedIsPrivateKey(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        byte[] seed = bytes(32, 7);
        KeyPair a = kem.deriveKeyPair(seed);
        assertEquals(a.publicKey(), kem.deriveKeyPair(seed).publicKey());
        assertArrayEquals(seed, a.privateKey().rawBytes(SecretAccess.INSECURE));
        assertNotEquals(a.publicKey(), kem.deriveKeyPair(bytes(32, 8)).publicKey());
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void decapsulate_tamperedCiphertext_givesADifferentRepeatableSecret(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        KeyPair pair = kem.generateKeyPair();
        Encapsulation e = kem.encapsulate(pair.publicKey());
        // In the ML-KEM part (implicit rejection) and in the X25519 part (another point).
        for (int position : new int[] {0, CT_X25519_OFFSET - 1, CT_X25519_OFFSET, XWING.ciphertextSize() - 2}) {
            byte[] tampered = flipped(e.ciphertext(), position);
            SecretBytes secret = kem.decapsulate(pair.privateKey(), tampered);
            assertNotEquals(e.sharedSecret(), secret, "bit flipped at " + position);
            assertEquals(secret, kem.decapsulate(pair.privateKey(), tampered), "decapsulation is deterministic");
        }
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void decapsulate_withAnotherKey_givesADifferentSecret(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        Encapsulation e = kem.encapsulate(kem.generateKeyPair().publicKey());
        assertNotEquals(e.sharedSecret(), kem.decapsulate(kem.generateKeyPair().privateKey(), e.ciphertext()));
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void decapsulate_wrongCiphertextLength_invalidInput(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        KeyPair pair = kem.generateKeyPair();
        byte[] c = kem.encapsulate(pair.publicKey()).ciphertext();
        for (int length : new int[] {0, 32, Algorithm.ML_KEM_768.ciphertextSize(), c.length - 1, c.length + 1}) {
            assertThrows(InvalidInputException.class, () -> kem.decapsulate(pair.privateKey(), Arrays.copyOf(c, length)),
                    "ciphertext of " + length);
        }
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void decapsulate_lowOrderX25519Part_invalidInput(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        KeyPair pair = kem.generateKeyPair();
        byte[] c = kem.encapsulate(pair.publicKey()).ciphertext();
        Arrays.fill(c, CT_X25519_OFFSET, c.length, (byte) 0); // u = 0, a point of order 4 on Curve25519
        assertThrows(InvalidInputException.class, () -> kem.decapsulate(pair.privateKey(), c));
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void encapsulate_malformedPublicKey_invalidKey(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        byte[] pk = kem.generateKeyPair().publicKey().encoded();
        // PublicKey.of checks the length of a well-known algorithm, before any engine sees the key.
        assertThrows(InvalidKeyException.class, () -> PublicKey.of(XWING, Arrays.copyOf(pk, pk.length - 1)));
        assertThrows(InvalidKeyException.class, () -> PublicKey.of(XWING, Arrays.copyOf(pk, pk.length + 1)));
        byte[] lowOrder = pk.clone();
        Arrays.fill(lowOrder, X25519_OFFSET, lowOrder.length, (byte) 0);
        assertThrows(InvalidKeyException.class, () -> kem.encapsulate(PublicKey.of(XWING, lowOrder)));
        byte[] unreduced = pk.clone();
        unreduced[0] = (byte) 0xFF;
        unreduced[1] |= 0x0F; // first 12-bit ML-KEM coefficient = 4095 >= q = 3329
        assertThrows(InvalidKeyException.class, () -> kem.encapsulate(PublicKey.of(XWING, unreduced)));
        assertThrows(InvalidKeyException.class, () -> kem.engineEncapsulateDerandomized(PublicKey.of(XWING, unreduced), new byte[64]));
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void wrongSeedOrRandomnessLength_typedErrors(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        for (int length : new int[] {0, 31, 33, 64, 96}) {
            assertThrows(InvalidKeyException.class, () -> kem.deriveKeyPair(new byte[length]), "seed of " + length);
        }
        for (int length : new int[] {1, 31, 33, 64}) {
            assertThrows(InvalidKeyException.class, () -> kem.derivePublicKey(PrivateKey.of(XWING, new byte[length])),
                    "private key of " + length);
        }
        PublicKey pk = kem.generateKeyPair().publicKey();
        assertThrows(InvalidInputException.class, () -> kem.engineEncapsulateDerandomized(pk, new byte[63]));
        assertThrows(InvalidInputException.class, () -> kem.engineEncapsulateDerandomized(pk, new byte[65]));
        assertArrayEquals(kem.engineEncapsulateDerandomized(pk, bytes(64, 1)).ciphertext(),
                kem.engineEncapsulateDerandomized(pk, bytes(64, 1)).ciphertext(), "same eseed, same encapsulation");
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void keysOfAnotherAlgorithmOrDestroyed_invalidKey(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        KeyPair mlKem = HybridEngines.registry().kem(Algorithm.ML_KEM_768).generateKeyPair();
        assertThrows(InvalidKeyException.class, () -> kem.encapsulate(mlKem.publicKey()));
        assertThrows(InvalidKeyException.class, () -> kem.decapsulate(mlKem.privateKey(), new byte[XWING.ciphertextSize()]));
        KeyPair pair = kem.generateKeyPair();
        byte[] c = kem.encapsulate(pair.publicKey()).ciphertext();
        pair.privateKey().destroy();
        assertThrows(InvalidKeyException.class, () -> kem.decapsulate(pair.privateKey(), c));
        assertThrows(InvalidKeyException.class, () -> kem.derivePublicKey(pair.privateKey()));
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void bouncyCastle_derivesTheSamePublicKeyFromTheSeed(Algorithm alg, String provider) {
        byte[] seed = HybridEngines.random(32);
        XWingKeyPairGenerator generator = new XWingKeyPairGenerator();
        generator.init(new XWingKeyGenerationParameters(new SeedRandom(seed)));
        byte[] bcPublicKey = ((XWingPublicKeyParameters) generator.generateKeyPair().getPublic()).getEncoded();
        assertArrayEquals(bcPublicKey, kem(provider).deriveKeyPair(seed).publicKey().encoded());
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void bouncyCastle_decapsulatesOurEncapsulations(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        IntStream.range(0, 5).forEach(i -> {
            KeyPair pair = kem.generateKeyPair();
            Encapsulation e = kem.encapsulate(pair.publicKey());
            byte[] bcSecret = new XWingKEMExtractor(new XWingPrivateKeyParameters(pair.privateKey().rawBytes(SecretAccess.INSECURE)))
                    .extractSecret(e.ciphertext());
            assertArrayEquals(bcSecret, e.sharedSecret().rawBytes(SecretAccess.INSECURE));
        });
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("engines")
    void ourDecapsulation_opensBouncyCastleEncapsulations(Algorithm alg, String provider) {
        KemSpi kem = kem(provider);
        IntStream.range(0, 5).forEach(i -> {
            KeyPair pair = kem.generateKeyPair();
            SecretWithEncapsulation bc = new XWingKEMGenerator(new SecureRandom())
                    .generateEncapsulated(new XWingPublicKeyParameters(pair.publicKey().encoded()));
            assertArrayEquals(bc.getSecret(), kem.decapsulate(pair.privateKey(), bc.getEncapsulation()).rawBytes(SecretAccess.INSECURE));
        });
    }

    /** Not random: hands Bouncy Castle's key generator the seed under test. */
    private static final class SeedRandom extends SecureRandom {
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            assertEquals(seed.length, out.length, "Bouncy Castle draws exactly the 32-byte seed");
            System.arraycopy(seed, 0, out, 0, out.length);
        }
    }
}

package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ML-KEM-512/768/1024 behaviour and negative cases, on every discovered engine.
 */
class MlKemTest {
    static Stream<Arguments> engines() {
        return PqcEngines.engines(Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024);
    }

    static Stream<Arguments> enginePairs() {
        return PqcEngines.enginePairs(Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void encapsulate_thenDecapsulate_sameSecretAndStandardSizes(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        KeyPair pair = kem.generateKeyPair();
        assertEquals(alg.publicKeySize(), pair.publicKey().length());
        assertEquals(alg.privateKeySize(), pair.privateKey().length());
        Encapsulation e = kem.encapsulate(pair.publicKey());
        assertEquals(alg.ciphertextSize(), e.ciphertext().length);
        assertEquals(alg.sharedSecretSize(), e.sharedSecret().length());
        assertEquals(e.sharedSecret(), kem.decapsulate(pair.privateKey(), e.ciphertext()));
        assertEquals(pair.publicKey(), kem.derivePublicKey(pair.privateKey()));
    }

    @ParameterizedTest(name = "{0}: {1} encapsulates, {2} decapsulates")
    @MethodSource("enginePairs")
    void encapsulation_ofOneEngine_opensWithEveryEngine(Algorithm alg, String producer, String consumer) {
        KemSpi a = PqcEngines.kem(alg, producer);
        KemSpi b = PqcEngines.kem(alg, consumer);
        KeyPair pair = b.generateKeyPair();
        Encapsulation e = a.encapsulate(pair.publicKey());
        assertEquals(e.sharedSecret(), b.decapsulate(pair.privateKey(), e.ciphertext()));
        assertEquals(pair, new KeyPair(a.derivePublicKey(pair.privateKey()), pair.privateKey()));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void generateKeyPair_twice_differentKeysAndEncapsulations(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        KeyPair a = kem.generateKeyPair();
        KeyPair b = kem.generateKeyPair();
        assertNotEquals(a.publicKey(), b.publicKey());
        assertNotEquals(a.privateKey(), b.privateKey());
        assertFalse(Arrays.equals(kem.encapsulate(a.publicKey()).ciphertext(), kem.encapsulate(a.publicKey()).ciphertext()));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void deriveKeyPair_sameSeed_sameKeysAndSeedIsPrivateKey(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        byte[] seed = bytes(64, 7);
        KeyPair a = kem.deriveKeyPair(seed);
        assertEquals(a.publicKey(), kem.deriveKeyPair(seed).publicKey());
        assertArrayEquals(seed, a.privateKey().rawBytes(SecretAccess.INSECURE));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void deriveKeyPair_wrongSeedLength_invalidKey(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        for (int length : new int[] {0, 32, 63, 65}) {
            assertThrows(InvalidKeyException.class, () -> kem.deriveKeyPair(new byte[length]), "seed of " + length);
        }
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void decapsulate_withAnotherKey_givesADifferentSecret(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        KeyPair recipient = kem.generateKeyPair();
        KeyPair other = kem.generateKeyPair();
        Encapsulation e = kem.encapsulate(recipient.publicKey());
        assertNotEquals(e.sharedSecret(), kem.decapsulate(other.privateKey(), e.ciphertext()));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void decapsulate_flippedBit_implicitRejectionIsDifferentAndRepeatable(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        KeyPair pair = kem.generateKeyPair();
        Encapsulation e = kem.encapsulate(pair.publicKey());
        for (int position : new int[] {0, alg.ciphertextSize() / 2, alg.ciphertextSize() - 1}) {
            byte[] modified = e.ciphertext();
            modified[position] ^= 0x01;
            SecretBytes rejected = kem.decapsulate(pair.privateKey(), modified);
            assertNotEquals(e.sharedSecret(), rejected, "bit flipped at " + position);
            assertEquals(rejected, kem.decapsulate(pair.privateKey(), modified), "implicit rejection is deterministic");
        }
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void decapsulate_truncatedOrExtendedCiphertext_invalidInput(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        KeyPair pair = kem.generateKeyPair();
        byte[] c = kem.encapsulate(pair.publicKey()).ciphertext();
        assertThrows(InvalidInputException.class, () -> kem.decapsulate(pair.privateKey(), Arrays.copyOf(c, c.length - 1)));
        assertThrows(InvalidInputException.class, () -> kem.decapsulate(pair.privateKey(), Arrays.copyOf(c, c.length + 1)));
        assertThrows(InvalidInputException.class, () -> kem.decapsulate(pair.privateKey(), new byte[0]));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void privateKey_wrongLength_invalidKey(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        byte[] c = kem.encapsulate(kem.generateKeyPair().publicKey()).ciphertext();
        int expanded = 768 * (alg.publicKeySize() - 32) / 384 + 96;
        for (int length : new int[] {1, 32, 63, 65, expanded - 1, expanded + 1}) {
            PrivateKey key = PrivateKey.of(alg, new byte[length]);
            assertThrows(InvalidKeyException.class, () -> kem.decapsulate(key, c), "private key of " + length);
            assertThrows(InvalidKeyException.class, () -> kem.derivePublicKey(key), "private key of " + length);
        }
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void publicKey_wrongLength_invalidKey(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        byte[] pk = kem.generateKeyPair().publicKey().encoded();
        // PublicKey.of checks the length of a well-known algorithm, before any engine sees the key.
        assertThrows(InvalidKeyException.class, () -> kem.encapsulate(PublicKey.of(alg, Arrays.copyOf(pk, pk.length - 1))));
        assertThrows(InvalidKeyException.class, () -> kem.encapsulate(PublicKey.of(alg, Arrays.copyOf(pk, pk.length + 1))));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void encapsulate_coefficientNotReducedModQ_invalidKey(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        byte[] pk = kem.generateKeyPair().publicKey().encoded();
        pk[0] = (byte) 0xFF;
        pk[1] |= 0x0F; // first 12-bit coefficient = 4095 >= q = 3329
        PublicKey unreduced = PublicKey.of(alg, pk);
        assertThrows(InvalidKeyException.class, () -> kem.encapsulate(unreduced));
        assertThrows(InvalidKeyException.class, () -> kem.engineEncapsulateDerandomized(unreduced, new byte[32]));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void encapsulateDerandomized_wrongRandomnessLength_invalidInput(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        PublicKey pk = kem.generateKeyPair().publicKey();
        assertThrows(InvalidInputException.class, () -> kem.engineEncapsulateDerandomized(pk, new byte[31]));
        assertThrows(InvalidInputException.class, () -> kem.engineEncapsulateDerandomized(pk, new byte[33]));
        assertArrayEquals(kem.engineEncapsulateDerandomized(pk, bytes(32, 1)).ciphertext(),
                kem.engineEncapsulateDerandomized(pk, bytes(32, 1)).ciphertext(), "same m, same encapsulation");
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void destroyedPrivateKey_refused(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        KeyPair pair = kem.generateKeyPair();
        byte[] c = kem.encapsulate(pair.publicKey()).ciphertext();
        pair.privateKey().destroy();
        assertThrows(InvalidKeyException.class, () -> kem.decapsulate(pair.privateKey(), c));
        assertThrows(InvalidKeyException.class, () -> kem.derivePublicKey(pair.privateKey()));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void keysOfAnotherAlgorithm_invalidKey(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        Algorithm other = alg.equals(Algorithm.ML_KEM_768) ? Algorithm.ML_KEM_1024 : Algorithm.ML_KEM_768;
        KeyPair foreign = PqcEngines.kem(other, PqcEngines.BC_PQC).generateKeyPair();
        assertThrows(InvalidKeyException.class, () -> kem.encapsulate(foreign.publicKey()));
        assertThrows(InvalidKeyException.class, () -> kem.decapsulate(foreign.privateKey(), new byte[alg.ciphertextSize()]));
        assertThrows(InvalidKeyException.class, () -> kem.derivePublicKey(foreign.privateKey()));
    }

    private static byte[] bytes(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}

package dev.qsafe.tests.classical;

import static dev.qsafe.tests.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-engine interoperability: for every ordered pair of distinct engines of an algorithm, what the
 * first seals, signs or encapsulates, the second opens, verifies or decapsulates; deterministic
 * operations (key derivation, Ed25519 signatures, HKDF) give identical bytes. Also: fresh keys differ,
 * and one engine is safe to share between threads.
 */
class ClassicalInteropTest {
    private static final byte[] NO_CONTEXT = new byte[0];

    /** Every ordered pair (producer, consumer) of distinct providers of {@code alg}. */
    private static Stream<Arguments> pairs(Algorithm alg) {
        List<String> providers = ClassicalEngines.providersOf(alg);
        return providers.stream().flatMap(a -> providers.stream().filter(b -> !b.equals(a)).map(b -> Arguments.of(alg, a, b)));
    }

    static Stream<Arguments> aeadPairs() {
        return Stream.of(Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305)
                .flatMap(ClassicalInteropTest::pairs);
    }

    static Stream<Arguments> ed25519Pairs() {
        return pairs(Algorithm.ED25519);
    }

    static Stream<Arguments> dhkemPairs() {
        return pairs(Algorithm.DHKEM_X25519);
    }

    static Stream<Arguments> hkdfPairs() {
        return pairs(Algorithm.HKDF_SHA256);
    }

    @ParameterizedTest(name = "{0}: {1} seals, {2} opens")
    @MethodSource("aeadPairs")
    void aead_sealedByOneEngine_opensOnTheOther(Algorithm alg, String sealer, String opener) {
        Aead a = ClassicalEngines.REGISTRY.aead(alg, sealer);
        Aead b = ClassicalEngines.REGISTRY.aead(alg, opener);
        SecretBytes key = SecretBytes.wrap(TestRandom.bytes(alg.keySize()));
        for (int length : new int[] {0, 1, 15, 16, 17, 1000, 65_537}) {
            byte[] nonce = TestRandom.bytes(alg.nonceSize());
            byte[] plaintext = TestRandom.bytes(length);
            byte[] aad = TestRandom.bytes(length % 40);
            byte[] sealed = a.seal(key, nonce, plaintext, aad);
            assertArrayEquals(sealed, b.seal(key, nonce, plaintext, aad), "same ciphertext, " + length + " bytes");
            assertArrayEquals(plaintext, b.open(key, nonce, sealed, aad), length + " bytes");
        }
    }

    @ParameterizedTest(name = "AES-GCM {0}: {1} seals, {2} opens, nonce of 1, 8 and 16 bytes")
    @MethodSource("aesGcmPairs")
    void aesGcm_nonStandardNonceLength_interoperates(Algorithm alg, String sealer, String opener) {
        Aead a = ClassicalEngines.REGISTRY.aead(alg, sealer);
        Aead b = ClassicalEngines.REGISTRY.aead(alg, opener);
        SecretBytes key = SecretBytes.wrap(TestRandom.bytes(alg.keySize()));
        for (int nonceLength : new int[] {1, 8, 16}) {
            byte[] nonce = TestRandom.bytes(nonceLength);
            byte[] sealed = a.seal(key, nonce, TestRandom.bytes(33), NO_CONTEXT);
            assertArrayEquals(a.open(key, nonce, sealed, NO_CONTEXT), b.open(key, nonce, sealed, NO_CONTEXT));
        }
    }

    /**
     * Pairs of AES-GCM engines that take nonces of any length: every engine but conscrypt, whose
     * BoringSSL AES-GCM takes 12-byte nonces only (and refuses others with InvalidInputException,
     * checked in HwaccelEnginesTest).
     */
    static Stream<Arguments> aesGcmPairs() {
        return Stream.of(Algorithm.AES_128_GCM, Algorithm.AES_256_GCM).flatMap(ClassicalInteropTest::pairs)
                .filter(a -> !a.get()[1].equals("conscrypt") && !a.get()[2].equals("conscrypt"));
    }

    @ParameterizedTest(name = "{1} signs, {2} verifies")
    @MethodSource("ed25519Pairs")
    void ed25519_signedByOneEngine_verifiesOnTheOtherWithIdenticalKeysAndSignatures(Algorithm alg, String signer, String verifier) {
        SignatureSpi a = ClassicalEngines.REGISTRY.signature(alg, signer);
        SignatureSpi b = ClassicalEngines.REGISTRY.signature(alg, verifier);
        KeyPair kp = a.generateKeyPair();
        byte[] seed = kp.privateKey().rawBytes(SecretAccess.INSECURE);
        assertEquals(kp.publicKey(), b.deriveKeyPair(seed).publicKey(), "public key from seed");
        assertEquals(kp.publicKey(), b.derivePublicKey(kp.privateKey()), "public key from private key");
        for (int length : new int[] {0, 1, 64, 10_000}) {
            byte[] message = TestRandom.bytes(length);
            byte[] sig = a.sign(kp.privateKey(), message, NO_CONTEXT);
            assertArrayEquals(sig, b.sign(kp.privateKey(), message, NO_CONTEXT), "deterministic signature");
            assertDoesNotThrow(() -> b.verify(kp.publicKey(), message, sig, NO_CONTEXT));
        }
    }

    @ParameterizedTest(name = "{1} encapsulates, {2} decapsulates")
    @MethodSource("dhkemPairs")
    void dhkem_encapsulatedByOneEngine_decapsulatesOnTheOther(Algorithm alg, String sender, String recipient) {
        KemSpi a = ClassicalEngines.REGISTRY.kem(alg, sender);
        KemSpi b = ClassicalEngines.REGISTRY.kem(alg, recipient);
        KeyPair kp = b.generateKeyPair();
        assertEquals(kp.publicKey(), a.derivePublicKey(kp.privateKey()), "public key from private key");
        byte[] ikm = TestRandom.bytes(48);
        assertEquals(a.deriveKeyPair(ikm).publicKey(), b.deriveKeyPair(ikm).publicKey(), "DeriveKeyPair");
        for (int i = 0; i < 5; i++) {
            Encapsulation e = a.encapsulate(kp.publicKey());
            assertEquals(e.sharedSecret(), b.decapsulate(kp.privateKey(), e.ciphertext()));
        }
        byte[] ikmE = TestRandom.bytes(32);
        Encapsulation fromA = a.engineEncapsulateDerandomized(kp.publicKey(), ikmE);
        Encapsulation fromB = b.engineEncapsulateDerandomized(kp.publicKey(), ikmE);
        assertArrayEquals(fromA.ciphertext(), fromB.ciphertext(), "derandomized enc");
        assertEquals(fromA.sharedSecret(), fromB.sharedSecret(), "derandomized shared secret");
    }

    @ParameterizedTest(name = "{1} and {2}")
    @MethodSource("hkdfPairs")
    void hkdf_sameInputs_sameOutputOnBothEngines(Algorithm alg, String first, String second) {
        Kdf a = ClassicalEngines.REGISTRY.kdf(alg, first);
        Kdf b = ClassicalEngines.REGISTRY.kdf(alg, second);
        for (int length : new int[] {0, 1, 32, 33, 8160}) {
            byte[] salt = TestRandom.bytes(length % 70);
            byte[] ikm = TestRandom.bytes(length % 100);
            byte[] info = TestRandom.bytes(length % 50);
            assertArrayEquals(a.derive(salt, ikm, info, length), b.derive(salt, ikm, info, length), length + " bytes");
        }
    }

    /** RFC 8032 section 7.1, TEST 1 (the empty message), on every engine. */
    @Test
    void ed25519_rfc8032Test1_derivesAndSignsExactlyOnEveryEngine() {
        byte[] seed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pk = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] sig = hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        for (String provider : ClassicalEngines.providersOf(Algorithm.ED25519)) {
            SignatureSpi ed = ClassicalEngines.REGISTRY.signature(Algorithm.ED25519, provider);
            KeyPair kp = ed.deriveKeyPair(seed);
            assertArrayEquals(pk, kp.publicKey().encoded(), provider);
            assertArrayEquals(sig, ed.sign(kp.privateKey(), new byte[0], NO_CONTEXT), provider);
        }
    }

    @Test
    void generateKeyPair_twice_givesDifferentKeysOnEveryEngine() {
        for (String provider : ClassicalEngines.providersOf(Algorithm.DHKEM_X25519)) {
            KemSpi kem = ClassicalEngines.REGISTRY.kem(Algorithm.DHKEM_X25519, provider);
            assertNotEquals(kem.generateKeyPair().publicKey(), kem.generateKeyPair().publicKey(), provider);
            KeyPair kp = kem.generateKeyPair();
            assertFalse(kem.encapsulate(kp.publicKey()).sharedSecret()
                    .equalsConstantTime(kem.encapsulate(kp.publicKey()).sharedSecret()), provider + ": fresh ephemeral keys");
        }
        for (String provider : ClassicalEngines.providersOf(Algorithm.ED25519)) {
            SignatureSpi ed = ClassicalEngines.REGISTRY.signature(Algorithm.ED25519, provider);
            assertNotEquals(ed.generateKeyPair().publicKey(), ed.generateKeyPair().publicKey(), provider);
        }
    }

    /** Eight threads share each engine; every operation still round-trips. */
    @Test
    void engines_sharedBetweenThreads_stayCorrect() throws Exception {
        List<Runnable> jobs = new ArrayList<>();
        for (Algorithm alg : List.of(Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305)) {
            for (String provider : ClassicalEngines.providersOf(alg)) {
                Aead aead = ClassicalEngines.REGISTRY.aead(alg, provider);
                jobs.add(() -> {
                    SecretBytes key = SecretBytes.wrap(TestRandom.bytes(alg.keySize()));
                    byte[] nonce = TestRandom.bytes(12);
                    byte[] pt = TestRandom.bytes(300);
                    assertArrayEquals(pt, aead.open(key, nonce, aead.seal(key, nonce, pt, NO_CONTEXT), NO_CONTEXT));
                });
            }
        }
        for (String provider : ClassicalEngines.providersOf(Algorithm.ED25519)) {
            SignatureSpi ed = ClassicalEngines.REGISTRY.signature(Algorithm.ED25519, provider);
            jobs.add(() -> {
                KeyPair kp = ed.generateKeyPair();
                byte[] msg = TestRandom.bytes(50);
                ed.verify(kp.publicKey(), msg, ed.sign(kp.privateKey(), msg, NO_CONTEXT), NO_CONTEXT);
            });
        }
        for (String provider : ClassicalEngines.providersOf(Algorithm.DHKEM_X25519)) {
            KemSpi kem = ClassicalEngines.REGISTRY.kem(Algorithm.DHKEM_X25519, provider);
            jobs.add(() -> {
                KeyPair kp = kem.generateKeyPair();
                Encapsulation e = kem.encapsulate(kp.publicKey());
                assertEquals(e.sharedSecret(), kem.decapsulate(kp.privateKey(), e.ciphertext()));
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> results = new ArrayList<>();
            for (int round = 0; round < 25; round++) {
                for (Runnable job : jobs) {
                    results.add(pool.submit(job));
                }
            }
            for (Future<?> f : results) {
                f.get();
            }
        }
    }
}

package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engines that keep one JCA object per thread (Ed25519 {@code Signature} and {@code KeyFactory},
 * X25519 {@code KeyAgreement}, HKDF factories) on every provider: eight threads, each with its own
 * keys, interleaving failures (forged signatures, a refused key, a low-order encapsulation, a
 * refused length) with successes; every result is right and a failure never disturbs the next call.
 */
class EngineReuseTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 60;

    static List<String> ed25519() {
        return ClassicalEngines.providersOf(Algorithm.ED25519);
    }

    static List<String> dhkem() {
        return ClassicalEngines.providersOf(Algorithm.DHKEM_X25519);
    }

    static List<String> hkdf() {
        return ClassicalEngines.providersOf(Algorithm.HKDF_SHA256);
    }

    @ParameterizedTest
    @MethodSource("ed25519")
    void ed25519_eightThreads_signAndVerify_withForgeriesAndBadKeysInBetween(String provider) throws Exception {
        SignatureSpi ed = ClassicalEngines.REGISTRY.signature(Algorithm.ED25519, provider);
        byte[] none = new byte[0];
        runOnEightThreads(id -> {
            SecureRandom r = new SecureRandom();
            KeyPair kp = ed.generateKeyPair();
            for (int i = 0; i < ROUNDS; i++) {
                byte[] message = new byte[r.nextInt(1500)];
                r.nextBytes(message);
                byte[] sig = ed.sign(kp.privateKey(), message, none);
                if (i % 3 == 0) {
                    byte[] forged = sig.clone();
                    forged[r.nextInt(forged.length)] ^= 1;
                    assertThrows(InvalidSignatureException.class, () -> ed.verify(kp.publicKey(), message, forged, none));
                    assertThrows(InvalidKeyException.class,
                            () -> ed.sign(dev.qsafe.api.PrivateKey.of(Algorithm.ED25519, new byte[31]), message, none));
                }
                ed.verify(kp.publicKey(), message, sig, none);
                // Ed25519 is deterministic: a reused Signature object gives the same bytes as before.
                assertArrayEquals(sig, ed.sign(kp.privateKey(), message, none));
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dhkem")
    void dhkem_eightThreads_encapsulateAndDecapsulate_withRefusedInputsInBetween(String provider) throws Exception {
        KemSpi kem = (KemSpi) ClassicalEngines.REGISTRY.kem(Algorithm.DHKEM_X25519, provider);
        runOnEightThreads(id -> {
            KeyPair kp = kem.generateKeyPair();
            for (int i = 0; i < ROUNDS; i++) {
                Encapsulation e = kem.encapsulate(kp.publicKey());
                if (i % 3 == 0) {
                    assertThrows(InvalidInputException.class, () -> kem.decapsulate(kp.privateKey(), new byte[32]), "the zero point");
                    assertThrows(InvalidKeyException.class, () -> kem.encapsulate(PublicKey.of(Algorithm.DHKEM_X25519, new byte[32])));
                }
                SecretBytes s = kem.decapsulate(kp.privateKey(), e.ciphertext());
                assertTrue(s.equalsConstantTime(e.sharedSecret()), "round " + i);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("hkdf")
    void hkdf_eightThreads_matchTheJdksHkdf_withRefusedLengthsInBetween(String provider) throws Exception {
        KdfSpi kdf = ClassicalEngines.REGISTRY.kdf(Algorithm.HKDF_SHA256, provider);
        KdfSpi reference = ClassicalEngines.REGISTRY.kdf(Algorithm.HKDF_SHA256, ClassicalEngines.JDK);
        runOnEightThreads(id -> {
            SecureRandom r = new SecureRandom();
            for (int i = 0; i < ROUNDS; i++) {
                byte[] salt = new byte[r.nextInt(40)];
                byte[] ikm = new byte[1 + r.nextInt(64)];
                byte[] info = new byte[r.nextInt(30)];
                r.nextBytes(salt);
                r.nextBytes(ikm);
                r.nextBytes(info);
                byte[] prk = kdf.extract(salt, ikm);
                if (i % 3 == 0) {
                    assertThrows(InvalidInputException.class, () -> kdf.expand(prk, info, 255 * 32 + 1));
                    assertThrows(InvalidInputException.class, () -> kdf.expand(new byte[5], info, 32));
                }
                int length = 1 + r.nextInt(100);
                byte[] okm = kdf.expand(prk, info, length);
                assertTrue(MessageDigest.isEqual(reference.extract(salt, ikm), prk));
                assertTrue(MessageDigest.isEqual(reference.expand(prk, info, length), okm));
            }
        });
    }

    private interface Worker {
        void run(int id) throws Exception;
    }

    private static void runOnEightThreads(Worker worker) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                Callable<Integer> c = () -> {
                    start.await();
                    worker.run(id);
                    return id;
                };
                done.add(pool.submit(c));
            }
            for (int t = 0; t < THREADS; t++) {
                assertEquals(t, done.get(t).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

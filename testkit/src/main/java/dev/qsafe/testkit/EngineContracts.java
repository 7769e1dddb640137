package dev.qsafe.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every engine of a kind must have, as dynamic tests over an engine supplier (each test
 * takes a fresh engine from it). Used by {@link ProviderContract}; public so that a provider author can
 * run one kind's contract on an engine made otherwise.
 */
public final class EngineContracts {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int THREADS = 8;
    private static final int ROUNDS = 25;

    private EngineContracts() {
    }

    /** AEAD: round trip and sizes, tampering, typed errors, the {@code Into} methods, threads. */
    public static List<DynamicTest> aead(Supplier<AeadSpi> engine) {
        return List.of(
                dynamicTest("round trip; ciphertext is plaintext plus tag", () -> {
                    AeadSpi aead = engine.get();
                    Algorithm a = aead.algorithm();
                    SecretBytes key = SecretBytes.wrap(random(a.keySize()));
                    byte[] nonce = random(a.nonceSize());
                    for (int length : new int[] {0, 1, 15, 16, 17, 1000}) {
                        byte[] pt = random(length);
                        byte[] aad = random(length % 7);
                        byte[] sealed = aead.seal(key, nonce, pt, aad);
                        assertEquals(length + a.tagSize(), sealed.length, "ciphertext and tag length");
                        assertArrayEquals(pt, aead.open(key, nonce, sealed, aad));
                    }
                }),
                dynamicTest("any change fails with the one DecryptionFailedException, naming no secret", () -> {
                    AeadSpi aead = engine.get();
                    Algorithm a = aead.algorithm();
                    byte[] rawKey = random(a.keySize());
                    SecretBytes key = SecretBytes.wrap(rawKey.clone());
                    byte[] nonce = random(a.nonceSize());
                    byte[] pt = "attack at dawn, bring the quantum computer".getBytes(StandardCharsets.UTF_8);
                    byte[] aad = "header".getBytes(StandardCharsets.UTF_8);
                    byte[] sealed = aead.seal(key, nonce, pt, aad);
                    List<Executable> tampered = List.of(
                            () -> aead.open(key, nonce, flip(sealed, 0), aad),
                            () -> aead.open(key, nonce, flip(sealed, sealed.length - 1), aad),
                            () -> aead.open(key, nonce, sealed, new byte[0]),
                            () -> aead.open(key, flip(nonce, 0), sealed, aad),
                            () -> aead.open(SecretBytes.wrap(random(a.keySize())), nonce, sealed, aad),
                            () -> aead.open(key, nonce, Arrays.copyOf(sealed, sealed.length - 1), aad),
                            () -> aead.open(key, nonce, new byte[0], aad));
                    for (Executable t : tampered) {
                        DecryptionFailedException e = assertThrows(DecryptionFailedException.class, t);
                        assertEquals(DecryptionFailedException.MESSAGE, e.getMessage());
                        assertNoSecret(e, rawKey);
                    }
                }),
                dynamicTest("wrong key or nonce sizes are typed errors", () -> {
                    AeadSpi aead = engine.get();
                    Algorithm a = aead.algorithm();
                    byte[] nonce = random(a.nonceSize());
                    assertTyped(() -> aead.seal(SecretBytes.wrap(random(a.keySize() - 1)), nonce, new byte[1], new byte[0]));
                    assertTyped(() -> aead.seal(SecretBytes.wrap(random(a.keySize() + 1)), nonce, new byte[1], new byte[0]));
                    assertTypedOrSucceeds(() -> aead.seal(SecretBytes.wrap(random(a.keySize())), new byte[0], new byte[1], new byte[0]));
                }),
                dynamicTest("sealInto checks ranges; openInto zeroes its output when opening fails", () -> {
                    AeadSpi aead = engine.get();
                    Algorithm a = aead.algorithm();
                    SecretBytes key = SecretBytes.wrap(random(a.keySize()));
                    byte[] nonce = random(a.nonceSize());
                    byte[] pt = random(64);
                    byte[] out = new byte[pt.length + a.tagSize()];
                    assertThrows(InvalidInputException.class, () -> aead.sealInto(key, nonce, new byte[0], pt, 0, pt.length, out, 1));
                    assertThrows(InvalidInputException.class, () -> aead.sealInto(key, nonce, new byte[0], pt, 1, pt.length, out, 0));
                    assertEquals(out.length, aead.sealInto(key, nonce, new byte[0], pt, 0, pt.length, out, 0));
                    byte[] opened = new byte[pt.length];
                    assertEquals(pt.length, aead.openInto(key, nonce, new byte[0], out, 0, out.length, opened, 0));
                    assertArrayEquals(pt, opened);
                    byte[] bad = flip(out, 3);
                    byte[] target = new byte[pt.length + 8];
                    Arrays.fill(target, (byte) 0x55);
                    assertThrows(DecryptionFailedException.class, () -> aead.openInto(key, nonce, new byte[0], bad, 0, bad.length, target, 4));
                    for (int i = 4; i < 4 + pt.length; i++) {
                        assertEquals(0, target[i], "openInto left plaintext (or garbage) at " + i + " after a failure");
                    }
                }),
                dynamicTest("thread-safe: " + THREADS + " threads at once", () -> {
                    AeadSpi aead = engine.get();
                    Algorithm a = aead.algorithm();
                    concurrently(() -> {
                        SecretBytes key = SecretBytes.wrap(random(a.keySize()));
                        byte[] nonce = random(a.nonceSize());
                        byte[] pt = random(100);
                        assertArrayEquals(pt, aead.open(key, nonce, aead.seal(key, nonce, pt, nonce), nonce));
                        return null;
                    });
                }));
    }

    /** KEM: sizes, shared secret agreement, implicit or explicit rejection, typed errors, destroyed keys, threads. */
    public static List<DynamicTest> kem(Supplier<KemSpi> engine) {
        return List.of(
                dynamicTest("key pair, encapsulation and shared secret have the algorithm's sizes and agree", () -> {
                    KemSpi kem = engine.get();
                    Algorithm a = kem.algorithm();
                    KeyPair kp = kem.generateKeyPair();
                    assertEquals(a.publicKeySize(), kp.publicKey().length(), "public key size");
                    assertEquals(a.privateKeySize(), kp.privateKey().length(), "private key size");
                    assertEquals(kp.publicKey(), kem.derivePublicKey(kp.privateKey()), "derivePublicKey");
                    Encapsulation enc = kem.encapsulate(kp.publicKey());
                    assertEquals(a.ciphertextSize(), enc.ciphertext().length, "encapsulation size");
                    assertEquals(a.sharedSecretSize(), enc.sharedSecret().length(), "shared secret size");
                    SecretBytes secret = kem.decapsulate(kp.privateKey(), enc.ciphertext());
                    assertTrue(secret.equalsConstantTime(enc.sharedSecret()), "decapsulation gives the encapsulated secret");
                    assertFalse(kem.encapsulate(kp.publicKey()).sharedSecret().equalsConstantTime(enc.sharedSecret()),
                            "two encapsulations give two secrets (randomness comes from SecureRandom)");
                }),
                dynamicTest("a modified encapsulation never yields the secret; malformed input is a typed error", () -> {
                    KemSpi kem = engine.get();
                    Algorithm a = kem.algorithm();
                    KeyPair kp = kem.generateKeyPair();
                    Encapsulation enc = kem.encapsulate(kp.publicKey());
                    byte[] modified = flip(enc.ciphertext(), enc.ciphertext().length / 2);
                    try {
                        assertFalse(kem.decapsulate(kp.privateKey(), modified).equalsConstantTime(enc.sharedSecret()),
                                "a modified encapsulation decapsulated to the same secret");
                    } catch (QSafeException expected) {
                        assertNoSecret(expected, kp.privateKey().rawBytes(SecretAccess.INSECURE));
                    }
                    assertTyped(() -> kem.decapsulate(kp.privateKey(), Arrays.copyOf(enc.ciphertext(), enc.ciphertext().length - 1)));
                    assertTyped(() -> kem.decapsulate(kp.privateKey(), new byte[0]));
                    assertTyped(() -> kem.encapsulate(PublicKey.of(a, new byte[a.publicKeySize() + 1])));
                }),
                dynamicTest("a destroyed private key is refused with a typed error", () -> {
                    KemSpi kem = engine.get();
                    KeyPair kp = kem.generateKeyPair();
                    Encapsulation enc = kem.encapsulate(kp.publicKey());
                    PrivateKey sk = kp.privateKey();
                    sk.destroy();
                    assertTyped(() -> kem.decapsulate(sk, enc.ciphertext()));
                }),
                dynamicTest("thread-safe: " + THREADS + " threads at once", () -> {
                    KemSpi kem = engine.get();
                    concurrently(() -> {
                        KeyPair kp = kem.generateKeyPair();
                        Encapsulation enc = kem.encapsulate(kp.publicKey());
                        assertTrue(kem.decapsulate(kp.privateKey(), enc.ciphertext()).equalsConstantTime(enc.sharedSecret()));
                        return null;
                    });
                }));
    }

    /** Signatures: sizes, verification, refusal of any change with InvalidSignatureException, destroyed keys, threads. */
    public static List<DynamicTest> signature(Supplier<SignatureSpi> engine) {
        byte[] message = "the quick brown fox".getBytes(StandardCharsets.UTF_8);
        byte[] none = new byte[0];
        return List.of(
                dynamicTest("sign and verify; sizes are the algorithm's", () -> {
                    SignatureSpi sig = engine.get();
                    Algorithm a = sig.algorithm();
                    KeyPair kp = sig.generateKeyPair();
                    assertEquals(a.publicKeySize(), kp.publicKey().length(), "public key size");
                    assertEquals(a.privateKeySize(), kp.privateKey().length(), "private key size");
                    assertEquals(kp.publicKey(), sig.derivePublicKey(kp.privateKey()), "derivePublicKey");
                    byte[] s = sig.sign(kp.privateKey(), message, none);
                    assertTrue(s.length <= a.signatureSize() && s.length > 0, "signature size " + s.length + " of at most " + a.signatureSize());
                    sig.verify(kp.publicKey(), message, s, none);
                }),
                dynamicTest("another message, signature or key fails with InvalidSignatureException", () -> {
                    SignatureSpi sig = engine.get();
                    KeyPair kp = sig.generateKeyPair();
                    byte[] s = sig.sign(kp.privateKey(), message, none);
                    assertThrows(InvalidSignatureException.class, () -> sig.verify(kp.publicKey(), flip(message, 0), s, none));
                    assertThrows(InvalidSignatureException.class, () -> sig.verify(kp.publicKey(), message, flip(s, s.length / 2), none));
                    assertThrows(InvalidSignatureException.class, () -> sig.verify(sig.generateKeyPair().publicKey(), message, s, none));
                    assertTyped(() -> sig.verify(kp.publicKey(), message, Arrays.copyOf(s, s.length - 1), none));
                    assertTyped(() -> sig.verify(kp.publicKey(), message, new byte[0], none));
                }),
                dynamicTest("a destroyed private key is refused with a typed error", () -> {
                    SignatureSpi sig = engine.get();
                    PrivateKey sk = sig.generateKeyPair().privateKey();
                    sk.destroy();
                    assertTyped(() -> sig.sign(sk, message, none));
                }),
                dynamicTest("thread-safe: " + THREADS + " threads at once", () -> {
                    SignatureSpi sig = engine.get();
                    concurrently(() -> {
                        KeyPair kp = sig.generateKeyPair();
                        byte[] m = random(50);
                        sig.verify(kp.publicKey(), m, sig.sign(kp.privateKey(), m, none), none);
                        return null;
                    });
                }));
    }

    /** KDFs: deterministic, the length asked for, typed errors for impossible lengths, threads. */
    public static List<DynamicTest> kdf(Supplier<KdfSpi> engine) {
        return List.of(
                dynamicTest("deterministic; extract gives the hash length, expand the length asked for", () -> {
                    KdfSpi kdf = engine.get();
                    Algorithm a = kdf.algorithm();
                    byte[] salt = random(16);
                    byte[] ikm = random(32);
                    byte[] prk = kdf.extract(salt, ikm);
                    assertEquals(a.keySize(), prk.length, "extract output is the hash length");
                    assertArrayEquals(prk, kdf.extract(salt, ikm));
                    for (int length : new int[] {1, 32, 100}) {
                        assertEquals(length, kdf.expand(prk, new byte[] {1}, length).length);
                    }
                    assertFalse(Arrays.equals(kdf.expand(prk, new byte[] {1}, 32), kdf.expand(prk, new byte[] {2}, 32)));
                }),
                dynamicTest("impossible lengths are typed errors", () -> {
                    KdfSpi kdf = engine.get();
                    byte[] prk = kdf.extract(new byte[0], random(32));
                    assertTyped(() -> kdf.expand(prk, new byte[0], -1));
                    assertTyped(() -> kdf.expand(prk, new byte[0], 255 * kdf.algorithm().keySize() + 1));
                }),
                dynamicTest("thread-safe: " + THREADS + " threads at once", () -> {
                    KdfSpi kdf = engine.get();
                    byte[] ikm = random(32);
                    byte[] expected = kdf.derive(new byte[0], ikm, new byte[0], 42);
                    concurrently(() -> {
                        assertArrayEquals(expected, kdf.derive(new byte[0], ikm, new byte[0], 42));
                        return null;
                    });
                }));
    }

    /** The call fails with a {@link QSafeException} subclass: never another exception, never success. */
    public static void assertTyped(Executable call) {
        Throwable t = assertThrows(Throwable.class, call, "bad input must be refused");
        assertTrue(t instanceof QSafeException, () -> "bad input must give a typed dev.qsafe.api.QSafeException, got " + t);
    }

    private static void assertTypedOrSucceeds(Executable call) {
        try {
            call.execute();
        } catch (Throwable t) {
            assertTrue(t instanceof QSafeException, () -> "bad input must give a typed dev.qsafe.api.QSafeException, got " + t);
        }
    }

    private static void assertNoSecret(Throwable e, byte[] secret) {
        String hex = HexFormat.of().formatHex(secret);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            assertFalse(secret.length >= 8 && m.contains(hex), "an error message contains a secret key in hex: " + t.getClass());
        }
    }

    private static void concurrently(Callable<Void> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS * ROUNDS / 5; i++) {
                futures.add(pool.submit(task));
            }
            for (Future<Void> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[Math.max(n, 0)];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] flip(byte[] in, int index) {
        byte[] out = in.clone();
        out[index] ^= 0x01;
        return out;
    }
}

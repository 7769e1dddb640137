package dev.qsafe.tests.hwaccel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-engine interop of the native engines: for every algorithm a native engine offers, what it
 * produces (AEAD ciphertexts, DHKEM encapsulations, Ed25519, ML-DSA and composite ML-DSA signatures with
 * and without a context, HKDF output) every other engine of the algorithm accepts, and what they produce
 * it accepts.
 */
class HwaccelInteropTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static Stream<Arguments> aeadPairs() {
        return NativeEngines.pairsWithANativeEngine(Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305);
    }

    static Stream<Arguments> kemPairs() {
        return NativeEngines.pairsWithANativeEngine(Algorithm.DHKEM_X25519, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024);
    }

    static Stream<Arguments> signaturePairs() {
        return NativeEngines.pairsWithANativeEngine(Algorithm.ED25519, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87,
                Algorithm.MLDSA65_ED25519, Algorithm.MLDSA44_ED25519);
    }

    static Stream<Arguments> kdfPairs() {
        return NativeEngines.pairsWithANativeEngine(Algorithm.HKDF_SHA256);
    }

    @Test
    void nativeEngines_areActive_andOfferTheirAlgorithms() {
        NativeEngines.NATIVE.forEach(NativeEngines::assumeActive);
        assertEquals("conscrypt", NativeEngines.REGISTRY.providersOf(Algorithm.CHACHA20_POLY1305).getFirst());
        for (Algorithm a : new Algorithm[] {Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.DHKEM_X25519,
                Algorithm.ED25519, Algorithm.HKDF_SHA256, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87,
                Algorithm.MLDSA65_ED25519, Algorithm.MLDSA44_ED25519}) {
            assertTrue(NativeEngines.REGISTRY.providersOf(a).contains("conscrypt"), "conscrypt offers " + a);
        }
        for (Algorithm a : new Algorithm[] {Algorithm.AES_128_GCM, Algorithm.AES_256_GCM,
                Algorithm.HKDF_SHA256, Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87}) {
            assertTrue(NativeEngines.REGISTRY.providersOf(a).contains("accp"), "accp offers " + a);
        }
        assertTrue(!NativeEngines.REGISTRY.providersOf(Algorithm.ED25519).contains("accp"),
                "accp's Ed25519 refuses messages over 1 MiB, so it is not offered");
        assertTrue(aeadPairs().count() > 0 && kemPairs().count() > 0 && signaturePairs().count() > 0 && kdfPairs().count() > 0);
    }

    @ParameterizedTest(name = "{0}: {1} seals, {2} opens")
    @MethodSource("aeadPairs")
    void aead_sealedByOneEngine_opensOnTheOther(Algorithm alg, String sealer, String opener) {
        NativeEngines.assumeActive(sealer);
        NativeEngines.assumeActive(opener);
        Aead a = NativeEngines.REGISTRY.aead(alg, sealer);
        Aead b = NativeEngines.REGISTRY.aead(alg, opener);
        SecretBytes key = SecretBytes.wrap(bytes(alg.keySize()));
        for (int length : new int[] {0, 1, 16, 17, 1024, 70_000}) {
            byte[] nonce = bytes(12);
            byte[] plaintext = bytes(length);
            byte[] aad = bytes(length % 37);
            byte[] sealed = a.seal(key, nonce, plaintext, aad);
            assertArrayEquals(sealed, b.seal(key, nonce, plaintext, aad), "deterministic: same ciphertext, " + length + " bytes");
            assertArrayEquals(plaintext, b.open(key, nonce, sealed, aad), length + " bytes");
            sealed[sealed.length - 1] ^= 1;
            byte[] tampered = sealed;
            assertThrows(DecryptionFailedException.class, () -> b.open(key, nonce, tampered, aad));
        }
    }

    @ParameterizedTest(name = "{0}: {1} encapsulates, {2} decapsulates")
    @MethodSource("kemPairs")
    void kem_encapsulatedByOneEngine_decapsulatesOnTheOther(Algorithm alg, String encapsulator, String decapsulator) {
        NativeEngines.assumeActive(encapsulator);
        NativeEngines.assumeActive(decapsulator);
        KemSpi a = NativeEngines.REGISTRY.kem(alg, encapsulator);
        KemSpi b = NativeEngines.REGISTRY.kem(alg, decapsulator);
        KeyPair recipient = b.generateKeyPair();
        assertEquals(recipient.publicKey(), a.derivePublicKey(recipient.privateKey()), "same public key for the same private key");
        Encapsulation e = a.encapsulate(recipient.publicKey());
        assertEquals(e.sharedSecret(), b.decapsulate(recipient.privateKey(), e.ciphertext()));
        byte[] ikmE = bytes(32);
        Encapsulation ea = a.engineEncapsulateDerandomized(recipient.publicKey(), ikmE);
        Encapsulation eb = b.engineEncapsulateDerandomized(recipient.publicKey(), ikmE);
        assertArrayEquals(ea.ciphertext(), eb.ciphertext(), "derandomized encapsulations agree");
        assertEquals(ea.sharedSecret(), eb.sharedSecret(), "derandomized shared secrets agree");
        byte[] ikm = bytes(32);
        assertEquals(a.deriveKeyPair(ikm).publicKey(), b.deriveKeyPair(ikm).publicKey(), "DeriveKeyPair agrees");
    }

    /**
     * X-Wing is built by {@code hybrid} over the selected DHKEM-X25519 engine, Conscrypt's, whose
     * generator makes the ephemeral X25519 key of a randomized encapsulation and whose key objects are
     * kept on the keys: what it makes, X-Wing over Bouncy Castle's X25519 opens, and the reverse; the
     * derandomized path (the vectors') gives identical results on both.
     */
    @Test
    void xWing_overConscryptsX25519_interoperatesWithXWingOverBouncyCastlesX25519() {
        NativeEngines.assumeActive("conscrypt");
        assertEquals("conscrypt", NativeEngines.REGISTRY.selection(Algorithm.DHKEM_X25519).candidates().getFirst().provider());
        CryptoRegistry bc = CryptoRegistry.discover(RegistryConfig.newBuilder().pin(Algorithm.DHKEM_X25519, "bc-classical").build());
        KemSpi overConscrypt = NativeEngines.REGISTRY.kem(Algorithm.X_WING, "hybrid");
        KemSpi overBc = bc.kem(Algorithm.X_WING, "hybrid");
        for (KemSpi[] pair : new KemSpi[][] {{overConscrypt, overBc}, {overBc, overConscrypt}}) {
            KemSpi encapsulator = pair[0];
            KemSpi decapsulator = pair[1];
            for (int i = 0; i < 4; i++) {
                KeyPair recipient = decapsulator.generateKeyPair();
                assertEquals(recipient.publicKey(), encapsulator.derivePublicKey(recipient.privateKey()));
                Encapsulation e = encapsulator.encapsulate(recipient.publicKey());
                assertEquals(e.sharedSecret(), decapsulator.decapsulate(recipient.privateKey(), e.ciphertext()));
                assertEquals(e.sharedSecret(), encapsulator.decapsulate(recipient.privateKey(), e.ciphertext()));
                byte[] eseed = bytes(64);
                Encapsulation ea = encapsulator.engineEncapsulateDerandomized(recipient.publicKey(), eseed);
                Encapsulation eb = decapsulator.engineEncapsulateDerandomized(recipient.publicKey(), eseed);
                assertArrayEquals(ea.ciphertext(), eb.ciphertext(), "derandomized encapsulations agree");
                assertEquals(ea.sharedSecret(), eb.sharedSecret(), "derandomized shared secrets agree");
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1} signs, {2} verifies")
    @MethodSource("signaturePairs")
    void signature_signedByOneEngine_verifiesOnTheOther(Algorithm alg, String signer, String verifier) {
        NativeEngines.assumeActive(signer);
        NativeEngines.assumeActive(verifier);
        SignatureSpi a = NativeEngines.REGISTRY.signature(alg, signer);
        SignatureSpi b = NativeEngines.REGISTRY.signature(alg, verifier);
        byte[] seed = bytes(alg.privateKeySize());
        KeyPair fromA = a.deriveKeyPair(seed);
        assertEquals(fromA.publicKey(), b.deriveKeyPair(seed).publicKey(), "same public key from the same seed");
        KeyPair generated = a.generateKeyPair();
        assertEquals(generated.publicKey(), b.derivePublicKey(generated.privateKey()), "generated pair is consistent");
        byte[][] contexts = alg.equals(Algorithm.ED25519) ? new byte[][] {new byte[0]} : new byte[][] {new byte[0], bytes(1), bytes(255)};
        for (byte[] context : contexts) {
            for (int length : new int[] {0, 1, 1000, (1 << 20) + 1}) {
                byte[] message = bytes(length);
                byte[] signature = a.sign(generated.privateKey(), message, context);
                b.verify(generated.publicKey(), message, signature, context);
                byte[] other = message.clone();
                other = other.length == 0 ? new byte[] {1} : other;
                other[0] ^= 1;
                byte[] changed = other;
                assertThrows(InvalidSignatureException.class, () -> b.verify(generated.publicKey(), changed, signature, context));
            }
        }
        if (alg.equals(Algorithm.ED25519)) {
            byte[] m = bytes(50);
            assertArrayEquals(a.sign(fromA.privateKey(), m, new byte[0]), b.sign(fromA.privateKey(), m, new byte[0]),
                    "Ed25519 is deterministic: same signature");
        }
    }

    @ParameterizedTest(name = "{0}: {1} and {2} derive the same bytes")
    @MethodSource("kdfPairs")
    void kdf_sameInput_sameOutput(Algorithm alg, String first, String second) {
        NativeEngines.assumeActive(first);
        NativeEngines.assumeActive(second);
        Kdf a = NativeEngines.REGISTRY.kdf(alg, first);
        Kdf b = NativeEngines.REGISTRY.kdf(alg, second);
        for (int ikmLength : new int[] {0, 1, 32, 100}) {
            byte[] salt = bytes(ikmLength % 2 == 0 ? 0 : 32);
            byte[] ikm = bytes(ikmLength);
            byte[] prk = a.extract(salt, ikm);
            assertArrayEquals(prk, b.extract(salt, ikm), "extract, ikm " + ikmLength);
            for (int length : new int[] {1, 32, 33, 255 * 32}) {
                byte[] info = bytes(length % 20);
                assertArrayEquals(a.expand(prk, info, length), b.expand(prk, info, length), "expand " + length);
            }
        }
    }
}

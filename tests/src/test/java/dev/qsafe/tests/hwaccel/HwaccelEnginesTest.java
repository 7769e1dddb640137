package dev.qsafe.tests.hwaccel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.runtime.registry.ProviderStatus;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour contract on the native engines (typed exceptions for bad keys, nonces and tags; the
 * small-order Ed25519 keys refused), what each engine documents it cannot do, and the availability
 * report: library, CPU features.
 */
class HwaccelEnginesTest {
    private static final byte[] NONE = new byte[0];

    @ParameterizedTest
    @ValueSource(strings = {"conscrypt", "accp"})
    void availability_namesTheLibraryAndTheCpuFeatures(String provider) {
        ProviderStatus s = NativeEngines.status(provider);
        assertTrue(s.hardwareBacked(), provider + " is hardware-backed");
        assertEquals("dev.qsafe.provider.hwaccel", s.module());
        for (String feature : new String[] {"AES-NI", "VAES", "PCLMULQDQ", "AVX2", "AVX-512", "SHA-NI"}) {
            assertTrue(s.reason().matches(".*\\b" + feature + " (yes|no|unknown)\\b.*"), feature + " in: " + s.reason());
        }
        if (s.state() == ProviderStatus.State.ACTIVE) {
            assertTrue(s.reason().contains("native library loaded"), s.reason());
        } else {
            assertEquals(ProviderStatus.State.UNAVAILABLE, s.state(), s.reason());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"conscrypt", "accp"})
    void aead_wrongTagOrKey_failTyped(String provider) {
        NativeEngines.assumeActive(provider);
        Aead aead = NativeEngines.REGISTRY.aead(Algorithm.AES_256_GCM, provider);
        SecretBytes key = SecretBytes.wrap(new byte[32]);
        byte[] nonce = new byte[12];
        byte[] sealed = aead.seal(key, nonce, new byte[] {1, 2, 3}, NONE);
        sealed[0] ^= 1;
        assertThrows(DecryptionFailedException.class, () -> aead.open(key, nonce, sealed, NONE));
        assertThrows(DecryptionFailedException.class, () -> aead.open(key, nonce, new byte[15], NONE), "shorter than a tag");
        assertThrows(DecryptionFailedException.class, () -> aead.open(key, nonce, sealed, new byte[] {1}), "other associated data");
        assertThrows(InvalidKeyException.class, () -> aead.seal(SecretBytes.wrap(new byte[16]), nonce, NONE, NONE), "AES-128 key for AES-256");
        assertThrows(InvalidInputException.class, () -> aead.seal(key, NONE, NONE, NONE), "empty nonce");
    }

    @Test
    void conscrypt_aesGcm_takesTwelveByteNoncesOnly_accpAnyLength() {
        NativeEngines.assumeActive("conscrypt");
        NativeEngines.assumeActive("accp");
        SecretBytes key = SecretBytes.wrap(new byte[16]);
        Aead conscrypt = NativeEngines.REGISTRY.aead(Algorithm.AES_128_GCM, "conscrypt");
        Aead accp = NativeEngines.REGISTRY.aead(Algorithm.AES_128_GCM, "accp");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> conscrypt.seal(key, new byte[16], NONE, NONE));
        assertTrue(e.getMessage().contains("12 bytes"), e.getMessage());
        byte[] sealed = accp.seal(key, new byte[16], new byte[] {7}, NONE);
        assertArrayEquals(new byte[] {7}, NativeEngines.REGISTRY.aead(Algorithm.AES_128_GCM, "jdk-classical").open(key, new byte[16], sealed, NONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"conscrypt"})
    void ed25519_smallOrderAndMalformedKeys_areRefused(String provider) {
        NativeEngines.assumeActive(provider);
        SignatureSpi ed = NativeEngines.REGISTRY.signature(Algorithm.ED25519, provider);
        PublicKey neutral = PublicKey.of(Algorithm.ED25519, HexFormat.of().parseHex("0100000000000000000000000000000000000000000000000000000000000000"));
        byte[] forged = new byte[64];
        forged[0] = 1;
        assertThrows(InvalidKeyException.class, () -> ed.verify(neutral, new byte[] {1}, forged, NONE));
        KeyPair kp = ed.generateKeyPair();
        assertThrows(InvalidSignatureException.class, () -> ed.verify(kp.publicKey(), new byte[] {1}, new byte[63], NONE));
        assertThrows(InvalidInputException.class, () -> ed.sign(kp.privateKey(), new byte[] {1}, new byte[] {1}), "no context in pure Ed25519");
        assertThrows(InvalidKeyException.class, () -> ed.sign(PrivateKey.of(Algorithm.ED25519, new byte[31]), NONE, NONE));
        assertThrows(InvalidKeyException.class,
                () -> ed.sign(NativeEngines.REGISTRY.kem(Algorithm.DHKEM_X25519).generateKeyPair().privateKey(), NONE, NONE),
                "a key of another algorithm");
    }

    @Test
    void conscrypt_dhkem_lowOrderEncapsulation_isInvalidInput() {
        NativeEngines.assumeActive("conscrypt");
        KemSpi kem = NativeEngines.REGISTRY.kem(Algorithm.DHKEM_X25519, "conscrypt");
        KeyPair kp = kem.generateKeyPair();
        assertThrows(InvalidInputException.class, () -> kem.decapsulate(kp.privateKey(), new byte[32]), "the zero point");
        assertThrows(InvalidInputException.class, () -> kem.decapsulate(kp.privateKey(), new byte[31]));
        assertThrows(InvalidKeyException.class, () -> kem.encapsulate(PublicKey.of(Algorithm.DHKEM_X25519, new byte[32])));
    }

    @Test
    void accp_mlDsa_contextRules_andDocumentedLimits() {
        NativeEngines.assumeActive("accp");
        SignatureSpi accp = NativeEngines.REGISTRY.signature(Algorithm.ML_DSA_65, "accp");
        SignatureSpi bc = NativeEngines.REGISTRY.signature(Algorithm.ML_DSA_65, "bc-pqc");
        KeyPair kp = accp.generateKeyPair();
        assertThrows(InvalidInputException.class, () -> accp.sign(kp.privateKey(), NONE, new byte[256]), "context over 255 bytes");
        assertThrows(InvalidSignatureException.class, () -> accp.verify(kp.publicKey(), NONE, new byte[3309], new byte[256]));
        assertThrows(InvalidSignatureException.class, () -> accp.verify(kp.publicKey(), NONE, new byte[10], NONE), "wrong length");
        byte[] context = {1, 2, 3};
        byte[] bySomeoneElse = bc.sign(kp.privateKey(), new byte[] {9}, context);
        accp.verify(kp.publicKey(), new byte[] {9}, bySomeoneElse, context);
        assertThrows(InvalidSignatureException.class, () -> accp.verify(kp.publicKey(), new byte[] {9}, bySomeoneElse, NONE),
                "the context is bound");
        assertThrows(UnsupportedAlgorithmException.class, () -> accp.engineSignDerandomized(kp.privateKey(), NONE, NONE, null));
        assertThrows(InvalidInputException.class, () -> accp.engineSignDerandomized(kp.privateKey(), NONE, NONE, new byte[31]),
                "arguments are checked before the refusal");
        assertThrows(UnsupportedAlgorithmException.class, () -> accp.engineSignMu(kp.privateKey(), new byte[64], null));
        byte[] large = new byte[(1 << 20) + 100];
        large[5] = 1;
        byte[] signedLarge = accp.sign(kp.privateKey(), large, NONE);
        bc.verify(kp.publicKey(), large, signedLarge, NONE);
        accp.verify(kp.publicKey(), large, bc.sign(kp.privateKey(), large, NONE), NONE);
        assertThrows(InvalidKeyException.class, () -> accp.sign(PrivateKey.of(Algorithm.ML_DSA_65, new byte[31]), NONE, NONE));
        assertThrows(InvalidKeyException.class, () -> accp.verify(PublicKey.of(Algorithm.ML_DSA_65, new byte[100]), NONE, bySomeoneElse, NONE));
    }
}

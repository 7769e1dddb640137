package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.KeyAgreementSpi;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed input and misuse against every DHKEM(X25519, HKDF-SHA256) engine, each failing with a typed exception. */
class DhKemNegativeTest {
    private static final Algorithm DHKEM = Algorithm.DHKEM_X25519;
    /** u = 0 and u = 1: points of order 1 and 4 (RFC 7748 section 6.1 and Wycheproof's low-order list). */
    private static final byte[][] LOW_ORDER_POINTS = {new byte[32], lowOrderOne()};

    static Stream<String> engines() {
        return ClassicalEngines.providersOf(DHKEM).stream();
    }

    private static KemSpi engine(String provider) {
        return ClassicalEngines.REGISTRY.kem(DHKEM, provider);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void decapsulate_wrongLengthEncapsulation_failsWithInvalidInput(String provider) {
        KemSpi kem = engine(provider);
        KeyPair kp = kem.generateKeyPair();
        byte[] enc = kem.encapsulate(kp.publicKey()).ciphertext();
        for (int length : new int[] {0, 1, 31, 33, 64}) {
            byte[] resized = Arrays.copyOf(enc, length);
            assertThrows(InvalidInputException.class, () -> kem.decapsulate(kp.privateKey(), resized), length + " bytes");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void decapsulate_lowOrderEncapsulation_failsWithInvalidInput(String provider) {
        KemSpi kem = engine(provider);
        PrivateKey sk = kem.generateKeyPair().privateKey();
        for (byte[] point : LOW_ORDER_POINTS) {
            assertThrows(InvalidInputException.class, () -> kem.decapsulate(sk, point));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void encapsulate_lowOrderPublicKey_failsWithInvalidKey(String provider) {
        KemSpi kem = engine(provider);
        for (byte[] point : LOW_ORDER_POINTS) {
            PublicKey pk = PublicKey.of(DHKEM, point);
            assertThrows(InvalidKeyException.class, () -> kem.encapsulate(pk));
            assertThrows(InvalidKeyException.class, () -> kem.engineEncapsulateDerandomized(pk, new byte[32]));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void agree_lowOrderOrWrongLengthPeer_failsWithInvalidKey(String provider) {
        KemSpi kem = engine(provider);
        KeyAgreementSpi dh = (KeyAgreementSpi) kem;
        PrivateKey sk = kem.generateKeyPair().privateKey();
        for (byte[] point : LOW_ORDER_POINTS) {
            assertThrows(InvalidKeyException.class, () -> dh.engineAgree(sk, point));
        }
        assertThrows(InvalidKeyException.class, () -> dh.engineAgree(sk, new byte[31]));
        assertThrows(InvalidKeyException.class, () -> dh.engineAgree(sk, new byte[33]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void decapsulate_destroyedPrivateKey_failsWithInvalidKey(String provider) {
        KemSpi kem = engine(provider);
        KeyPair kp = kem.generateKeyPair();
        byte[] enc = kem.encapsulate(kp.publicKey()).ciphertext();
        kp.privateKey().destroy();
        assertThrows(InvalidKeyException.class, () -> kem.decapsulate(kp.privateKey(), enc));
        assertThrows(InvalidKeyException.class, () -> kem.derivePublicKey(kp.privateKey()));
        assertThrows(InvalidKeyException.class, () -> ((KeyAgreementSpi) kem).engineAgree(kp.privateKey(), enc));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void decapsulate_wrongLengthOrOtherAlgorithmKey_failsWithInvalidKey(String provider) {
        KemSpi kem = engine(provider);
        byte[] enc = kem.encapsulate(kem.generateKeyPair().publicKey()).ciphertext();
        for (PrivateKey sk : new PrivateKey[] {
                PrivateKey.of(DHKEM, new byte[31]), PrivateKey.of(DHKEM, new byte[64]),
                PrivateKey.of(Algorithm.ED25519, new byte[32])}) {
            assertThrows(InvalidKeyException.class, () -> kem.decapsulate(sk, enc), sk.toString());
        }
        PublicKey ed25519 = PublicKey.of(Algorithm.ED25519, new byte[32]);
        assertThrows(InvalidKeyException.class, () -> kem.encapsulate(ed25519));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void deriveOrEncapsulate_shortInputKeyingMaterial_failsTyped(String provider) {
        KemSpi kem = engine(provider);
        PublicKey pk = kem.generateKeyPair().publicKey();
        assertThrows(InvalidKeyException.class, () -> kem.deriveKeyPair(new byte[31]));
        assertThrows(InvalidInputException.class, () -> kem.engineEncapsulateDerandomized(pk, new byte[31]));
    }

    private static byte[] lowOrderOne() {
        byte[] u = new byte[32];
        u[0] = 1;
        return u;
    }
}

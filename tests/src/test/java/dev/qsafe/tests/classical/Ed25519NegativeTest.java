package dev.qsafe.tests.classical;

import static dev.qsafe.tests.classical.AeadNegativeTest.flipBit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.SignatureSpi;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Forgeries and misuse against every Ed25519 engine, each failing with a typed exception. */
class Ed25519NegativeTest {
    private static final Algorithm ED25519 = Algorithm.ED25519;
    private static final byte[] MESSAGE = "pay 100 to Alice".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_CONTEXT = new byte[0];

    static Stream<String> engines() {
        return ClassicalEngines.providersOf(ED25519).stream();
    }

    private static SignatureSpi engine(String provider) {
        return ClassicalEngines.REGISTRY.signature(ED25519, provider);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void verify_flippedSignatureBit_failsWithInvalidSignature(String provider) {
        SignatureSpi ed = engine(provider);
        KeyPair kp = ed.generateKeyPair();
        byte[] sig = ed.sign(kp.privateKey(), MESSAGE, NO_CONTEXT);
        assertDoesNotThrow(() -> ed.verify(kp.publicKey(), MESSAGE, sig, NO_CONTEXT));
        for (int index : new int[] {0, 31, 32, 63}) { // R and S, first and last bytes
            byte[] forged = flipBit(sig, index);
            assertThrows(InvalidSignatureException.class, () -> ed.verify(kp.publicKey(), MESSAGE, forged, NO_CONTEXT),
                    "bit flipped in byte " + index);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void verify_wrongLengthSignature_failsWithInvalidSignature(String provider) {
        SignatureSpi ed = engine(provider);
        KeyPair kp = ed.generateKeyPair();
        byte[] sig = ed.sign(kp.privateKey(), MESSAGE, NO_CONTEXT);
        for (int length : new int[] {0, 32, 63, 65, 128}) {
            byte[] resized = Arrays.copyOf(sig, length);
            assertThrows(InvalidSignatureException.class, () -> ed.verify(kp.publicKey(), MESSAGE, resized, NO_CONTEXT),
                    length + " bytes");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void verify_wrongKeyOrMessage_failsWithInvalidSignature(String provider) {
        SignatureSpi ed = engine(provider);
        KeyPair kp = ed.generateKeyPair();
        byte[] sig = ed.sign(kp.privateKey(), MESSAGE, NO_CONTEXT);
        PublicKey other = ed.generateKeyPair().publicKey();
        assertThrows(InvalidSignatureException.class, () -> ed.verify(other, MESSAGE, sig, NO_CONTEXT));
        assertThrows(InvalidSignatureException.class, () -> ed.verify(kp.publicKey(), flipBit(MESSAGE, 4), sig, NO_CONTEXT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void signOrVerify_nonEmptyContext_failsWithInvalidInput(String provider) {
        SignatureSpi ed = engine(provider);
        KeyPair kp = ed.generateKeyPair();
        byte[] sig = ed.sign(kp.privateKey(), MESSAGE, NO_CONTEXT);
        byte[] context = {1};
        assertThrows(InvalidInputException.class, () -> ed.sign(kp.privateKey(), MESSAGE, context));
        assertThrows(InvalidInputException.class, () -> ed.verify(kp.publicKey(), MESSAGE, sig, context));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void signDerandomized_withRandomness_failsWithInvalidInput(String provider) {
        SignatureSpi ed = engine(provider);
        KeyPair kp = ed.generateKeyPair();
        assertThrows(InvalidInputException.class,
                () -> ed.engineSignDerandomized(kp.privateKey(), MESSAGE, NO_CONTEXT, new byte[32]));
        assertArrayEquals(ed.sign(kp.privateKey(), MESSAGE, NO_CONTEXT),
                ed.engineSignDerandomized(kp.privateKey(), MESSAGE, NO_CONTEXT, null), "deterministic signing");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void sign_destroyedPrivateKey_failsWithInvalidKey(String provider) {
        SignatureSpi ed = engine(provider);
        PrivateKey sk = ed.generateKeyPair().privateKey();
        sk.destroy();
        assertThrows(InvalidKeyException.class, () -> ed.sign(sk, MESSAGE, NO_CONTEXT));
        assertThrows(InvalidKeyException.class, () -> ed.derivePublicKey(sk));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void sign_wrongLengthOrOtherAlgorithmKey_failsWithInvalidKey(String provider) {
        SignatureSpi ed = engine(provider);
        for (PrivateKey sk : new PrivateKey[] {
                PrivateKey.of(ED25519, new byte[31]), PrivateKey.of(ED25519, new byte[64]),
                PrivateKey.of(Algorithm.DHKEM_X25519, new byte[32])}) {
            assertThrows(InvalidKeyException.class, () -> ed.sign(sk, MESSAGE, NO_CONTEXT), sk.toString());
        }
        PublicKey x25519 = PublicKey.of(Algorithm.DHKEM_X25519, new byte[32]);
        assertThrows(InvalidKeyException.class, () -> ed.verify(x25519, MESSAGE, new byte[64], NO_CONTEXT));
    }

    /** y = 2 has no x on the curve; y = p (0xed, 0xff, ..., 0x7f) is a non-canonical encoding of y = 0. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void verify_publicKeyNotACurvePoint_failsWithInvalidKey(String provider) {
        SignatureSpi ed = engine(provider);
        KeyPair kp = ed.generateKeyPair();
        byte[] sig = ed.sign(kp.privateKey(), MESSAGE, NO_CONTEXT);
        byte[] notOnCurve = new byte[32];
        notOnCurve[0] = 2;
        byte[] nonCanonical = new byte[32];
        Arrays.fill(nonCanonical, (byte) 0xff);
        nonCanonical[0] = (byte) 0xed;
        nonCanonical[31] = 0x7f;
        for (byte[] encoded : new byte[][] {notOnCurve, nonCanonical}) {
            PublicKey pk = PublicKey.of(ED25519, encoded);
            assertThrows(InvalidKeyException.class, () -> ed.verify(pk, MESSAGE, sig, NO_CONTEXT));
        }
    }

    /**
     * The eight points of small order, canonically encoded. RFC 8032 lets them decode, but under such a
     * key one signature verifies for every message: with the neutral point as key, R = neutral and
     * S = 0. Found by fuzzing the engines against each other (fuzz/, KeyDecodingFuzzTest#enginesAgree):
     * Bouncy Castle refused these keys, the JDK engine accepted them and that signature.
     */
    private static final String[] SMALL_ORDER = {
        "0100000000000000000000000000000000000000000000000000000000000000", // neutral
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
        "0000000000000000000000000000000000000000000000000000000000000000", // order 4
        "0000000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void verify_smallOrderPublicKey_failsWithInvalidKey(String provider) {
        SignatureSpi ed = engine(provider);
        byte[] universal = new byte[64];
        universal[0] = 1; // R = the neutral point, S = 0
        for (String hex : SMALL_ORDER) {
            PublicKey pk = PublicKey.of(ED25519, HexFormat.of().parseHex(hex));
            assertThrows(InvalidKeyException.class, () -> ed.verify(pk, MESSAGE, universal, NO_CONTEXT), hex);
            assertThrows(InvalidKeyException.class, () -> ed.verify(pk, flipBit(MESSAGE, 0), new byte[64], NO_CONTEXT), hex);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void deriveKeyPair_wrongLengthSeed_failsWithInvalidKey(String provider) {
        SignatureSpi ed = engine(provider);
        for (int length : new int[] {0, 31, 33, 64}) {
            assertThrows(InvalidKeyException.class, () -> ed.deriveKeyPair(new byte[length]), length + " bytes");
        }
    }
}

package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SLH-DSA-SHA2-128f and -128s behaviour and negative cases, on every discovered engine. SLH-DSA-128s
 * signing is slow (a second or so in pure Java), so it signs once per engine; the detailed cases run on 128f.
 */
class SlhDsaTest {
    private static final byte[] MESSAGE = "a message to sign".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXT = "qsafe test".getBytes(StandardCharsets.UTF_8);
    /** SLH-DSA-SHA2-128 security parameter n: opt_rand is n bytes, the seed 3n. */
    private static final int N = 16;

    static Stream<Arguments> fast() {
        return PqcEngines.engines(Algorithm.SLH_DSA_SHA2_128F);
    }

    static Stream<Arguments> small() {
        return PqcEngines.engines(Algorithm.SLH_DSA_SHA2_128S);
    }

    static Stream<Arguments> enginePairs() {
        return PqcEngines.enginePairs(Algorithm.SLH_DSA_SHA2_128F);
    }

    /** One 128s signature per engine: sizes, verification, a flipped bit and a truncation. */
    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("small")
    void slow128s_signOnce_verifiesAndRejectsModified(Algorithm alg, String provider) {
        SignatureSpi slh = PqcEngines.signature(alg, provider);
        checkRoundTripAndModifications(slh, slh.generateKeyPair());
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("fast")
    void sign_thenVerify_acceptsAndRejectsModified(Algorithm alg, String provider) {
        SignatureSpi slh = PqcEngines.signature(alg, provider);
        checkRoundTripAndModifications(slh, slh.generateKeyPair());
    }

    @ParameterizedTest(name = "{0}: {1} signs, {2} verifies")
    @MethodSource("enginePairs")
    void signature_ofOneEngine_verifiesWithEveryEngine(Algorithm alg, String producer, String consumer) {
        SignatureSpi a = PqcEngines.signature(alg, producer);
        KeyPair pair = a.generateKeyPair();
        PqcEngines.signature(alg, consumer).verify(pair.publicKey(), MESSAGE, a.sign(pair.privateKey(), MESSAGE, CONTEXT), CONTEXT);
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("fast")
    void signDerandomized_nullMeansOptRandPkSeed_andIsRepeatable(Algorithm alg, String provider) {
        SignatureSpi slh = PqcEngines.signature(alg, provider);
        byte[] seed = new byte[3 * N];
        Arrays.fill(seed, 2 * N, 3 * N, (byte) 0x5A); // PK.seed
        KeyPair pair = slh.deriveKeyPair(seed);
        assertArrayEquals(Arrays.copyOfRange(seed, 2 * N, 3 * N), Arrays.copyOf(pair.publicKey().encoded(), N),
                "the public key starts with PK.seed");
        byte[] deterministic = slh.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, null);
        assertArrayEquals(deterministic, slh.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT,
                Arrays.copyOfRange(seed, 2 * N, 3 * N)), "FIPS 205: the deterministic variant is opt_rand = PK.seed");
        byte[] randomized = slh.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, new byte[N]);
        assertFalse(Arrays.equals(deterministic, randomized));
        slh.verify(pair.publicKey(), MESSAGE, randomized, CONTEXT);
        assertThrows(InvalidInputException.class, () -> slh.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, new byte[N + 1]));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("fast")
    void context_tooLong_signInvalidInput_verifyInvalidSignature(Algorithm alg, String provider) {
        SignatureSpi slh = PqcEngines.signature(alg, provider);
        KeyPair pair = slh.generateKeyPair();
        byte[] tooLong = new byte[256];
        assertThrows(InvalidInputException.class, () -> slh.sign(pair.privateKey(), MESSAGE, tooLong));
        assertThrows(InvalidSignatureException.class,
                () -> slh.verify(pair.publicKey(), MESSAGE, new byte[alg.signatureSize()], tooLong));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("fast")
    void verify_otherKey_invalidSignature(Algorithm alg, String provider) {
        SignatureSpi slh = PqcEngines.signature(alg, provider);
        KeyPair pair = slh.generateKeyPair();
        byte[] signature = slh.sign(pair.privateKey(), MESSAGE, CONTEXT);
        assertThrows(InvalidSignatureException.class,
                () -> slh.verify(slh.generateKeyPair().publicKey(), MESSAGE, signature, CONTEXT));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("fast")
    void keys_wrongLengthDestroyedOrForeign_invalidKey(Algorithm alg, String provider) {
        SignatureSpi slh = PqcEngines.signature(alg, provider);
        for (int length : new int[] {0, 3 * N - 1, 3 * N + 1, 4 * N}) {
            assertThrows(InvalidKeyException.class, () -> slh.deriveKeyPair(new byte[length]), "seed of " + length);
        }
        for (int length : new int[] {1, 3 * N, 4 * N - 1, 4 * N + 1}) {
            PrivateKey key = PrivateKey.of(alg, new byte[length]);
            assertThrows(InvalidKeyException.class, () -> slh.sign(key, MESSAGE, CONTEXT), "private key of " + length);
            assertThrows(InvalidKeyException.class, () -> slh.derivePublicKey(key), "private key of " + length);
        }
        PrivateKey destroyed = slh.generateKeyPair().privateKey();
        destroyed.destroy();
        assertThrows(InvalidKeyException.class, () -> slh.sign(destroyed, MESSAGE, CONTEXT));
        assertThrows(InvalidKeyException.class, () -> slh.derivePublicKey(destroyed));
        Algorithm other = Algorithm.SLH_DSA_SHA2_128S;
        PrivateKey foreign = PrivateKey.of(other, new byte[other.privateKeySize()]);
        assertThrows(InvalidKeyException.class, () -> slh.sign(foreign, MESSAGE, CONTEXT));
        assertThrows(InvalidKeyException.class,
                () -> slh.verify(PublicKey.of(other, new byte[other.publicKeySize()]), MESSAGE, new byte[alg.signatureSize()], CONTEXT));
    }

    private static void checkRoundTripAndModifications(SignatureSpi slh, KeyPair pair) {
        Algorithm alg = slh.algorithm();
        assertEquals(alg.publicKeySize(), pair.publicKey().length());
        assertEquals(alg.privateKeySize(), pair.privateKey().length());
        assertEquals(pair.publicKey(), slh.derivePublicKey(pair.privateKey()));
        byte[] signature = slh.sign(pair.privateKey(), MESSAGE, CONTEXT);
        assertEquals(alg.signatureSize(), signature.length);
        slh.verify(pair.publicKey(), MESSAGE, signature, CONTEXT);
        assertThrows(InvalidSignatureException.class, () -> slh.verify(pair.publicKey(), MESSAGE, signature, new byte[0]));
        for (int position : new int[] {0, signature.length / 2, signature.length - 1}) {
            byte[] flipped = signature.clone();
            flipped[position] ^= 0x01;
            assertThrows(InvalidSignatureException.class, () -> slh.verify(pair.publicKey(), MESSAGE, flipped, CONTEXT),
                    "bit flipped at " + position);
        }
        assertThrows(InvalidSignatureException.class,
                () -> slh.verify(pair.publicKey(), MESSAGE, Arrays.copyOf(signature, signature.length - 1), CONTEXT));
        assertThrows(InvalidSignatureException.class,
                () -> slh.verify(pair.publicKey(), MESSAGE, Arrays.copyOf(signature, signature.length + 1), CONTEXT));
    }
}

package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * ML-KEM-768 and ML-KEM-1024 against the Wycheproof files, on every discovered engine.
 */
class MlKemWycheproofTest {
    private static final Map<String, Algorithm> FILES = Map.of("768", Algorithm.ML_KEM_768, "1024", Algorithm.ML_KEM_1024);

    /** {@code mlkem_*_test}: KeyGen(seed) gives ek, Decaps(c) gives K (including implicit rejection). */
    @TestFactory
    Stream<DynamicNode> keyGenAndDecaps_matchVectors() {
        return each("mlkem_%s_test", (kem, c) -> {
            KeyPair pair = kem.deriveKeyPair(c.hex("seed"));
            if (c.has("ek")) {
                assertArrayEquals(c.hex("ek"), pair.publicKey().encoded(), "ek");
            }
            assertArrayEquals(c.hex("K"), secret(kem.decapsulate(pair.privateKey(), c.hex("c"))), "K");
        }, Map.of(), QSafeException.class);
    }

    /** {@code mlkem_*_encaps_test}: Encaps_internal(ek, m) gives c and K; bad ek is rejected. */
    @TestFactory
    Stream<DynamicNode> encapsDerandomized_matchesVectors_rejectsBadEncapsulationKeys() {
        return each("mlkem_%s_encaps_test", (kem, c) -> {
            Encapsulation e = kem.engineEncapsulateDerandomized(PublicKey.of(kem.algorithm(), c.hex("ek")), c.hex("m"));
            assertArrayEquals(c.hex("c"), e.ciphertext(), "c");
            assertArrayEquals(c.hex("K"), secret(e.sharedSecret()), "K");
        }, Map.of(), InvalidKeyException.class);
    }

    /**
     * {@code mlkem_*_keygen_seed_test}: KeyGen(seed) gives ek. The API has no way to export the
     * expanded dk of a seed key, so dk is checked by what it does: it must be accepted (its H(ek) check
     * passes), imply the same ek, and decapsulate exactly like the seed key, both a proper ciphertext
     * (s) and a modified one (implicit rejection with z).
     */
    @TestFactory
    Stream<DynamicNode> keyGenFromSeed_matchesEkAndBehavesLikeExpandedDk() {
        return each("mlkem_%s_keygen_seed_test", (kem, c) -> {
            KeyPair pair = kem.deriveKeyPair(c.hex("seed"));
            assertArrayEquals(c.hex("ek"), pair.publicKey().encoded(), "ek");
            PrivateKey expanded = PrivateKey.of(kem.algorithm(), c.hex("dk"));
            assertEquals(pair.publicKey(), kem.derivePublicKey(expanded), "ek implied by dk");

            byte[] m = new byte[32];
            Arrays.fill(m, (byte) c.tcId());
            Encapsulation e = kem.engineEncapsulateDerandomized(pair.publicKey(), m);
            byte[] expected = secret(e.sharedSecret());
            assertArrayEquals(expected, secret(kem.decapsulate(pair.privateKey(), e.ciphertext())), "seed key decaps");
            assertArrayEquals(expected, secret(kem.decapsulate(expanded, e.ciphertext())), "dk decaps");

            byte[] modified = e.ciphertext();
            modified[0] ^= 1;
            byte[] rejected = secret(kem.decapsulate(pair.privateKey(), modified));
            assertFalse(Arrays.equals(expected, rejected), "modified ciphertext gave the real secret");
            assertArrayEquals(rejected, secret(kem.decapsulate(expanded, modified)), "implicit rejection with dk");
        }, Map.of(), QSafeException.class);
    }

    /** {@code mlkem_*_semi_expanded_decaps_test}: Decaps(dk, c) gives K; a bad dk or c length is rejected. */
    @TestFactory
    Stream<DynamicNode> expandedKeyDecaps_matchesVectors_rejectsBadKeysAndLengths() {
        return each("mlkem_%s_semi_expanded_decaps_test", (kem, c) -> {
            PrivateKey dk = PrivateKey.of(kem.algorithm(), c.hex("dk"));
            assertArrayEquals(c.hex("K"), secret(kem.decapsulate(dk, c.hex("c"))), "K");
            if (c.has("ek")) {
                assertEquals(PublicKey.of(kem.algorithm(), c.hex("ek")), kem.derivePublicKey(dk), "ek implied by dk");
            }
        }, Map.of("IncorrectCiphertextLength", InvalidInputException.class,
                "IncorrectDecapsulationKeyLength", InvalidKeyException.class,
                "InvalidDecapsulationKey", InvalidKeyException.class), QSafeException.class);
    }

    private static Stream<DynamicNode> each(String pattern, Wycheproof.Check<KemSpi> check,
                                            Map<String, Class<? extends QSafeException>> rejectionByFlag,
                                            Class<? extends QSafeException> rejection) {
        return Stream.of("768", "1024").flatMap(size -> Wycheproof.of(pattern.formatted(size), FILES.get(size),
                PqcEngines::kem, check).rejectWith(rejectionByFlag, rejection).tests());
    }

    private static byte[] secret(SecretBytes secret) {
        return secret.rawBytes(SecretAccess.INSECURE);
    }
}

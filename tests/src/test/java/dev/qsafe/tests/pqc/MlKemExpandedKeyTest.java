package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.tests.Vectors;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@link KemSpi#engineExpandedPrivateKey} of the ML-KEM engines: the FIPS 203 decapsulation key of a
 * seed key is Wycheproof's {@code dk} for that seed, the same on every engine, and an expanded key
 * comes back unchanged.
 */
class MlKemExpandedKeyTest {
    static Stream<Arguments> seedVectors() {
        return Stream.of(Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024).flatMap(a -> {
            String file = "wycheproof/mlkem_" + a.name().substring("ML-KEM-".length()) + "_keygen_seed_test.json.gz";
            List<JsonNode> tests = Vectors.json(file).get("testGroups").get(0).get("tests").valueStream().limit(5).toList();
            return PqcEngines.providersOf(a).stream().flatMap(p -> tests.stream().map(t -> Arguments.of(a, p,
                    t.get("tcId").asInt(), Vectors.hex(t, "seed"), Vectors.hex(t, "ek"), Vectors.hex(t, "dk"))));
        });
    }

    static Stream<Arguments> engines() {
        return PqcEngines.engines(Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024);
    }

    @ParameterizedTest(name = "{0} [{1}] tcId {2}")
    @MethodSource("seedVectors")
    void seedKey_expandsToWycheproofsDk(Algorithm alg, String provider, int tcId, byte[] seed, byte[] ek, byte[] dk) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        KeyPair pair = kem.deriveKeyPair(seed);
        assertArrayEquals(ek, pair.publicKey().encoded());
        assertArrayEquals(dk, kem.engineExpandedPrivateKey(pair.privateKey()));
        // An expanded key given as the private key comes back as it is.
        assertArrayEquals(dk, kem.engineExpandedPrivateKey(PrivateKey.of(alg, dk)));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void expandedKey_hasTheFips203LayoutAndDecapsulatesLikeTheSeed(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        KeyPair pair = kem.generateKeyPair();
        byte[] dk = kem.engineExpandedPrivateKey(pair.privateKey());
        int k = switch (alg.name()) {
            case "ML-KEM-512" -> 2;
            case "ML-KEM-768" -> 3;
            default -> 4;
        };
        assertEquals(768 * k + 96, dk.length);
        // dk = dk_PKE || ek || H(ek) || z (FIPS 203 algorithm 16); z is the seed's second half.
        assertArrayEquals(pair.publicKey().encoded(), Arrays.copyOfRange(dk, 384 * k, 768 * k + 32));
        byte[] seed = pair.privateKey().rawBytes(dev.qsafe.api.SecretAccess.INSECURE);
        assertArrayEquals(Arrays.copyOfRange(seed, 32, 64), Arrays.copyOfRange(dk, dk.length - 32, dk.length));
        var encapsulation = kem.encapsulate(pair.publicKey());
        assertEquals(encapsulation.sharedSecret(), kem.decapsulate(PrivateKey.of(alg, dk), encapsulation.ciphertext()));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("engines")
    void destroyedOrForeignKey_invalidKey(Algorithm alg, String provider) {
        KemSpi kem = PqcEngines.kem(alg, provider);
        PrivateKey key = kem.generateKeyPair().privateKey();
        key.destroy();
        assertThrows(InvalidKeyException.class, () -> kem.engineExpandedPrivateKey(key));
        Algorithm other = alg.equals(Algorithm.ML_KEM_768) ? Algorithm.ML_KEM_512 : Algorithm.ML_KEM_768;
        PrivateKey foreign = PqcEngines.kem(other, provider).generateKeyPair().privateKey();
        assertThrows(InvalidKeyException.class, () -> kem.engineExpandedPrivateKey(foreign));
    }
}

package dev.qsafe.tests.hybrid;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.tests.Vectors;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.provider.Arguments;
import tools.jackson.databind.JsonNode;

/**
 * The hybrid engines under test, found through the registry's discovery as an application finds them,
 * and what the hybrid tests share.
 */
final class HybridEngines {
    /** The provider this module ships; it must be among the engines of every hybrid algorithm. */
    static final String HYBRID = "hybrid";

    private static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    private HybridEngines() {
    }

    /** The registry, discovered once with the default configuration. */
    static CryptoRegistry registry() {
        return REGISTRY;
    }

    /** The providers of {@code algorithm}; asserts that {@value #HYBRID} is among them. */
    static List<String> providersOf(Algorithm algorithm) {
        List<String> names = REGISTRY.providersOf(algorithm);
        assertTrue(names.contains(HYBRID), () -> HYBRID + " does not provide " + algorithm + ": " + REGISTRY.providers());
        return names;
    }

    /** One {@code (algorithm, provider)} argument pair per discovered engine of each algorithm. */
    static Stream<Arguments> engines(Algorithm... algorithms) {
        return Stream.of(algorithms).flatMap(a -> providersOf(a).stream().map(p -> Arguments.of(a, p)));
    }

    /** The KEM engine of one provider. */
    static KemSpi kem(Algorithm algorithm, String provider) {
        return REGISTRY.kem(algorithm, provider);
    }

    /** The signature engine of one provider. */
    static SignatureSpi signature(Algorithm algorithm, String provider) {
        return REGISTRY.signature(algorithm, provider);
    }

    /** The composite ML-DSA vector file (top level {@code m}, {@code ctx}, {@code tests[]}), read once. */
    static JsonNode compositeVectors() {
        return CompositeFile.JSON;
    }

    /** The composite vector file's test of {@code alg}, whose tcId is {@code "id-" + alg.name()}. */
    static JsonNode compositeVector(Algorithm alg) {
        return StreamSupport.stream(CompositeFile.JSON.get("tests").spliterator(), false)
                .filter(t -> t.get("tcId").asString().equals("id-" + alg.name())).findFirst()
                .orElseThrow(() -> new AssertionError(CompositeFile.NAME + " has no test for " + alg));
    }

    /** Decodes the base64 string in {@code node.field}. */
    static byte[] base64(JsonNode node, String field) {
        return Base64.getDecoder().decode(node.get(field).asString());
    }

    /** {@code length} bytes of {@code value}. */
    static byte[] bytes(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** A copy of {@code data} with the lowest bit of byte {@code position} flipped. */
    static byte[] flipped(byte[] data, int position) {
        byte[] copy = data.clone();
        copy[position] ^= 0x01;
        return copy;
    }

    /** Holder: the composite vector file is parsed when first needed. */
    private static final class CompositeFile {
        static final String NAME = "composite-mldsa/testvectors.json.gz";
        static final JsonNode JSON = Vectors.json(NAME);
    }

    /** Random bytes, for test inputs that only need to differ. */
    static byte[] random(int length) {
        byte[] b = new byte[length];
        new SecureRandom().nextBytes(b);
        return b;
    }
}

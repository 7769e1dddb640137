package dev.qsafe.tests.pqc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The engines under test, found only through the registry's discovery, exactly as an application
 * finds them: every test runs against every active provider of its algorithm.
 */
final class PqcEngines {
    /** The provider this module ships; it must be among the engines of every post-quantum algorithm. */
    static final String BC_PQC = "bc-pqc";

    private static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    private PqcEngines() {
    }

    /** The registry, discovered once with the default configuration. */
    static CryptoRegistry registry() {
        return REGISTRY;
    }

    /**
     * The names of the providers of {@code algorithm}; asserts there is at least one and that
     * {@value #BC_PQC} is among them, so that a discovery failure fails the tests instead of
     * leaving them with nothing to run.
     */
    static List<String> providersOf(Algorithm algorithm) {
        List<String> names = REGISTRY.providersOf(algorithm);
        assertFalse(names.isEmpty(), () -> "no provider of " + algorithm + " discovered: " + REGISTRY.providers());
        assertTrue(names.contains(BC_PQC), () -> BC_PQC + " does not provide " + algorithm + ": " + REGISTRY.providers());
        return names;
    }

    /**
     * Engines that sign ML-DSA hedged only and take seed-form private keys only (accp: ACCP 2.5.0 has no
     * deterministic variant, no caller-chosen rnd and no expanded keys; conscrypt: Conscrypt 2.9.0 neither,
     * and what it hands to ACCP keeps ACCP's limits; docs/PROVIDERS.md).
     */
    static final java.util.Set<String> HEDGED_ONLY = java.util.Set.of("accp", "conscrypt");

    /** Skips, with the reason, when {@code provider} cannot sign with chosen randomness or take an expanded key. */
    static void assumeDerandomized(String... providers) {
        for (String provider : providers) {
            org.junit.jupiter.api.Assumptions.assumeFalse(HEDGED_ONLY.contains(provider), () -> provider
                    + " signs ML-DSA hedged only and takes seed-form keys only (ACCP 2.5.0, Conscrypt 2.9.0; docs/PROVIDERS.md); "
                    + "its argument checks and refusals are tested in HwaccelEnginesTest");
        }
    }

    /** One {@code (algorithm, provider)} argument pair per discovered engine of each algorithm. */
    static Stream<Arguments> engines(Algorithm... algorithms) {
        return Stream.of(algorithms).flatMap(a -> providersOf(a).stream().map(p -> Arguments.of(a, p)));
    }

    /**
     * One {@code (algorithm, producer, consumer)} argument triple per ordered pair of discovered engines
     * of each algorithm (an engine paired with itself included), for interop tests.
     */
    static Stream<Arguments> enginePairs(Algorithm... algorithms) {
        return Stream.of(algorithms).flatMap(a -> providersOf(a).stream()
                .flatMap(p -> providersOf(a).stream().map(q -> Arguments.of(a, p, q))));
    }

    /** The KEM engine of one provider. */
    static KemSpi kem(Algorithm algorithm, String provider) {
        return REGISTRY.kem(algorithm, provider);
    }

    /** The signature engine of one provider. */
    static SignatureSpi signature(Algorithm algorithm, String provider) {
        return REGISTRY.signature(algorithm, provider);
    }
}

package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.util.List;

/**
 * The one registry the classical tests share, and the list of engines each conformance test must run
 * against: every provider the registry found for an algorithm, which must include both classical
 * providers, so that a discovery failure fails the tests instead of making them pass vacuously.
 */
final class ClassicalEngines {
    /** The JDK-backed provider's name. */
    static final String JDK = "jdk-classical";
    /** The Bouncy Castle-backed provider's name. */
    static final String BC = "bc-classical";

    /** Providers discovered on the module path, with the default configuration. */
    static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    private ClassicalEngines() {
    }

    /** Every provider of {@code algorithm}, in selection order; asserts both classical ones are there. */
    static List<String> providersOf(Algorithm algorithm) {
        List<String> providers = REGISTRY.providersOf(algorithm);
        assertTrue(providers.containsAll(List.of(JDK, BC)), () -> algorithm + " is offered by " + providers
                + ", which lacks a classical provider; discovered: " + REGISTRY.providers());
        return providers;
    }
}

package dev.qsafe.tests.hpke;

import dev.qsafe.api.Algorithm;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * The engines HPKE is tested on, found through discovery as an application finds them: the default
 * registry, and registries that pin each algorithm of a suite to one provider so that every engine
 * combination can be exercised.
 */
final class HpkeEngines {
    /** The KEMs that have an HPKE identifier, in the order of the design's mode table. */
    static final List<Algorithm> KEMS = List.of(Algorithm.DHKEM_X25519, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024,
            Algorithm.X_WING);
    /** The AEADs that have an HPKE identifier. */
    static final List<Algorithm> AEADS = List.of(Algorithm.AES_128_GCM, Algorithm.AES_256_GCM, Algorithm.CHACHA20_POLY1305);

    private static final CryptoRegistry DEFAULT = CryptoRegistry.discover(RegistryConfig.defaults());
    private static final Map<Map<Algorithm, String>, CryptoRegistry> PINNED = new ConcurrentHashMap<>();

    private HpkeEngines() {
    }

    /** The registry with the default configuration: the engines an application gets. */
    static CryptoRegistry registry() {
        return DEFAULT;
    }

    /** A registry in which each algorithm of {@code pins} uses only the provider it maps to (cached). */
    static CryptoRegistry pinned(Map<Algorithm, String> pins) {
        return PINNED.computeIfAbsent(Map.copyOf(pins), p -> {
            RegistryConfig.Builder config = RegistryConfig.newBuilder();
            p.forEach(config::pin);
            return CryptoRegistry.discover(config.build());
        });
    }

    /** The active providers of {@code algorithm} in the default registry, in selection order. */
    static List<String> providersOf(Algorithm algorithm) {
        return DEFAULT.providersOf(algorithm);
    }

    /**
     * Skips the calling test, with the reason, when no discovered provider implements {@code kem}
     * (X-Wing until provider-hybrid ships it).
     */
    static void assumeEngine(Algorithm kem) {
        Assumptions.assumeFalse(DEFAULT.providersOf(kem).isEmpty(), () -> "skipped: no discovered provider implements "
                + kem + " (provider-hybrid does not ship it yet); this test runs once one does");
    }
}

package dev.qsafe.tests.hwaccel;

import dev.qsafe.api.Algorithm;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

/** The registry the native-engine tests share, and the pairs of engines they run over. */
final class NativeEngines {
    /** The two native providers of provider-hwaccel. */
    static final List<String> NATIVE = List.of("conscrypt", "accp");

    static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    private NativeEngines() {
    }

    static ProviderStatus status(String provider) {
        return REGISTRY.providers().stream().filter(p -> p.name().equals(provider)).findFirst()
                .orElseThrow(() -> new AssertionError(provider + " was not discovered: " + REGISTRY.providers()));
    }

    /** Skips, with the reason the provider gives, when a native provider is not active here. */
    static void assumeActive(String provider) {
        ProviderStatus s = status(provider);
        Assumptions.assumeTrue(s.state() == ProviderStatus.State.ACTIVE,
                () -> provider + " is " + s.state() + " here: " + s.reason() + " (NativeFallbackTest covers this case)");
    }

    /**
     * Every ordered pair (producer, consumer) of distinct providers of {@code algorithm} in which at
     * least one is native: what one produces, the other must accept, both ways.
     */
    static Stream<Arguments> pairsWithANativeEngine(Algorithm... algorithms) {
        List<Arguments> pairs = Stream.of(algorithms).flatMap(a -> {
            List<String> providers = REGISTRY.providersOf(a);
            return providers.stream().flatMap(p -> providers.stream().filter(q -> !q.equals(p))
                    .filter(q -> NATIVE.contains(p) || NATIVE.contains(q)).map(q -> Arguments.of(a, p, q)));
        }).toList();
        // With no native engine active, one pair of them, which the test skips with their reason.
        return pairs.isEmpty() ? Stream.of(Arguments.of(algorithms[0], NATIVE.get(0), NATIVE.get(1))) : pairs.stream();
    }
}

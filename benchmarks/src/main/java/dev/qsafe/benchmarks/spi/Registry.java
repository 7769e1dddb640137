package dev.qsafe.benchmarks.spi;

import dev.qsafe.api.Algorithm;
import dev.qsafe.runtime.registry.CryptoRegistry;

/** The registry every benchmark of a JVM shares, discovered once as an application would. */
public final class Registry {
    private static volatile CryptoRegistry registry;

    private Registry() {
    }

    /** {@link CryptoRegistry#discover()}, once per JVM. */
    public static CryptoRegistry get() {
        CryptoRegistry r = registry;
        if (r == null) {
            synchronized (Registry.class) {
                r = registry;
                if (r == null) {
                    r = CryptoRegistry.discover();
                    registry = r;
                }
            }
        }
        return r;
    }

    /**
     * The well-known algorithm of this name.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static Algorithm algorithm(String name) {
        return Algorithm.wellKnown().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no well-known algorithm named '" + name + "'"));
    }
}

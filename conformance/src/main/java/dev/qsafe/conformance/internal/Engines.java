package dev.qsafe.conformance.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.Xof;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.api.spi.XofSpi;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The engines cases run on: for an algorithm, every active provider the registry found, optionally
 * restricted to one provider; and the algorithms vector files name.
 */
final class Engines {
    private final CryptoRegistry registry;
    private final String only;

    /** @param only the one provider to run, or {@code null} for all */
    Engines(CryptoRegistry registry, String only) {
        this.registry = registry;
        this.only = only;
    }

    /** The algorithm of this name (case-insensitive): one a provider defines, or a well-known one. */
    Optional<Algorithm> algorithm(String name) {
        return Stream.concat(registry.algorithms().stream(), Algorithm.wellKnown().stream())
                .filter(a -> a.name().equalsIgnoreCase(name.trim())).findFirst();
    }

    /** The algorithm of this kind with this HPKE identifier, if qsafe has one. */
    Optional<Algorithm> hpke(AlgorithmKind kind, int id) {
        return Stream.concat(registry.algorithms().stream(), Algorithm.wellKnown().stream())
                .filter(a -> a.kind() == kind && a.hpkeId() == id).findFirst();
    }

    /** The providers whose engine for {@code algorithm} is to run, in selection order. */
    List<String> providers(Algorithm algorithm) {
        return registry.providersOf(algorithm).stream().filter(p -> only == null || only.equals(p)).toList();
    }

    /** Every provider of {@code algorithm}, whatever the restriction (for combinations of engines). */
    List<String> allProviders(Algorithm algorithm) {
        return registry.providersOf(algorithm);
    }

    /** Whether the run is restricted to one provider. */
    boolean restricted() {
        return only != null;
    }

    /** Whether {@code provider} is to run (for combinations of engines). */
    boolean selected(String provider) {
        return only == null || only.equals(provider);
    }

    /** Why no engine of {@code algorithm} runs (when {@link #providers} is empty). */
    String noEngine(Algorithm algorithm) {
        if (!registry.providersOf(algorithm).isEmpty()) {
            return "engine '" + only + "' does not implement " + algorithm.name();
        }
        return "no engine implements " + algorithm.name();
    }

    /**
     * The kind of {@link #noEngine}: the restriction to one provider, or a qsafe algorithm none of whose
     * engines is active (every provider of it excluded or failed), which is not a documented absence.
     */
    SkipKind noEngineKind(Algorithm algorithm) {
        return registry.providersOf(algorithm).isEmpty() ? SkipKind.OTHER : SkipKind.NOT_SELECTED;
    }

    /** Why nothing runs cases of an algorithm qsafe does not know. */
    static String unknown(String algorithmName) {
        return "no engine implements " + algorithmName + " (not a qsafe algorithm)";
    }

    /** The engines of {@code algorithm}, created by {@code factory} from the registry when first used. */
    <E> List<NamedEngine<E>> named(Algorithm algorithm, BiFunction<Algorithm, String, E> factory) {
        return providers(algorithm).stream().map(p -> new NamedEngine<>(p, () -> factory.apply(algorithm, p))).toList();
    }

    /** A provider's KEM engine. */
    KemSpi kem(Algorithm algorithm, String provider) {
        return registry.kem(algorithm, provider);
    }

    /** A provider's signature engine. */
    SignatureSpi signature(Algorithm algorithm, String provider) {
        return registry.signature(algorithm, provider);
    }

    /** A provider's AEAD engine. */
    AeadSpi aead(Algorithm algorithm, String provider) {
        return registry.aead(algorithm, provider);
    }

    /** A provider's KDF engine. */
    KdfSpi kdf(Algorithm algorithm, String provider) {
        return registry.kdf(algorithm, provider);
    }

    /**
     * The selected SHAKE256 engine, which computes the ML-DSA message representative for
     * internal-interface vectors.
     *
     * @throws UnsupportedAlgorithmException if there is none (the case is then skipped)
     */
    Xof shake256() {
        return registry.xof(Algorithm.SHAKE256);
    }

    /**
     * The selected SHAKE128 engine, the stream and the accumulator of the CCTV accumulated tests (the
     * registry hands out the SPI type, which has the incremental interface).
     *
     * @throws UnsupportedAlgorithmException if there is none (the case is then skipped)
     */
    XofSpi shake128() {
        return registry.xof(Algorithm.SHAKE128);
    }
}

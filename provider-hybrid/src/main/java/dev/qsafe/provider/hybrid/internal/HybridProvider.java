package dev.qsafe.provider.hybrid.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.api.spi.EngineLookup;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.KeyAgreementSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code hybrid} provider: X-Wing (ML-KEM-768 + X25519) and composite ML-DSA-44/65 + Ed25519,
 * built over the component engines the registry selects.
 *
 * <p>It imports no other provider: the registry hands it an {@link EngineLookup} through
 * {@link #engineAttach}, and each engine resolves its components there when it is created (the registry
 * then caches it). X-Wing needs ML-KEM-768, SHAKE256 and a DHKEM-X25519 engine that also offers raw
 * X25519 ({@link KeyAgreementSpi}); the composites need their ML-DSA parameter set and Ed25519. If a
 * component is missing, creating the engine fails with an {@link UnsupportedAlgorithmException} that
 * names it, and the registry reports the hybrid algorithm as having no engine.
 *
 * <p>Weight: {@value #WEIGHT} for every algorithm, the typical pure-Java weight; the speed is that of the
 * components. Always {@linkplain #availability() available}: components are checked per engine.
 */
public final class HybridProvider implements CryptoProvider {
    /** The weight of every algorithm of this provider. */
    static final int WEIGHT = 100;

    private static final Set<Algorithm> ALGORITHMS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            Algorithm.X_WING, Algorithm.MLDSA65_ED25519, Algorithm.MLDSA44_ED25519)));

    private volatile EngineLookup lookup;

    /** Cheap: does no work. */
    public HybridProvider() {
    }

    @Override
    public String name() {
        return "hybrid";
    }

    @Override
    public String description() {
        return "hybrid constructions over the engines the registry selects";
    }

    /** Always available; whether the components are is checked when an engine is created. */
    @Override
    public Availability availability() {
        return Availability.available("pure Java over the selected component engines, which are resolved per engine");
    }

    @Override
    public Set<Algorithm> algorithms() {
        return ALGORITHMS;
    }

    /**
     * {@value #WEIGHT} for every algorithm of this provider.
     *
     * @throws UnsupportedAlgorithmException for an algorithm it does not implement
     */
    @Override
    public int weight(Algorithm algorithm) {
        if (!ALGORITHMS.contains(algorithm)) {
            throw new UnsupportedAlgorithmException("provider '" + name() + "' does not implement " + algorithm);
        }
        return WEIGHT;
    }

    /** Keeps the registry's lookup; components are resolved only when an engine is created. */
    @Override
    public void engineAttach(EngineLookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * Creates the X-Wing engine over the selected ML-KEM-768, DHKEM-X25519 and SHAKE256 engines.
     *
     * @throws UnsupportedAlgorithmException naming the component that is missing or unsuitable
     */
    @Override
    public KemSpi engineKem(Algorithm algorithm) {
        if (!Algorithm.X_WING.equals(algorithm)) {
            return CryptoProvider.super.engineKem(algorithm);
        }
        EngineLookup l = attached(algorithm);
        KemSpi mlKem = component(algorithm, Algorithm.ML_KEM_768, () -> l.kem(Algorithm.ML_KEM_768));
        KemSpi dhKem = component(algorithm, Algorithm.DHKEM_X25519, () -> l.kem(Algorithm.DHKEM_X25519));
        if (!(dhKem instanceof KeyAgreementSpi x25519)) {
            throw new UnsupportedAlgorithmException(algorithm + " needs raw X25519, but the selected "
                    + Algorithm.DHKEM_X25519 + " engine (" + dhKem.getClass().getName() + ") does not implement "
                    + KeyAgreementSpi.class.getSimpleName() + "; pin " + Algorithm.DHKEM_X25519
                    + " to a provider whose engine does");
        }
        return new XWingEngine(mlKem, dhKem, x25519, component(algorithm, Algorithm.SHAKE256, () -> l.xof(Algorithm.SHAKE256)),
                SharedRandom.INSTANCE);
    }

    /**
     * Creates a composite ML-DSA engine over the selected ML-DSA and Ed25519 engines.
     *
     * @throws UnsupportedAlgorithmException naming the component that is missing
     */
    @Override
    public SignatureSpi engineSignature(Algorithm algorithm) {
        for (CompositeMlDsaEngine.Variant v : CompositeMlDsaEngine.Variant.values()) {
            if (v.algorithm().equals(algorithm)) {
                EngineLookup l = attached(algorithm);
                return new CompositeMlDsaEngine(v, component(algorithm, v.mlDsa(), () -> l.signature(v.mlDsa())),
                        component(algorithm, Algorithm.ED25519, () -> l.signature(Algorithm.ED25519)));
            }
        }
        return CryptoProvider.super.engineSignature(algorithm);
    }

    private EngineLookup attached(Algorithm algorithm) {
        EngineLookup l = lookup;
        if (l == null) {
            throw new UnsupportedAlgorithmException("provider '" + name() + "' builds " + algorithm
                    + " from the engines a registry selects, but no registry has attached it; obtain engines "
                    + "through dev.qsafe.runtime.registry.CryptoRegistry");
        }
        return l;
    }

    /** The component engine {@code resolver} gives, or an error naming the missing component. */
    private static <E> E component(Algorithm algorithm, Algorithm component, Supplier<E> resolver) {
        try {
            return resolver.get();
        } catch (UnsupportedAlgorithmException e) {
            throw new UnsupportedAlgorithmException(algorithm + " needs an engine for " + component
                    + ", and the registry has none: " + e.getMessage(), e);
        }
    }

    /** Holder: the {@link SecureRandom} for X-Wing seeds is created with the first engine, not at discovery. */
    private static final class SharedRandom {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
}

package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.AeadEngine;
import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.DhKemX25519;
import dev.qsafe.provider.toolkit.Ed25519Engine;
import dev.qsafe.provider.toolkit.HkdfEngine;
import dev.qsafe.provider.toolkit.WeightedProvider;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.util.Map;
import java.util.Set;

/**
 * What the two classical providers share: the algorithm set, weights, availability report and engine
 * construction. The engines ({@link DhKemX25519}, {@link Ed25519Engine}, {@link AeadEngine},
 * {@link HkdfEngine}) are written once; a subclass supplies only its library's backends.
 */
abstract class ClassicalProvider extends WeightedProvider {
    /**
     * @param weights the weight of every algorithm the provider can offer (some may turn out to be
     *                missing at run time, see {@link #missingAlgorithms()})
     */
    ClassicalProvider(String name, String description, Map<Algorithm, Integer> weights) {
        super(name, description, weights);
    }

    /** Available unless every algorithm is missing; the note says what it runs on and what is missing. */
    @Override
    public final Availability availability() {
        Map<Algorithm, String> missing = missingAlgorithms();
        if (algorithms().isEmpty()) {
            return Availability.unavailable(runsOn() + ": no algorithm is usable: " + missing);
        }
        return Availability.available(runsOn() + (missing.isEmpty() ? "" : "; not offered: " + missing));
    }

    /** The algorithms with a weight that are not missing here, in {@link Algorithm#wellKnown()} order. */
    @Override
    public final Set<Algorithm> algorithms() {
        return weightedExcept(missingAlgorithms().keySet());
    }

    @Override
    public final KemSpi engineKem(Algorithm algorithm) {
        require(algorithm, Algorithm.DHKEM_X25519.equals(algorithm));
        return new DhKemX25519(x25519(), new HkdfEngine(hkdf(Algorithm.HKDF_SHA256)));
    }

    @Override
    public final SignatureSpi engineSignature(Algorithm algorithm) {
        require(algorithm, Algorithm.ED25519.equals(algorithm));
        return new Ed25519Engine(ed25519());
    }

    @Override
    public final AeadSpi engineAead(Algorithm algorithm) {
        require(algorithm, Algorithm.AES_128_GCM.equals(algorithm) || Algorithm.AES_256_GCM.equals(algorithm)
                || Algorithm.CHACHA20_POLY1305.equals(algorithm));
        return AeadEngine.of(algorithm, Algorithm.CHACHA20_POLY1305.equals(algorithm) ? chaCha20Poly1305() : aesGcm(), true);
    }

    @Override
    public final KdfSpi engineKdf(Algorithm algorithm) {
        require(algorithm, Algorithm.HKDF_SHA256.equals(algorithm) || Algorithm.HKDF_SHA384.equals(algorithm));
        return new HkdfEngine(algorithm, hkdf(algorithm));
    }

    /** What the provider runs on, with versions, for the availability note. */
    abstract String runsOn();

    /** Algorithms this platform cannot offer, each with the reason; empty by default. */
    Map<Algorithm, String> missingAlgorithms() {
        return Map.of();
    }

    /** The library's X25519 function. */
    abstract DhKemX25519.X25519Function x25519();

    /** The library's Ed25519. */
    abstract Ed25519Engine.Backend ed25519();

    /** The library's AES-GCM (any key size). */
    abstract AeadEngine.Backend aesGcm();

    /** The library's ChaCha20-Poly1305. */
    abstract AeadEngine.Backend chaCha20Poly1305();

    /** The library's HKDF of {@code algorithm}: HKDF-SHA256 or HKDF-SHA384. */
    abstract HkdfEngine.Backend hkdf(Algorithm algorithm);

    /**
     * Checks that {@code algorithm} is of the kind the caller creates and offered here.
     *
     * @throws UnsupportedAlgorithmException otherwise
     */
    final void require(Algorithm algorithm, boolean ofThisKind) {
        if (!ofThisKind || !algorithms().contains(algorithm)) {
            throw unsupported(algorithm);
        }
    }
}

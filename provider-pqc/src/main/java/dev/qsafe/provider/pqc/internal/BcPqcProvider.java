package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.api.spi.XofSpi;
import dev.qsafe.provider.toolkit.WeightedProvider;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.SLHDSAParameters;

/**
 * The {@code bc-pqc} provider: ML-KEM-512/768/1024 (FIPS 203), pure ML-DSA-44/65/87 (FIPS 204), pure
 * SLH-DSA-SHA2-128s/128f (FIPS 205) and the SHAKE256 and SHAKE128 XOFs (FIPS 202) on Bouncy Castle's lightweight API,
 * in pure Java.
 *
 * <p>Weight: {@value #WEIGHT} for every algorithm, the typical pure-Java weight of the SPI. It is the
 * only engine of SLH-DSA and of the SHAKE XOFs. For ML-KEM and ML-DSA, {@code jdk-pqc} of this module
 * weighs more where the JDK has them (faster in JMH), and {@code accp}'s ML-DSA weighs less, because it
 * signs hedged only (docs/PROVIDERS.md, "Weights").
 *
 * <p>Cheap to construct: nothing is loaded until an engine is asked for. Engines are thread-safe and
 * share one {@link SecureRandom} (itself thread-safe), created with the first engine.
 */
public final class BcPqcProvider extends WeightedProvider {
    /** The weight of every algorithm of this provider. */
    static final int WEIGHT = 100;

    private static final Map<Algorithm, Function<SecureRandom, KemSpi>> KEMS = new LinkedHashMap<>();
    private static final Map<Algorithm, Function<SecureRandom, SignatureSpi>> SIGNATURES = new LinkedHashMap<>();
    private static final Set<Algorithm> ALGORITHMS;

    static {
        // The Bouncy Castle parameter sets are only touched when an engine is created.
        KEMS.put(Algorithm.ML_KEM_512, r -> new MlKemEngine(Algorithm.ML_KEM_512, MLKEMParameters.ml_kem_512, r));
        KEMS.put(Algorithm.ML_KEM_768, r -> new MlKemEngine(Algorithm.ML_KEM_768, MLKEMParameters.ml_kem_768, r));
        KEMS.put(Algorithm.ML_KEM_1024, r -> new MlKemEngine(Algorithm.ML_KEM_1024, MLKEMParameters.ml_kem_1024, r));
        // FIPS 204 table 1: (k, l, eta) of each parameter set.
        SIGNATURES.put(Algorithm.ML_DSA_44, r -> new MlDsaEngine(Algorithm.ML_DSA_44, MLDSAParameters.ml_dsa_44, 4, 4, 2, r));
        SIGNATURES.put(Algorithm.ML_DSA_65, r -> new MlDsaEngine(Algorithm.ML_DSA_65, MLDSAParameters.ml_dsa_65, 6, 5, 4, r));
        SIGNATURES.put(Algorithm.ML_DSA_87, r -> new MlDsaEngine(Algorithm.ML_DSA_87, MLDSAParameters.ml_dsa_87, 8, 7, 2, r));
        SIGNATURES.put(Algorithm.SLH_DSA_SHA2_128S,
                r -> new SlhDsaEngine(Algorithm.SLH_DSA_SHA2_128S, SLHDSAParameters.sha2_128s, r));
        SIGNATURES.put(Algorithm.SLH_DSA_SHA2_128F,
                r -> new SlhDsaEngine(Algorithm.SLH_DSA_SHA2_128F, SLHDSAParameters.sha2_128f, r));
        Set<Algorithm> all = new LinkedHashSet<>(KEMS.keySet());
        all.addAll(SIGNATURES.keySet());
        all.add(Algorithm.SHAKE256);
        all.add(Algorithm.SHAKE128);
        ALGORITHMS = Collections.unmodifiableSet(all);
    }

    /**
     * The provider's name; also the backend that {@code jdk-pqc} names in
     * {@link dev.qsafe.api.spi.EngineTrace#delegated} when it hands a call to this module's Bouncy Castle engines.
     */
    static final String NAME = "bc-pqc";

    /** Cheap: does no work. */
    public BcPqcProvider() {
        super(NAME, "Bouncy Castle 1.87 lightweight API, pure Java", sameWeight(ALGORITHMS, WEIGHT));
    }

    /** Always available: pure Java, nothing to probe. */
    @Override
    public Availability availability() {
        return Availability.available("pure Java, runs on any JVM");
    }

    @Override
    public Set<Algorithm> algorithms() {
        return ALGORITHMS;
    }

    @Override
    public KemSpi engineKem(Algorithm algorithm) {
        Function<SecureRandom, KemSpi> factory = KEMS.get(algorithm);
        return factory != null ? factory.apply(SharedRandom.INSTANCE) : super.engineKem(algorithm);
    }

    @Override
    public SignatureSpi engineSignature(Algorithm algorithm) {
        Function<SecureRandom, SignatureSpi> factory = SIGNATURES.get(algorithm);
        return factory != null ? factory.apply(SharedRandom.INSTANCE) : super.engineSignature(algorithm);
    }

    @Override
    public XofSpi engineXof(Algorithm algorithm) {
        if (Algorithm.SHAKE256.equals(algorithm)) {
            return new Shake256Engine();
        }
        return Algorithm.SHAKE128.equals(algorithm) ? new Shake128Engine() : super.engineXof(algorithm);
    }

    /** Bouncy Castle's engine for {@code algorithm}, for checks by the other provider of this module. */
    static SignatureSpi verifier(Algorithm algorithm) {
        return SIGNATURES.get(algorithm).apply(SharedRandom.INSTANCE);
    }

    /** Holder: the shared {@link SecureRandom} is created with the first engine, not at discovery. */
    private static final class SharedRandom {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
}

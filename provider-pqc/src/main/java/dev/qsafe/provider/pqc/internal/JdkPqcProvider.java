package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.provider.toolkit.SelfTests;
import dev.qsafe.provider.toolkit.WeightedProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;

/**
 * The {@code jdk-pqc} provider: the JDK's own ML-KEM (SunJCE) and ML-DSA (SUN), JDK 24+, pure Java.
 * qsafe's seed private keys are expanded once per key by the JDK's own key generators (see
 * {@link JdkMlKemEngine}, {@link JdkMlDsaEngine}). What the JDK 25's ML-DSA cannot do (a context string,
 * deterministic or caller-{@code rnd} signing, external mu, expanded private keys) is done by Bouncy
 * Castle's engine of this module on the same keys, as {@link JdkMlDsaEngine} documents.
 *
 * <p>Available when the JDK has the services (otherwise unavailable, with the reason). Each parameter set
 * is self-tested when its engine is first asked for, once per provider instance: derive a key pair from a
 * fixed seed (the public key must be Bouncy Castle's for that seed), then an encapsulation round trip
 * (ML-KEM) or a JDK signature that Bouncy Castle verifies (ML-DSA). A command that uses ML-KEM-768 does not
 * pay for the other five, and no engine is handed out before its own test passed; a parameter set whose
 * test failed is refused with the reason ({@link UnsupportedAlgorithmException}, so the registry takes the
 * next candidate) and is named in the availability note.
 */
public final class JdkPqcProvider extends WeightedProvider {
    /**
     * Weight of every algorithm, above bc-pqc's 100. Source: JMH on the project's reference machine
     * (docs/BENCHMARKS.md): the JDK's ML-KEM-768 decapsulates about 1.7x and ML-DSA-65 signs about 1.5x
     * faster than raw Bouncy Castle.
     */
    static final int WEIGHT = 110;

    /**
     * An ML-KEM parameter set.
     *
     * @param bc     Bouncy Castle's parameter set (for the self-test only)
     * @param k      the FIPS 203 module rank
     * @param oidArc the last arc of its OID 2.16.840.1.101.3.4.4.x
     */
    private record KemParameters(MLKEMParameters bc, int k, int oidArc) {
    }

    /**
     * An ML-DSA parameter set.
     *
     * @param bc        Bouncy Castle's parameter set (for the Bouncy Castle paths and the self-test)
     * @param k         FIPS 204 table 1 dimension k
     * @param l         FIPS 204 table 1 dimension l
     * @param eta       FIPS 204 table 1 eta
     * @param oidArc    the last arc of its OID 2.16.840.1.101.3.4.3.x
     */
    private record DsaParameters(MLDSAParameters bc, int k, int l, int eta, int oidArc) {
    }

    private static final Map<Algorithm, KemParameters> KEMS = new LinkedHashMap<>();
    private static final Map<Algorithm, DsaParameters> SIGNATURES = new LinkedHashMap<>();
    private static final Set<Algorithm> ALGORITHMS;

    static {
        KEMS.put(Algorithm.ML_KEM_512, new KemParameters(MLKEMParameters.ml_kem_512, 2, 1));
        KEMS.put(Algorithm.ML_KEM_768, new KemParameters(MLKEMParameters.ml_kem_768, 3, 2));
        KEMS.put(Algorithm.ML_KEM_1024, new KemParameters(MLKEMParameters.ml_kem_1024, 4, 3));
        SIGNATURES.put(Algorithm.ML_DSA_44, new DsaParameters(MLDSAParameters.ml_dsa_44, 4, 4, 2, 0x11));
        SIGNATURES.put(Algorithm.ML_DSA_65, new DsaParameters(MLDSAParameters.ml_dsa_65, 6, 5, 4, 0x12));
        SIGNATURES.put(Algorithm.ML_DSA_87, new DsaParameters(MLDSAParameters.ml_dsa_87, 8, 7, 2, 0x13));
        Set<Algorithm> all = new LinkedHashSet<>(KEMS.keySet());
        all.addAll(SIGNATURES.keySet());
        ALGORITHMS = Collections.unmodifiableSet(all);
    }

    private static final String PASSED = SelfTests.PASSED;

    private volatile Availability availability;
    /** Per parameter set: passed, or why its self-test failed. */
    private final SelfTests tested = new SelfTests();

    /** Runs one parameter set's self-test: {@link #PASSED} or why it failed. */
    private final java.util.function.Function<Algorithm, String> selfTest;

    /** Cheap: does no work; the JDK is probed when availability is first asked. */
    public JdkPqcProvider() {
        this(JdkPqcProvider::selfTest);
    }

    /** With another self-test (tests of the failure path). */
    JdkPqcProvider(java.util.function.Function<Algorithm, String> selfTest) {
        super("jdk-pqc", "JDK ML-KEM (SunJCE) and ML-DSA (SUN), pure Java; ML-DSA contexts and derandomized signing by Bouncy Castle",
                sameWeight(ALGORITHMS, WEIGHT));
        this.selfTest = selfTest;
    }

    /** The parameter sets self-tested so far (passed or failed). */
    Set<Algorithm> selfTested() {
        return tested.tested();
    }

    /**
     * Available when the JDK has the ML-KEM and ML-DSA services; the note names every parameter set whose
     * self-test failed so far (each is tested when first used).
     */
    @Override
    public Availability availability() {
        Availability a = services();
        if (!a.available()) {
            return a;
        }
        Map<Algorithm, String> failed = tested.failed();
        if (failed.isEmpty()) {
            return a;
        }
        if (failed.size() == ALGORITHMS.size()) {
            return Availability.unavailable(a.reason() + "; every parameter set failed its self-test: " + failed);
        }
        return Availability.available(a.reason() + "; not offered: " + failed.entrySet().stream()
                .map(e -> e.getKey().name() + " (" + e.getValue() + ")").collect(java.util.stream.Collectors.joining(", ")));
    }

    private Availability services() {
        Availability a = availability;
        if (a == null) {
            a = probe();
            availability = a;
        }
        return a;
    }

    /**
     * ML-KEM and ML-DSA in all three parameter sets, without probing the JDK (discovery asks this of every
     * provider; the probe runs when availability is asked, and an unavailable provider is never used).
     */
    @Override
    public Set<Algorithm> algorithms() {
        return ALGORITHMS;
    }

    @Override
    public KemSpi engineKem(Algorithm algorithm) {
        if (!KEMS.containsKey(algorithm)) {
            return super.engineKem(algorithm);
        }
        requireTested(algorithm);
        return kem(algorithm, sunJce(), SharedRandom.INSTANCE);
    }

    @Override
    public SignatureSpi engineSignature(Algorithm algorithm) {
        if (!SIGNATURES.containsKey(algorithm)) {
            return super.engineSignature(algorithm);
        }
        requireTested(algorithm);
        return signature(algorithm, sun(), SharedRandom.INSTANCE);
    }

    /** The JDK has the services and {@code algorithm} passed its self-test (run now if it has not run yet). */
    private void requireTested(Algorithm algorithm) {
        Availability a = services();
        if (!a.available()) {
            throw new UnsupportedAlgorithmException("provider '" + name() + "' is unavailable: " + a.reason());
        }
        String r = tested.run(algorithm, () -> selfTest.apply(algorithm));
        if (!r.equals(PASSED)) {
            throw new UnsupportedAlgorithmException("provider '" + name() + "' does not offer " + algorithm + " here: " + r);
        }
    }

    private static JdkMlKemEngine kem(Algorithm algorithm, Provider jdk, SecureRandom random) {
        KemParameters p = KEMS.get(algorithm);
        return new JdkMlKemEngine(algorithm, p.k(), p.oidArc(), jdk, random, new MlKemEngine(algorithm, p.bc(), random));
    }

    private static JdkMlDsaEngine signature(Algorithm algorithm, Provider jdk, SecureRandom random) {
        DsaParameters p = SIGNATURES.get(algorithm);
        MlDsaEngine bc = new MlDsaEngine(algorithm, p.bc(), p.k(), p.l(), p.eta(), random);
        return new JdkMlDsaEngine(algorithm, p.oidArc(), jdk, random, bc);
    }

    private static Provider sunJce() {
        return Security.getProvider("SunJCE");
    }

    private static Provider sun() {
        return Security.getProvider("SUN");
    }

    /** Looks for the JDK's services (the self-tests run per parameter set, {@link #selfTest}). */
    private static Availability probe() {
        Provider kemProvider = sunJce();
        Provider dsaProvider = sun();
        if (kemProvider == null || dsaProvider == null) {
            return Availability.unavailable("this JDK lacks the SunJCE or SUN provider");
        }
        if (kemProvider.getService("KEM", "ML-KEM") == null || kemProvider.getService("KeyFactory", "ML-KEM") == null
                || kemProvider.getService("KeyPairGenerator", "ML-KEM") == null
                || dsaProvider.getService("Signature", "ML-DSA") == null || dsaProvider.getService("KeyFactory", "ML-DSA") == null
                || dsaProvider.getService("KeyPairGenerator", "ML-DSA") == null) {
            return Availability.unavailable("this JDK (" + Runtime.version() + ") has no ML-KEM or ML-DSA; it needs JDK 24 or later");
        }
        return Availability.available("JDK " + Runtime.version()
                + " SunJCE ML-KEM and SUN ML-DSA; each parameter set is self-tested when first used");
    }

    /** The self-test described on the class for one parameter set: {@link #PASSED}, or why it failed. */
    static String selfTest(Algorithm algorithm) {
        byte[] seed = new byte[64];
        Arrays.fill(seed, (byte) 0x5a);
        SecureRandom random = new SecureRandom();
        try {
            if (KEMS.containsKey(algorithm)) {
                JdkMlKemEngine engine = kem(algorithm, sunJce(), random);
                KeyPair pair = engine.deriveKeyPair(seed);
                byte[] expected = new MLKEMPrivateKeyParameters(KEMS.get(algorithm).bc(), seed).getPublicKey();
                if (!MessageDigest.isEqual(expected, pair.publicKey().encoded())) {
                    return "self-test failed: the JDK's " + algorithm.name()
                            + " key generator, fed a seed, did not give the FIPS 203 key of that seed";
                }
                Encapsulation e = engine.encapsulate(pair.publicKey());
                byte[] sent = e.sharedSecret().rawBytes(SecretAccess.INSECURE);
                byte[] received = engine.decapsulate(pair.privateKey(), e.ciphertext()).rawBytes(SecretAccess.INSECURE);
                pair.privateKey().destroy();
                if (!MessageDigest.isEqual(sent, received)) {
                    return "self-test failed: " + algorithm.name() + " round trip gave two different secrets";
                }
                return PASSED;
            }
            byte[] xi = Arrays.copyOf(seed, 32);
            byte[] message = "jdk-pqc self-test".getBytes(StandardCharsets.US_ASCII);
            JdkMlDsaEngine engine = signature(algorithm, sun(), random);
            KeyPair pair = engine.deriveKeyPair(xi);
            byte[] expected = new MLDSAPrivateKeyParameters(SIGNATURES.get(algorithm).bc(), xi).getPublicKey();
            if (!MessageDigest.isEqual(expected, pair.publicKey().encoded())) {
                return "self-test failed: the JDK's " + algorithm.name()
                        + " key generator, fed a seed, did not give the FIPS 204 key of that seed";
            }
            byte[] signature = engine.sign(pair.privateKey(), message, new byte[0]);
            pair.privateKey().destroy();
            // Bouncy Castle must accept the JDK's signature.
            BcPqcProvider.verifier(algorithm).verify(pair.publicKey(), message, signature, new byte[0]);
            return PASSED;
        } catch (RuntimeException e) {
            return "self-test failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Holder: the shared {@link SecureRandom} is created with the first engine, not at discovery. */
    private static final class SharedRandom {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
}

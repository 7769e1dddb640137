package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.api.spi.KemSpi;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;

/**
 * The {@code jdk-pqc} provider: ML-KEM-512/768/1024 on the JDK's own implementation (SunJCE, JDK 24+,
 * pure Java); qsafe's seed private keys are expanded once per key by the JDK's own key generator (see
 * {@link JdkMlKemEngine}). Available when the JDK has the services and passes a self-test (derive a key
 * pair from a fixed seed, encapsulate, decapsulate, compare); otherwise unavailable with the reason.
 *
 * <p>ML-DSA is not offered: the JDK's ML-DSA (JDK 24, 25) takes no context string, which composite
 * ML-DSA needs (its ML-DSA component signs under the composite label), and has no deterministic or
 * external-mu interface.
 */
public final class JdkPqcProvider implements CryptoProvider {
    /**
     * Weight of every algorithm, above bc-pqc's 100. Source: JMH on the project's reference machine
     * (docs/BENCHMARKS.md): the JDK's ML-KEM-768 decapsulates 1.7x, encapsulates 1.6x faster than raw
     * Bouncy Castle.
     */
    static final int WEIGHT = 110;

    private static final Map<Algorithm, Object[]> KEMS = new LinkedHashMap<>();

    static {
        // Bouncy Castle's parameter set (for the self-test only), rank k, and the last arc of the OID
        // 2.16.840.1.101.3.4.4.x (FIPS 203 / NIST CSOR).
        KEMS.put(Algorithm.ML_KEM_512, new Object[] {MLKEMParameters.ml_kem_512, 2, 1});
        KEMS.put(Algorithm.ML_KEM_768, new Object[] {MLKEMParameters.ml_kem_768, 3, 2});
        KEMS.put(Algorithm.ML_KEM_1024, new Object[] {MLKEMParameters.ml_kem_1024, 4, 3});
    }

    private volatile Availability availability;

    /** Cheap: does no work; the JDK is probed when availability is first asked. */
    public JdkPqcProvider() {
    }

    @Override
    public String name() {
        return "jdk-pqc";
    }

    @Override
    public String description() {
        return "JDK ML-KEM (SunJCE), pure Java";
    }

    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            a = probe();
            availability = a;
        }
        return a;
    }

    @Override
    public Set<Algorithm> algorithms() {
        return availability().available() ? KEMS.keySet() : Set.of();
    }

    /**
     * {@value #WEIGHT} for every algorithm of this provider.
     *
     * @throws UnsupportedAlgorithmException for an algorithm it does not implement
     */
    @Override
    public int weight(Algorithm algorithm) {
        if (!KEMS.containsKey(algorithm)) {
            throw new UnsupportedAlgorithmException("provider '" + name() + "' does not implement " + algorithm);
        }
        return WEIGHT;
    }

    @Override
    public KemSpi engineKem(Algorithm algorithm) {
        if (!KEMS.containsKey(algorithm)) {
            return CryptoProvider.super.engineKem(algorithm);
        }
        if (!availability().available()) {
            throw new UnsupportedAlgorithmException("provider '" + name() + "' is unavailable: " + availability().reason());
        }
        return engine(algorithm, sunJce(), SharedRandom.INSTANCE);
    }

    private static JdkMlKemEngine engine(Algorithm algorithm, Provider jdk, SecureRandom random) {
        Object[] p = KEMS.get(algorithm);
        return new JdkMlKemEngine(algorithm, (Integer) p[1], (Integer) p[2], jdk, random);
    }

    private static Provider sunJce() {
        return Security.getProvider("SunJCE");
    }

    /**
     * Looks for the JDK's services and, per parameter set, derives a key pair from a fixed seed (which
     * must give Bouncy Castle's public key for that seed: the JDK's generator was fed it in the order
     * FIPS 203 draws it) and runs one encapsulation round trip.
     */
    private static Availability probe() {
        Provider jdk = sunJce();
        if (jdk == null) {
            return Availability.unavailable("this JDK has no SunJCE provider");
        }
        if (jdk.getService("KEM", "ML-KEM") == null || jdk.getService("KeyFactory", "ML-KEM") == null) {
            return Availability.unavailable("this JDK (" + Runtime.version() + ") has no ML-KEM; it needs JDK 24 or later");
        }
        try {
            byte[] seed = new byte[64];
            Arrays.fill(seed, (byte) 0x5a);
            for (Algorithm algorithm : KEMS.keySet()) {
                JdkMlKemEngine engine = engine(algorithm, jdk, new SecureRandom());
                KeyPair pair = engine.deriveKeyPair(seed);
                byte[] expected = new MLKEMPrivateKeyParameters((MLKEMParameters) KEMS.get(algorithm)[0], seed).getPublicKey();
                if (!MessageDigest.isEqual(expected, pair.publicKey().encoded())) {
                    return Availability.unavailable("self-test failed: the JDK's " + algorithm.name()
                            + " key generator, fed a seed, did not give the FIPS 203 key of that seed");
                }
                Encapsulation e = engine.encapsulate(pair.publicKey());
                byte[] sent = e.sharedSecret().rawBytes(SecretAccess.INSECURE);
                byte[] received = engine.decapsulate(pair.privateKey(), e.ciphertext()).rawBytes(SecretAccess.INSECURE);
                pair.privateKey().destroy();
                if (!MessageDigest.isEqual(sent, received)) {
                    return Availability.unavailable("self-test failed: " + algorithm.name() + " round trip gave two different secrets");
                }
            }
        } catch (RuntimeException e) {
            return Availability.unavailable("self-test failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return Availability.available("JDK " + Runtime.version() + " SunJCE ML-KEM, self-test passed");
    }

    /** Holder: the shared {@link SecureRandom} is created with the first engine, not at discovery. */
    private static final class SharedRandom {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
}

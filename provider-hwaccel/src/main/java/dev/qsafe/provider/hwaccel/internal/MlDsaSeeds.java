package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.EngineTrace;
import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.SeedRandom;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * The FIPS 204 public key of an ML-DSA seed {@code xi}, for the native engines that cannot derive it
 * through a public call (ACCP 2.5.0 and Conscrypt 2.9.0 have the computation natively but do not expose
 * it): the JDK's own ML-DSA key-pair generator (SUN, JDK 24+), fed exactly the seed. Every call is
 * announced with {@link EngineTrace#delegated} as backend {@value #BACKEND}.
 */
final class MlDsaSeeds {
    /** The backend named when the JDK's ML-DSA computes something for a native engine. */
    static final String BACKEND = "jdk";
    static final int SEED_LENGTH = 32;

    private MlDsaSeeds() {
    }

    /** The OID of ML-DSA-44, -65 or -87. */
    static byte[] oid(Algorithm algorithm) {
        return Der.mlDsaOid(switch (algorithm.name()) {
            case "ML-DSA-44" -> 0x11;
            case "ML-DSA-65" -> 0x12;
            case "ML-DSA-87" -> 0x13;
            default -> throw new IllegalArgumentException("not ML-DSA: " + algorithm);
        });
    }

    /** Length of the FIPS 204 expanded private key of the parameter set. */
    static int expandedKeyLength(Algorithm algorithm) {
        return switch (algorithm.name()) {
            case "ML-DSA-44" -> 2560;
            case "ML-DSA-65" -> 4032;
            default -> 4896;
        };
    }

    /** FIPS 204 ML-DSA.KeyGen_internal(xi)'s public key, by the JDK's generator fed exactly the seed. */
    static byte[] publicKey(Algorithm algorithm, byte[] seed) {
        EngineTrace.delegated(BACKEND);
        try {
            byte[] x509 = jdkKeyPair(algorithm, seed).getPublic().getEncoded();
            return Arrays.copyOfRange(x509, x509.length - algorithm.publicKeySize(), x509.length);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure(algorithm + " public key derivation", e);
        }
    }

    /** The JDK's key pair (SUN) of FIPS 204 ML-DSA.KeyGen_internal(xi); the caller destroys the private key. */
    static java.security.KeyPair jdkKeyPair(Algorithm algorithm, byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("ML-DSA", "SUN");
        SeedRandom random = new SeedRandom(seed, seed.length);
        generator.initialize(new NamedParameterSpec(algorithm.name()), random);
        java.security.KeyPair pair = generator.generateKeyPair();
        if (!random.consumed()) {
            throw new GeneralSecurityException("the JDK's ML-DSA key generation did not read the seed");
        }
        return pair;
    }
}

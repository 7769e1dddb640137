package dev.qsafe.benchmarks.spi;

import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * KEM key generation, encapsulation and decapsulation through qsafe's SPI, per provider:
 * DHKEM(X25519) (the SPI's form of X25519), ML-KEM-768/1024 and X-Wing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KemSpiBench {
    /** A provider name; the suite runs every provider the registry has for the algorithm. */
    @Param({"jdk-classical", "bc-classical", "bc-pqc", "jdk-pqc", "hybrid", "conscrypt", "accp"})
    public String provider;

    /** The KEM. */
    @Param({"DHKEM-X25519-HKDF-SHA256", "ML-KEM-768", "ML-KEM-1024", "X-Wing"})
    public String algorithm;

    private KemSpi kem;
    private KeyPair keys;
    private byte[] encapsulation;

    @Setup
    public void setup() {
        kem = Registry.get().kem(Registry.algorithm(algorithm), provider);
        keys = keygen();
        Encapsulation e = encaps();
        encapsulation = e.ciphertext();
        if (!e.sharedSecret().equalsConstantTime(decaps())) {
            throw new IllegalStateException(provider + " " + algorithm + " decapsulates another secret");
        }
    }

    @Benchmark
    public KeyPair keygen() {
        return kem.generateKeyPair();
    }

    @Benchmark
    public Encapsulation encaps() {
        return kem.encapsulate(keys.publicKey());
    }

    @Benchmark
    public SecretBytes decaps() {
        return kem.decapsulate(keys.privateKey(), encapsulation);
    }
}

package dev.qsafe.benchmarks.raw;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Provider;
import javax.crypto.KEM;
import javax.crypto.SecretKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** ML-KEM-768 and ML-KEM-1024 key generation, encapsulation and decapsulation, each JCA engine raw ({@code javax.crypto.KEM}). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MlKemRaw {
    /** A raw engine of {@link RawEngines}; the suite keeps only those that work here. */
    @Param({"jdk", "bc", "conscrypt", "accp"})
    public String engine;

    /** The parameter set. */
    @Param({"ML-KEM-768", "ML-KEM-1024"})
    public String algorithm;

    private Provider provider;
    private KeyPair keys;
    private byte[] encapsulation;

    @Setup
    public void setup() throws Exception {
        provider = RawEngines.provider(engine);
        keys = keygen();
        KEM.Encapsulated e = encaps();
        encapsulation = e.encapsulation();
        if (!MessageDigest.isEqual(e.key().getEncoded(), decaps().getEncoded())) {
            throw new IllegalStateException(engine + " " + algorithm + " decapsulates another secret");
        }
    }

    @Benchmark
    public KeyPair keygen() throws Exception {
        return Jca.keyPairGenerator(algorithm, provider).generateKeyPair();
    }

    @Benchmark
    public KEM.Encapsulated encaps() throws Exception {
        return Jca.kem("ML-KEM", provider).newEncapsulator(keys.getPublic()).encapsulate();
    }

    @Benchmark
    public SecretKey decaps() throws Exception {
        return Jca.kem("ML-KEM", provider).newDecapsulator(keys.getPrivate()).decapsulate(encapsulation);
    }
}
